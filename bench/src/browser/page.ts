// The bench inside a Chromium page: digitnet's gpu backend on gpu.js's webgl2 mode, measured by the
// same code as every other library. Bundled by ../libs/browser.ts, which calls window.digitnetBench.
import { unavailableReason } from '@digitnet/gpu';
import type { ImageBatch } from '../inputs.js';
import type { KernelCase } from '../kernel-cases.js';
import { createDigitnet } from '../libs/digitnet.js';
import type { Library } from '../libs/library.js';
import type { Budget } from '../types.js';

/** An MNIST batch as it crosses from Node to the page (JSON: plain arrays). */
export interface PlainBatch {
  images: number[];
  labels: number[];
  size: number;
}

const toBatch = (b: PlainBatch): ImageBatch => ({
  images: Float32Array.from(b.images),
  labels: Int32Array.from(b.labels),
  size: b.size,
});

let library: Library | undefined;
const lib = async () => {
  library ??= await createDigitnet('digitnet-gpu-webgl2');
  return library;
};

/** The little of a WebGL2 context and the DOM that renderer() reads (the bench has no DOM types). */
interface Gl {
  RENDERER: number;
  getExtension(name: 'WEBGL_debug_renderer_info'): { UNMASKED_RENDERER_WEBGL: number } | null;
  getParameter(name: number): unknown;
}
interface Doc {
  createElement(tag: 'canvas'): { getContext(kind: 'webgl2'): Gl | null };
}

/** The WebGL2 renderer's name (the GPU, or SwiftShader where there is none). */
function renderer(): string {
  const gl = (globalThis as unknown as { document: Doc }).document
    .createElement('canvas')
    .getContext('webgl2');
  if (!gl) return 'none';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** What the Node side calls in the page. */
const bench = {
  unavailable: () => unavailableReason('webgl2'),
  renderer,
  notes: async () => (await lib()).notes,
  kernels: async (cases: KernelCase[], budget: Budget) =>
    (await lib()).kernels?.(cases, budget) ?? [],
  train: async (factor: number, batches: PlainBatch[], budget: Budget) =>
    (await lib()).train(factor, batches.map(toBatch), budget),
  infer: async (factor: number, batches: PlainBatch[], budget: Budget, latency: Budget) =>
    (await lib()).infer(factor, batches.map(toBatch), budget, latency),
};
export type PageBench = typeof bench;
(globalThis as { digitnetBench?: PageBench }).digitnetBench = bench;
