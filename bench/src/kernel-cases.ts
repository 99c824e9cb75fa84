// The kernels compared, at the seed model's shapes (batch 100, F = 32) and at square matmul sizes.
// Shapes are NCHW as digitnet sees them; tfjs runs the same sizes in NHWC. FLOP counts are core's.
import { conv2dFlops, conv2dInfo, matmulFlops } from '@digitnet/core';

/** Which of a convolution's three kernels. */
export type ConvKernel = 'forward' | 'backpropInput' | 'backpropFilter';

/** One kernel measurement: what runs, on which shapes, and the work it counts as. */
export type KernelCase =
  | { id: string; label: string; kind: 'matmul'; n: number; flops: number }
  | {
      id: string;
      label: string;
      kind: 'conv';
      which: ConvKernel;
      x: number[];
      w: number[];
      flops: number;
    }
  | {
      id: string;
      label: string;
      kind: 'maxpool' | 'batchnorm';
      backward: boolean;
      x: number[];
      bytes: number;
    };

const BATCH = 100;
const CONVS = {
  conv1: { x: [BATCH, 1, 28, 28], w: [32, 1, 3, 3] },
  conv2: { x: [BATCH, 32, 14, 14], w: [64, 32, 3, 3] },
};
// Pooling and batch norm run on the conv outputs: [100, 32, 28, 28] and [100, 64, 14, 14].
const MAPS = { 1: [BATCH, 32, 28, 28], 2: [BATCH, 64, 14, 14] };
const WHICH: ConvKernel[] = ['forward', 'backpropInput', 'backpropFilter'];
const WHICH_LABEL: Record<ConvKernel, string> = {
  forward: 'forward',
  backpropInput: 'backprop input',
  backpropFilter: 'backprop filter',
};

const dims = (s: readonly number[]) => `[${s.join(',')}]`;
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function buildCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const n of [128, 256, 512, 1024]) {
    cases.push({
      id: `matmul.${n}`,
      label: `matmul ${n}`,
      kind: 'matmul',
      n,
      flops: matmulFlops(n, n, n),
    });
  }
  for (const [name, { x, w }] of Object.entries(CONVS)) {
    const flops = conv2dFlops(conv2dInfo(x, w, { padding: 'same' }));
    for (const which of WHICH) {
      cases.push({
        id: `${name}.${which}`,
        label: `${name} ${WHICH_LABEL[which]}`,
        kind: 'conv',
        which,
        x,
        w,
        flops,
      });
    }
  }
  for (const [i, x] of Object.entries(MAPS)) {
    const [n, c, h, w] = x;
    // Logical traffic: one read of the input and one write of the output, 4 bytes a value.
    const pooled = n * c * (h / 2) * (w / 2);
    for (const backward of [false, true]) {
      cases.push({
        id: `maxpool${i}.${backward ? 'backward' : 'forward'}`,
        label: `maxpool${i} ${backward ? 'backward' : 'forward'}`,
        kind: 'maxpool',
        backward,
        x,
        bytes: 4 * (size(x) + pooled),
      });
    }
    cases.push({
      id: `batchnorm${i}.forward`,
      label: `batchnorm${i} train forward`,
      kind: 'batchnorm',
      backward: false,
      x,
      bytes: 4 * 2 * size(x),
    });
  }
  return cases;
}

/** What the short labels stand for (NCHW; tfjs runs the same sizes in NHWC). */
export const KERNEL_LEGEND =
  `matmul N: [N,N]·[N,N]; conv1: x ${dims(CONVS.conv1.x)} w ${dims(CONVS.conv1.w)}, ` +
  `conv2: x ${dims(CONVS.conv2.x)} w ${dims(CONVS.conv2.w)}, 'same' padding; ` +
  `maxpool/batchnorm 1: ${dims(MAPS[1])}, 2: ${dims(MAPS[2])}; pooling 2x2 stride 2`;

/** Every kernel case, in table order. */
export const KERNEL_CASES: readonly KernelCase[] = buildCases();

/** The subset `--quick` runs. */
export const QUICK_KERNEL_CASES = [
  'matmul.256',
  'conv2.forward',
  'conv2.backpropInput',
  'conv2.backpropFilter',
  'maxpool2.forward',
  'batchnorm2.forward',
];

/** The case with this id (throws naming the known ids otherwise). */
export function kernelCase(id: string): KernelCase {
  const c = KERNEL_CASES.find((k) => k.id === id);
  if (!c) {
    throw new Error(
      `unknown kernel case '${id}'; known: ${KERNEL_CASES.map((k) => k.id).join(', ')}`,
    );
  }
  return c;
}

/** Converts an NCHW shape to NHWC (tfjs's layout). */
export function nhwc(s: readonly number[]): [number, number, number, number] {
  return [s[0], s[2], s[3], s[1]];
}

/** Converts an OIHW filter shape to HWIO (tfjs's layout). */
export function hwio(s: readonly number[]): [number, number, number, number] {
  return [s[2], s[3], s[1], s[0]];
}
