// The shapes of @digitnet/server's JSON answers, as the app reads them.

/** POST /api/predict: what the model made of a drawing. */
export interface Prediction {
  digit: number;
  /** The top probability, 0–1. */
  confidence: number;
  /** Softmax over the ten digits, index = digit. */
  probabilities: number[];
  /** The 28x28 image the model saw, row-major, 0–255 with ink bright. */
  pixels: number[];
  modelVersion: string;
  /** Time of the prediction where it ran (the server, or the page's engine worker), in milliseconds. */
  ms: number;
  /** False when the drawing is unlikely to be any digit (a dot, a scribble, a letter, two digits). */
  likelyDigit: boolean;
}

/** POST /api/submissions: the body. */
export interface NewSubmission {
  /** The drawing as a PNG data URL. */
  drawing: string;
  label: number;
  /** What the user was shown. */
  prediction?: number;
  confidence?: number;
  /** How it was drawn; stored with the drawing. */
  client?: ClientInfo;
  /** This page's UUID for the drawing: the server stores it once however often it is sent. */
  clientId?: string;
}

/** Small facts about how a drawing was made. */
export interface ClientInfo {
  pointerType?: 'mouse' | 'touch' | 'pen';
  devicePixelRatio?: number;
  strokes?: number;
  /** From the first pen-down to the last pen-up, in milliseconds. */
  drawMs?: number;
}

/** POST /api/submissions: the answer. */
export interface Created {
  id: number;
}

/** GET /api/stats: how the model does on everything users drew. */
export interface Stats {
  total: number;
  /** Submissions whose prediction equals the label. */
  correct: number;
  /** correct / total, or null before the first submission. */
  accuracy: number | null;
  /** Submissions per label, index = digit. */
  counts: number[];
  /** Per label, the share predicted right (null for a digit nobody drew). */
  accuracyByDigit: (number | null)[];
  /** confusion[label][prediction]. */
  confusion: number[][];
}

/** GET /api/misreads: one of everyone's recent drawings the model read wrong. */
export interface Misread {
  id: number;
  createdAt: string;
  /** What its author said it is. */
  label: number;
  /** What the model read, and its probability. */
  prediction: number;
  confidence: number;
  /** The 28x28 image the model saw, row-major, 0–255 with ink bright. */
  pixels: number[];
}

/** GET /api/model: the model being served. */
export interface ModelInfo {
  /** File name and a short hash of the weights, e.g. mnist-cnn-f16@1a2b3c4d. */
  version: string;
  parameters: number;
  /** Accuracy on MNIST's test split, from the model card, or null. */
  testAccuracy: number | null;
  trainedAt: string | null;
}
