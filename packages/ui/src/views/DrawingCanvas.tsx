// The drawing surface: turns pointer events (mouse, touch, pen) into points and paints the strokes
// it is given, sharp at any device pixel ratio.
import { createEffect, onCleanup, onMount } from 'solid-js';
import { CANVAS_SIZE, context2d, type Point, paint, type Stroke } from '../drawing/strokes.js';

/** Props of DrawingCanvas: the strokes to show and what to do with a gesture. */
export interface DrawingCanvasProps {
  strokes: readonly Stroke[];
  onBegin(p: Point, pointerType: string): void;
  onExtend(points: readonly Point[]): void;
  onEnd(): void;
}

/** A 280x280 black canvas with white ink. */
export function DrawingCanvas(props: DrawingCanvasProps) {
  let canvas!: HTMLCanvasElement;
  let ctx: CanvasRenderingContext2D | undefined;
  let pointer: number | null = null;

  // The backing store holds CSS size x devicePixelRatio pixels so ink stays sharp on high-DPI
  // screens; drawing commands stay in CSS pixels through the transform.
  const fitBackingStore = () => {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(CANVAS_SIZE * ratio);
    canvas.height = Math.round(CANVAS_SIZE * ratio);
    ctx = context2d(canvas);
    ctx.setTransform(canvas.width / CANVAS_SIZE, 0, 0, canvas.height / CANVAS_SIZE, 0, 0);
    paint(ctx, props.strokes);
  };

  const toPoint = (e: PointerEvent): Point => {
    const box = canvas.getBoundingClientRect();
    const clamp = (v: number) => Math.min(CANVAS_SIZE, Math.max(0, v));
    return {
      x: clamp(((e.clientX - box.left) * CANVAS_SIZE) / box.width),
      y: clamp(((e.clientY - box.top) * CANVAS_SIZE) / box.height),
    };
  };

  const onPointerDown = (e: PointerEvent) => {
    if (pointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    // preventDefault keeps the focus where it was: on Clear, say, where a later Enter would press
    // Clear again, or on a digit button, where it would store that digit. Drawing moves on.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    pointer = e.pointerId;
    canvas.setPointerCapture(e.pointerId);
    props.onBegin(toPoint(e), e.pointerType);
  };
  const onPointerMove = (e: PointerEvent) => {
    if (e.pointerId !== pointer) return;
    // Coalesced events carry the samples the browser merged into this frame: smoother curves.
    const samples = e.getCoalescedEvents?.() ?? [];
    props.onExtend((samples.length > 0 ? samples : [e]).map(toPoint));
  };
  const onPointerUp = (e: PointerEvent) => {
    if (e.pointerId !== pointer) return;
    pointer = null;
    if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    props.onEnd();
  };

  onMount(() => {
    fitBackingStore();
    // Touches on the canvas are drawing, never gestures: otherwise a quick lift starts a fling
    // that Chrome stops with the next tap, swallowing a tap on Submit right after a stroke.
    const consume = (e: TouchEvent) => e.preventDefault();
    canvas.addEventListener('touchstart', consume, { passive: false });
    canvas.addEventListener('touchmove', consume, { passive: false });
    onCleanup(() => {
      canvas.removeEventListener('touchstart', consume);
      canvas.removeEventListener('touchmove', consume);
    });
    // Re-fit when the pixel ratio changes (browser zoom, a window moved to another screen).
    let query: MediaQueryList | undefined;
    const watchRatio = () => {
      query?.removeEventListener('change', onRatioChange);
      query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      query.addEventListener('change', onRatioChange);
    };
    const onRatioChange = () => {
      fitBackingStore();
      watchRatio();
    };
    watchRatio();
    onCleanup(() => query?.removeEventListener('change', onRatioChange));
  });

  // The one effect a view owns: painting its own canvas from its props, which JSX cannot express.
  createEffect(() => {
    const strokes = props.strokes;
    if (ctx) paint(ctx, strokes);
  });

  return (
    <canvas
      ref={canvas}
      class="drawing"
      data-testid="canvas"
      role="img"
      aria-label="Drawing area: draw one digit with a mouse, finger or pen"
      width={CANVAS_SIZE}
      height={CANVAS_SIZE}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onLostPointerCapture={onPointerUp}
      onContextMenu={(e) => e.preventDefault()}
    />
  );
}
