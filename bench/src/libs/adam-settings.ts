// The optimiser settings every library trains with, apart from loadLibrary (which imports every
// library): the browser page imports these without pulling in the Node-only libraries.

/** The Adam settings every library trains with (PyTorch's defaults, lr 1e-3, no weight decay). */
export const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;
