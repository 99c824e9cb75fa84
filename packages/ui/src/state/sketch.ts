// The drawing as a list of strokes: begin, extend, end, undo, clear.
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
  /** How the current drawing was made, for the stored row. */
  client(): ClientInfo;
  begin(p: Point, pointerType?: string): void;
  extend(points: readonly Point[]): void;
  end(): void;
  undo(): void;
  clear(): void;
}

// Pointer samples closer than this (CSS px) add nothing visible and only lengthen the stroke.
const MIN_STEP = 1;

/** A new, empty drawing. */
export function createSketch(): Sketch {
  const [strokes, setStrokes] = createSignal<readonly Stroke[]>([]);
  const [drawing, setDrawing] = createSignal(false);
  let pointerType: PointerKind | undefined;
  let firstDown = 0;
  let lastUp = 0;
  return {
    strokes,
    drawing,
    isEmpty: () => strokes().length === 0,
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
      setStrokes((all) => [...all, [p]]);
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
      setDrawing(false);
      setStrokes((all) => all.slice(0, -1));
    },
    clear() {
      setDrawing(false);
      setStrokes([]);
    },
  };
}
