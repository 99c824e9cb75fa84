// The part of convnetjs 0.3 (no types on npm) that the bench uses.
declare module 'convnetjs' {
  /** A 3-D volume sx × sy × depth; w and dw are Float64Arrays indexed ((sx·y)+x)·depth+d. */
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }
  /** A parameter array, its accumulated gradient, and decay multipliers. */
  export interface ParamsAndGrads {
    params: Float64Array;
    grads: Float64Array;
    l1_decay_mul?: number;
    l2_decay_mul?: number;
  }
  /** A layer definition for Net.makeLayers. */
  export type LayerDef = { type: string } & Record<string, string | number>;
  /** A sequential network ending in a loss layer. */
  export class Net {
    makeLayers(defs: LayerDef[]): void;
    forward(v: Vol, isTraining?: boolean): Vol;
    /** Backpropagates the loss for class `y`, adding into every parameter's gradient; returns the loss. */
    backward(y: number): number;
    getParamsAndGrads(): ParamsAndGrads[];
  }
  const convnetjs: { Vol: typeof Vol; Net: typeof Net };
  export default convnetjs;
}
