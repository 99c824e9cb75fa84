// The drawing as a list of strokes: begin, extend, end, and an undo history where Clear is one
// more step (so Esc, Backspace and the Clear button can be taken back), with redo.
import { type Accessor, createSignal } from 'solid-js';
import type { ClientInfo } from '../api/types.js';
import type { Point, Stroke } from '../drawing/strokes.js';

/** The kinds of pointer PointerEvent reports. */
export type PointerKind = NonNullable<ClientInfo['pointerType']>;

/** The drawing's state and the actions that change it. */
export interface Sketch {
  /** Every stroke, oldest first; a new array after each change. */
  strokes: Accessor<readonly Stroke[]>;
  /** True while a pointer is down. */
  drawing: Accessor<boolean>;
  isEmpty: Accessor<boolean>;
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  /** How the current drawing was made, for the stored row. */
  client(): ClientInfo;
  begin(p: Point, pointerType?: string): void;
  extend(points: readonly Point[]): void;
  end(): void;
  /** Takes back the last stroke, or the last Clear. */
  undo(): void;
  /** Puts back what the last undo took. */
  redo(): void;
  /** Empties the canvas; undo brings the strokes back. */
  clear(): void;
  /** Empties the canvas for good, history included (the drawing was stored). */
  reset(): void;
}

// Pointer samples closer than this (CSS px) add nothing visible and only lengthen the stroke.
const MIN_STEP = 1;

/** A new, empty drawing. */
export function createSketch(): Sketch {
  const [strokes, setStrokes] = createSignal<readonly Stroke[]>([]);
  const [drawing, setDrawing] = createSignal(false);
  // Earlier drawings, newest last, and the ones undo took, newest last: whole stroke lists, since
  // each change makes a new array anyway.
  const [past, setPast] = createSignal<readonly (readonly Stroke[])[]>([]);
  const [future, setFuture] = createSignal<readonly (readonly Stroke[])[]>([]);
  let pointerType: PointerKind | undefined;
  let firstDown = 0;
  let lastUp = 0;

  /** Replaces the drawing as one undoable step. */
  const commit = (next: readonly Stroke[]) => {
    setPast((all) => [...all, strokes()]);
    setFuture([]);
    setStrokes(next);
  };

  return {
    strokes,
    drawing,
    isEmpty: () => strokes().length === 0,
    canUndo: () => past().length > 0,
    canRedo: () => future().length > 0,
    client: () => ({
      pointerType,
      devicePixelRatio: window.devicePixelRatio || 1,
      strokes: strokes().length,
      drawMs: Math.max(0, Math.round(lastUp - firstDown)),
    }),
    begin(p, kind) {
      if (strokes().length === 0) firstDown = performance.now();
      if (kind === 'mouse' || kind === 'touch' || kind === 'pen') pointerType = kind;
      setDrawing(true);
      commit([...strokes(), [p]]);
    },
    extend(points) {
      if (!drawing()) return;
      setStrokes((all) => {
        const last = all[all.length - 1];
        const added: Point[] = [];
        let prev = last[last.length - 1];
        for (const p of points) {
          if (Math.hypot(p.x - prev.x, p.y - prev.y) < MIN_STEP) continue;
          added.push(p);
          prev = p;
        }
        return added.length === 0 ? all : [...all.slice(0, -1), [...last, ...added]];
      });
    },
    end() {
      if (drawing()) lastUp = performance.now();
      setDrawing(false);
    },
    undo() {
      const earlier = past();
      if (earlier.length === 0) return;
      setDrawing(false);
      setFuture((all) => [...all, strokes()]);
      setPast(earlier.slice(0, -1));
      setStrokes(earlier[earlier.length - 1]);
    },
    redo() {
      const later = future();
      if (later.length === 0) return;
      setDrawing(false);
      setPast((all) => [...all, strokes()]);
      setFuture(later.slice(0, -1));
      setStrokes(later[later.length - 1]);
    },
    clear() {
      setDrawing(false);
      if (strokes().length > 0) commit([]);
    },
    reset() {
      setDrawing(false);
      setPast([]);
      setFuture([]);
      setStrokes([]);
    },
  };
}
