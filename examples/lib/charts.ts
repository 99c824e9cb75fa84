// Charts the scripts write as PNG: SVG drawn here, rendered by sharp.
import sharp from 'sharp';

/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

const W = 640;
const H = 400;
const M = { left: 64, right: 24, top: 40, bottom: 48 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "Nice" tick values covering [min, max]. */
function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const step = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / nice) * nice; v <= max + nice * 1e-9; v += nice)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** A line chart of one or more series, as SVG text. */
export function lineChartSvg(
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly Series[],
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.08 || 0.01;
  const [y0, y1] = [Math.min(...ys) - pad, Math.max(...ys) + pad];
  const sx = (x: number) => M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const t of ticks(y0, y1)) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e5e5"/>`,
    );
    parts.push(`<text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  for (const t of ticks(x0, x1).filter(Number.isInteger)) {
    parts.push(`<text x="${sx(t)}" y="${H - M.bottom + 18}" text-anchor="middle">${t}</text>`);
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`,
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const d = s.points
      .map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [x, y] of s.points)
      parts.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${s.color}"/>`);
    const ly = M.top + 16 + i * 18;
    parts.push(
      `<rect x="${W - M.right - 150}" y="${ly - 9}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${W - M.right - 132}" y="${ly + 1}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A 10x10 confusion matrix (rows: true label, columns: prediction) as an SVG heat map. */
export function confusionSvg(matrix: readonly (readonly number[])[], title: string): string {
  const cell = 44;
  const left = 70;
  const top = 70;
  const n = matrix.length;
  const size = left + n * cell + 20;
  const max = Math.max(...matrix.flatMap((row, i) => row.filter((_, j) => j !== i)), 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 10}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${size / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${left + (n * cell) / 2}" y="48" text-anchor="middle">predicted</text>`,
    `<text transform="translate(22 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle">true label</text>`,
  ];
  for (let i = 0; i < n; i++) {
    parts.push(
      `<text x="${left + i * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${i}</text>`,
    );
    parts.push(
      `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${i}</text>`,
    );
    for (let j = 0; j < n; j++) {
      const v = matrix[i][j];
      // The diagonal is green; errors are red, darker for more.
      const shade = i === j ? '#cdeccd' : `rgba(220, 40, 40, ${Math.min(1, v / max) * 0.85})`;
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${v === 0 && i !== j ? '#fff' : shade}" stroke="#ddd"/>`,
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle">${v}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** A grid of 28x28 images with a caption under each, as SVG (images embedded as PNG data URLs). */
export async function imageGridSvg(
  images: readonly Uint8Array[],
  captions: readonly string[],
  cols = 8,
): Promise<string> {
  const scale = 3;
  const tile = 28 * scale;
  const cellH = tile + 18;
  const rows = Math.ceil(images.length / cols);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${cols * (tile + 8) + 8}" height="${rows * cellH + 8}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  for (let i = 0; i < images.length; i++) {
    const png = await sharp(Buffer.from(images[i]), { raw: { width: 28, height: 28, channels: 1 } })
      .png()
      .toBuffer();
    const x = 8 + (i % cols) * (tile + 8);
    const y = 4 + Math.floor(i / cols) * cellH;
    parts.push(
      `<image x="${x}" y="${y}" width="${tile}" height="${tile}" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${png.toString('base64')}"/>`,
      `<text x="${x + tile / 2}" y="${y + tile + 13}" text-anchor="middle">${escapeXml(captions[i] ?? '')}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders SVG text to a PNG file. */
export async function writePng(svg: string, path: string): Promise<void> {
  await sharp(Buffer.from(svg)).png().toFile(path);
}
