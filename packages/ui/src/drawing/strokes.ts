// Strokes as point lists, and how they are painted: white ink on black, quadratic smoothing.

/** A point in the canvas's CSS pixels (0–CANVAS_SIZE). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** One pen-down-to-pen-up gesture. */
export type Stroke = readonly Point[];

/** The drawing's logical size in CSS pixels, the seed's 280x280 canvas. */
export const CANVAS_SIZE = 280;

/**
 * Ink width in CSS pixels. The server crops to the ink and fits it into MNIST's 20 px box, so a
 * digit 200 px tall is scaled by 1/10: 20 px of ink becomes MNIST's 2 px pen (the seed's 16 gave
 * thinner strokes than MNIST's).
 */
export const BRUSH_WIDTH = 20;

/** Canvas colours; MNIST is white ink on black. */
export const INK = '#ffffff';
export const PAPER = '#000000';

/** Fills the canvas with paper and paints every stroke; `ctx` is already scaled to CSS pixels. */
export function paint(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[]): void {
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, CANVAS_SIZE, CANVAS_SIZE);
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  ctx.lineWidth = BRUSH_WIDTH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) paintStroke(ctx, stroke);
}

function paintStroke(ctx: CanvasRenderingContext2D, stroke: Stroke): void {
  if (stroke.length === 0) return;
  const first = stroke[0];
  if (stroke.length === 1) {
    // A tap leaves a dot, as a pen would.
    ctx.beginPath();
    ctx.arc(first.x, first.y, BRUSH_WIDTH / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  // Each sampled point becomes a control point and the curve passes through the midpoints between
  // them, so corners between pointer samples are rounded off instead of drawn as polyline kinks.
  ctx.beginPath();
  ctx.moveTo(first.x, first.y);
  for (let i = 1; i < stroke.length - 1; i++) {
    const p = stroke[i];
    const next = stroke[i + 1];
    ctx.quadraticCurveTo(p.x, p.y, (p.x + next.x) / 2, (p.y + next.y) / 2);
  }
  const last = stroke[stroke.length - 1];
  ctx.lineTo(last.x, last.y);
  ctx.stroke();
}

// Each stroke list's PNG, so the one sent for a prediction is not encoded again for the
// submission; an entry goes with its stroke list.
const exported = new WeakMap<readonly Stroke[], string>();

/**
 * The drawing as a PNG data URL at its natural 280x280 size, whatever the screen's pixel ratio, so
 * the server always sees the same image for the same strokes. Encoded at once with toDataURL:
 * `canvas.toBlob` waits for an idle slot, which Chromium stops waiting for only after a second
 * (four on Android), so a page that was busy drawing saw one-second prediction spikes.
 */
export function exportPng(strokes: readonly Stroke[]): string {
  const cached = exported.get(strokes);
  if (cached) return cached;
  const canvas = document.createElement('canvas');
  canvas.width = CANVAS_SIZE;
  canvas.height = CANVAS_SIZE;
  paint(context2d(canvas), strokes);
  const url = canvas.toDataURL('image/png');
  if (!url.startsWith('data:image/png;base64,')) {
    throw new Error('exportPng: the canvas gave no PNG (toDataURL returned another format)');
  }
  exported.set(strokes, url);
  return url;
}

/** A base64 data: URL's bytes as a Blob of its media type. */
export function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const type = url.slice(5, url.indexOf(';'));
  const binary = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** A 2D context, or a thrown error naming the canvas when the browser gives none. */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('context2d: this browser gives no 2D canvas context');
  return ctx;
}
