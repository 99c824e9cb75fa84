// PNG drawings for tests, rendered by sharp from SVG strokes as the browser canvas would send them.
import sharp from 'sharp';

// Strokes of a few digits on a 280x280 canvas.
const STROKES: Record<number, string> = {
  0: 'M140 50 C 60 50, 60 230, 140 230 C 220 230, 220 50, 140 50 Z',
  1: 'M110 80 L150 50 L150 230',
  4: 'M170 230 L170 50 L70 170 L210 170',
  7: 'M70 60 L210 60 L120 230',
};

/** Options of drawingPng. */
export interface DrawingOptions {
  digit?: number;
  width?: number;
  height?: number;
  /** White ink on a transparent canvas instead of on black. */
  transparent?: boolean;
  /** Encode as 8-bit greyscale. */
  grey?: boolean;
}

/** A PNG of a drawn digit (white ink, thick round strokes) on a black or transparent canvas. */
export async function drawingPng(opts: DrawingOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 280;
  const height = opts.height ?? 280;
  const path = STROKES[opts.digit ?? 7];
  if (!path) throw new Error(`drawingPng: no strokes for digit ${opts.digit}`);
  const background = opts.transparent ? '' : `<rect width="280" height="280" fill="black"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 280 280">
    ${background}<path d="${path}" fill="none" stroke="white" stroke-width="18" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  const image = sharp(Buffer.from(svg));
  return (opts.grey ? image.greyscale() : image).png().toBuffer();
}

/** A PNG canvas with no ink. */
export function blankPng(width = 280, height = 280): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } },
  })
    .png()
    .toBuffer();
}

/** A data: URL of PNG bytes, as canvas.toDataURL() gives. */
export function dataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}
