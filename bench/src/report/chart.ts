// The RESULTS.md chart: training samples/s per library, grouped by F, drawn as SVG, rendered by sharp.
import sharp from 'sharp';
import type { LibId } from '../types.js';
import type { BenchResult } from './result.js';

const COLORS: Record<LibId, string> = {
  'digitnet-wasm': '#1a365d',
  'digitnet-wasm-1t': '#2c5282',
  'digitnet-cpu': '#2b6cb0',
  'digitnet-gpu-webgl2': '#d53f8c',
  'digitnet-gpu-headlessgl': '#805ad5',
  'digitnet-gpu-webasm': '#63b3ed',
  'digitnet-gpu-cpu': '#a0aec0',
  'tfjs-wasm': '#dd6b20',
  'tfjs-cpu': '#c53030',
  convnetjs: '#38a169',
  'pytorch-1t': '#744210',
  'pytorch-2t': '#b7791f',
};
const W = 800;
const PLOT_H = 302;
const M = { left: 70, right: 20, top: 48 };
/** The legend: this many libraries a row, a row this tall (the longest name needs ~175 px). */
const LEGEND_COLUMNS = 4;
const LEGEND_ROW = 20;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v || 1));
  return ([1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => s >= v) ?? v) || 1;
}

/** Grouped bars of training samples/s (one group per F, one bar per library), as SVG text. */
export function trainingChartSvg(result: BenchResult): string {
  const factors = [...new Set(result.train.map((t) => t.factor))].sort((a, b) => b - a);
  const libs = (Object.keys(COLORS) as LibId[]).filter((l) =>
    result.train.some((t) => t.lib === l),
  );
  const top = niceMax(Math.max(1, ...result.train.map((t) => t.samplesPerSec)));
  const plotW = W - M.left - M.right;
  const plotH = PLOT_H;
  const legendTop = M.top + plotH + 40;
  const H = legendTop + Math.ceil(libs.length / LEGEND_COLUMNS) * LEGEND_ROW + 8;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const groupW = plotW / Math.max(1, factors.length);
  const barW = (groupW * 0.8) / Math.max(1, libs.length);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="15" font-weight="bold">Training throughput, seed CNN, batch 100 (higher is better)</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (top * i) / 5;
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(3))}</text>`,
    );
  }
  factors.forEach((f, g) => {
    const x0 = M.left + g * groupW + groupW * 0.1;
    libs.forEach((lib, i) => {
      const t = result.train.find((r) => r.factor === f && r.lib === lib);
      if (!t) return;
      const x = x0 + i * barW;
      const h = M.top + plotH - y(t.samplesPerSec);
      parts.push(
        `<rect x="${x + 2}" y="${y(t.samplesPerSec)}" width="${barW - 4}" height="${h}" fill="${COLORS[lib]}"/>`,
        `<text x="${x + barW / 2}" y="${y(t.samplesPerSec) - 4}" text-anchor="middle">${Number(t.samplesPerSec.toPrecision(3))}</text>`,
      );
    });
    parts.push(
      `<text x="${x0 + (libs.length * barW) / 2}" y="${M.top + plotH + 18}" text-anchor="middle" font-weight="bold">F = ${f}</text>`,
    );
  });
  libs.forEach((lib, i) => {
    const lx = M.left + (i % LEGEND_COLUMNS) * (plotW / LEGEND_COLUMNS);
    const ly = legendTop + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${COLORS[lib]}"/>`,
      `<text x="${lx + 18}" y="${ly + 10}">${escapeXml(lib)}</text>`,
    );
  });
  parts.push(
    `<text transform="translate(18 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">samples/s</text>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y(0)}" y2="${y(0)}" stroke="#999"/>`,
    '</svg>',
  );
  return parts.join('\n');
}

/** Renders SVG text to a PNG file. */
export async function writePng(svg: string, path: string): Promise<void> {
  await sharp(Buffer.from(svg)).png().toFile(path);
}
