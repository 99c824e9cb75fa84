// Reverse-mode autograd: graph nodes recorded by ops, and an iterative topological backward pass.
import { keep, tidy } from './memory.js';
import { add } from './ops/arithmetic.js';
import { onesLike } from './ops/creation.js';
import { clone } from './ops/reshape.js';
import { sameShape, showShape } from './shape/shape.js';
import type { Tensor } from './tensor.js';

/**
 * Gradients of an op's inputs given the gradient of its output (null where none flows). `saved`
 * are the node's own handles on the tensors the op saved, in the order it listed them: a backward
 * reads those, never tensors captured from the forward, so what the graph keeps alive is exactly
 * what its nodes own.
 */
export type BackwardFn = (dy: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null)[];

/** One recorded op: its inputs, the tensors it saved, and how to push a gradient back through it. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /**
   * The node's handles on what the op saved for backward: they share memory with the op's tensors
   * and outlive them (disposing an intermediate does not cut the graph), and are freed with the
   * graph — after backward() ran through the node, or when no tensor or node refers to it any more.
   */
  readonly saved: readonly Tensor[];
  readonly backward: BackwardFn;
  /** True once backward() ran through this node (or nothing refers to it): its saved tensors are freed. */
  readonly freed: boolean;
  /** @internal Called when a tensor or node that referred to this node lets go of it. */
  release(): void;
}

/** A graph node that owns its saved tensors and counts who refers to it (its output, consumers). */
class Node implements GradNode {
  /** The output tensor and each recorded use of the output as an input hold one reference. */
  refs = 1;
  freed = false;

  constructor(
    readonly op: string,
    readonly inputs: readonly Tensor[],
    readonly saved: readonly Tensor[],
    readonly backward: BackwardFn,
  ) {}

  /** Frees the saved tensors (once). */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    for (const t of this.saved) t.dispose();
  }

  release(): void {
    // Iterative: releasing the head of a long chain must not overflow the JS stack.
    const stack: Node[] = [this];
    while (stack.length > 0) {
      const node = stack.pop() as Node;
      if (--node.refs > 0) continue;
      node.free();
      for (const input of node.inputs) if (input.gradFn instanceof Node) stack.push(input.gradFn);
    }
  }
}

let gradDisabledDepth = 0;

/** False inside noGrad(). */
export function isGradEnabled(): boolean {
  return gradDisabledDepth === 0;
}

/**
 * Runs fn without recording the graph (inference, optimiser updates), like torch.no_grad(). It
 * also frees, as tidy() does, every tensor fn created and does not return (nor keep()), so
 * `noGrad(() => model.forward(x))` holds only its output afterwards. Synchronous functions only.
 */
export function noGrad<T>(fn: () => T): T {
  gradDisabledDepth++;
  try {
    return tidy(fn);
  } finally {
    gradDisabledDepth--;
  }
}

/**
 * Records `out = op(inputs)` in the graph when gradients are enabled and an input requires them.
 * `saved` lists the tensors `backward` reads; the node takes its own handles on them (sharing
 * memory), so the op may dispose its intermediates as soon as it returns. Returns out.
 */
export function record(
  op: string,
  inputs: readonly Tensor[],
  out: Tensor,
  saved: readonly Tensor[],
  backward: BackwardFn,
): Tensor {
  if (gradDisabledDepth > 0 || !inputs.some((t) => t.requiresGrad)) return out;
  const handles = saved.map((t) => {
    t.assertAlive(`${op} (saving for backward)`);
    const handle = keep(t.viewAs(t.shape));
    // Mirrors the flag (as a leaf), so a backward can skip the gradients nobody asked for.
    handle.requiresGrad = t.requiresGrad;
    return handle;
  });
  for (const input of inputs) if (input.gradFn instanceof Node) input.gradFn.refs++;
  out.gradFn = new Node(op, inputs, handles, backward);
  (out as { requiresGrad: boolean }).requiresGrad = true;
  return out;
}

/** Tensors reachable from root through gradFn, ordered so each comes before its inputs. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative post-order DFS: a long graph must not overflow the JS stack.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const child = inputs[next];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/**
 * Computes gradients of `root` with respect to every leaf that requires them and accumulates
 * them (+=) into each leaf's `.grad`. `grad` defaults to 1 for a one-element root. The graph is freed.
 */
export function backward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad) {
    throw new Error(
      'backward: this tensor does not require gradients (no input had requiresGrad set)',
    );
  }
  if (grad === undefined && root.size !== 1) {
    throw new Error(
      `backward: gradient can be implicit only for a one-element output, got shape ${showShape(root.shape)}; ` +
        'pass a gradient of the same shape',
    );
  }
  if (grad !== undefined && !sameShape(grad.shape, root.shape)) {
    throw new Error(
      `backward: gradient shape ${showShape(grad.shape)} must match the output's ${showShape(root.shape)}`,
    );
  }
  const order = topologicalOrder(root);
  // Checked before anything is allocated, so a refused backward leaves nothing behind.
  const spent = order.find((t) => t.gradFn?.freed);
  if (spent?.gradFn) {
    throw new Error(
      `backward: trying to backward through the graph a second time (the saved tensors of ${spent.gradFn.op} were freed)`,
    );
  }
  noGrad(() => {
    const grads = new Map<Tensor, Tensor>();
    // A copy, so that the caller may dispose their gradient and no leaf's .grad aliases it.
    grads.set(root, grad ? clone(grad) : onesLike(root));
    for (const t of order) {
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      const node = t.gradFn;
      if (!node) {
        // A leaf: accumulate, as PyTorch does, so gradients sum over uses and over backward() calls.
        if (t.grad) {
          const sum = add(t.grad, g);
          t.grad.dispose();
          g.dispose();
          t.grad = keep(sum);
        } else {
          t.grad = keep(g);
        }
        continue;
      }
      const inputGrads = tidy(() => node.backward(g, node.saved));
      // A backward may pass g through or return one tensor for several inputs: give each its own.
      const owned = new Set<Tensor>();
      node.inputs.forEach((input, i) => {
        let ig = inputGrads[i];
        if (!ig || !input.requiresGrad) return;
        if (!sameShape(ig.shape, input.shape)) {
          throw new Error(
            `backward of ${node.op}: gradient for input ${i} has shape ${showShape(ig.shape)}, expected ${showShape(input.shape)}`,
          );
        }
        if (owned.has(ig)) ig = clone(ig);
        owned.add(ig);
        const prev = grads.get(input);
        if (prev) {
          grads.set(input, add(prev, ig));
          prev.dispose();
          ig.dispose();
        } else {
          grads.set(input, ig);
        }
      });
      for (const ig of [...inputGrads, g]) if (ig && !owned.has(ig)) ig.dispose();
      // Free the graph as it goes: this node's saved tensors are no longer needed.
      if (node instanceof Node) node.free();
    }
    // Nodes no gradient reached (every consumer returned null for them) are freed too.
    for (const t of order) if (t.gradFn instanceof Node) t.gradFn.free();
  });
}
