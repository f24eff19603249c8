/**
 * The engine's contract: plain data that describes a network, how it trains, and what it learns
 * from. These types are shared by the Wasm wrapper (`engine.ts`), the worker protocol, the
 * sandbox's URL state and the lesson scripts, so every setting is declared exactly once.
 *
 * Units: every count of training progress is in **examples** (not optimizer steps), so schedules
 * and checkpoints mean the same thing at batch size 1 and at batch size 32.
 */

/** Every activation the engine knows. Each has its derivative beside it in `engine/assembly/kernels/activations.ts`. */
export const ACTIVATIONS = [
  'identity',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'gelu',
  'swish',
  'softplus',
  'gaussian',
  'sine',
  'gcu',
  'ameo',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Weight or bias initializers. Fan-based ones read the layer's fan-in and fan-out. */
export type Initializer =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'xavierUniform' }
  | { kind: 'xavierNormal' }
  /** He/Kaiming; `slope` is the leaky-ReLU negative slope a (0 for ReLU): Var = 2 / ((1 + a²)·fanIn). */
  | { kind: 'heUniform'; slope?: number }
  | { kind: 'heNormal'; slope?: number }
  | { kind: 'lecunNormal' };

export const INITIALIZER_KINDS = [
  'constant',
  'uniform',
  'normal',
  'xavierUniform',
  'xavierNormal',
  'heUniform',
  'heNormal',
  'lecunNormal',
] as const;

/**
 * The original sandbox's six presets, as initializers. Frozen: a configuration or a UI store
 * takes a copy (`{ ...ORIGINAL_INITIALIZERS.uniformTenth }`), never the object itself. A shared
 * object once put into the sandbox's store was rewritten in place by the next preset, which
 * changed every network built from it after that.
 */
export const ORIGINAL_INITIALIZERS = Object.freeze({
  zeros: Object.freeze({ kind: 'constant', value: 0 }),
  ones: Object.freeze({ kind: 'constant', value: 1 }),
  uniformTenth: Object.freeze({ kind: 'uniform', min: -0.1, max: 0.1 }),
  uniformOne: Object.freeze({ kind: 'uniform', min: -1, max: 1 }),
  uniformPositiveTenth: Object.freeze({ kind: 'uniform', min: 0, max: 0.1 }),
  uniformPositiveOne: Object.freeze({ kind: 'uniform', min: 0, max: 1 }),
} as const) satisfies Record<string, Initializer>;

/** A copy of one of the original's presets, for a configuration or a store to own. */
export function originalInitializer(name: keyof typeof ORIGINAL_INITIALIZERS): Initializer {
  return { ...ORIGINAL_INITIALIZERS[name] };
}

export interface LayerConfig {
  /** Neurons in this layer: 1–256 for hidden layers, always 1 for the output. */
  units: number;
  activation: Activation;
  /** Negative-side slope of leaky ReLU (default 0.01); ELU's alpha (default 1). Ignored by others. */
  activationParam?: number;
  weightInit: Initializer;
  biasInit: Initializer;
  /** Whether the layer has a bias. Hidden layers always do; the output's is switchable (default true). */
  bias?: boolean;
}

export interface NetworkConfig {
  /** 0–8 hidden layers. Zero hidden layers is a single neuron on the two inputs. */
  hidden: LayerConfig[];
  /** The output layer (units is always 1). */
  output: LayerConfig;
  /** Fast approximations of the transcendental activations instead of exact ones. */
  fastMath: boolean;
}

export type Loss = { kind: 'mse' } | { kind: 'bce' } | { kind: 'huber'; delta: number };

export type Optimizer =
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number; nesterov: boolean }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

/**
 * Learning-rate schedules. `t` is examples seen when the step starts. The base rate is
 * `TrainingConfig.learningRate` (η₀); warm-up, when > 0, ramps linearly from 0 to the scheduled
 * rate over `warmupExamples` and the schedule's own clock starts after it.
 */
export type Schedule =
  | { kind: 'constant' }
  /** η₀·γ^⌊t/every⌋ */
  | { kind: 'step'; every: number; gamma: number }
  /** η₀·γ^(t/every): multiplied by γ every `every` examples, smoothly. */
  | { kind: 'exponential'; every: number; gamma: number }
  /** η_min + ½(η₀ − η_min)(1 + cos(π·min(t, period)/period)) */
  | { kind: 'cosine'; period: number; min: number }
  /** SGDR: cosine restarting after each cycle; cycle length multiplied by `mult` after each restart. */
  | { kind: 'sgdr'; period: number; mult: number; min: number };

export interface TrainingConfig {
  loss: Loss;
  optimizer: Optimizer;
  /** 1 (per-example SGD, the original's) to 1024. */
  batchSize: number;
  learningRate: number;
  schedule: Schedule;
  /** Linear warm-up length in examples (0 = none). */
  warmupExamples: number;
  l1: number;
  l2: number;
}

/** The built-in target functions. The first ten are the original sandbox's, with its formulas. */
export const TARGETS = [
  'ternary',
  'multiply',
  'max',
  'min',
  'fancySine',
  'tiledSqrt',
  'bowl',
  'random',
  'ridges',
  'xor',
  'circle',
  'blobs',
  'spiral',
  'checkerboard',
  'sineWave',
] as const;
export type TargetId = (typeof TARGETS)[number];

export type Target =
  | { kind: 'builtin'; id: TargetId }
  /**
   * Values sampled on a size×size grid over [0, 1]² with both edges included
   * (value[j*size + i] at a = i/(size−1), b = j/(size−1)); read with bilinear interpolation.
   */
  | { kind: 'grid'; size: number; values: Float32Array | number[] };

export type DataMode =
  /** A fresh uniform random example every time (the original's). */
  | { kind: 'fresh' }
  /** A fixed training set of `trainSize` points, labels + N(0, noise²), and a held-out test set. */
  | { kind: 'fixed'; trainSize: number; testSize: number; noise: number };

export interface DataConfig {
  target: Target;
  mode: DataMode;
}

/** Everything needed to build and train a network from scratch, reproducibly. */
export interface ExperimentConfig {
  network: NetworkConfig;
  training: TrainingConfig;
  data: DataConfig;
  /** 32-bit unsigned seed for initialization and example sampling. */
  seed: number;
}

export interface TrainReport {
  /** Examples trained by this call (fewer than asked if training diverged). */
  examples: number;
  /** Total examples seen since reset. */
  examplesSeen: number;
  /** Mean training loss over this call's examples (NaN if none). */
  loss: number;
  /** Learning rate in force after the call. */
  learningRate: number;
  /** Set when a NaN/Infinity appeared in the loss or the weights; training stopped before it was applied. */
  diverged: null | { atExample: number; reason: 'loss' | 'weights' };
}

/** Weights as plain arrays: `weights[o][i]` is from input i of the layer to its neuron o. */
export interface LayerParams {
  weights: number[][];
  biases: number[];
}

export interface NeuronStat {
  layer: number;
  index: number;
  /**
   * Output and gradient are zero at every point of the stats grid (R×R over [0, 1]², both edges
   * included). A sample: for a first-layer ReLU-like neuron it is exact (its sum is linear, so
   * its largest value on the square is at a corner, which the grid holds), but a deeper neuron
   * active only between grid points would be reported dead.
   */
  dead: boolean;
  /** Fraction of grid points where the neuron's derivative is non-zero (for ReLU: where it fires). */
  activeFraction: number;
  min: number;
  max: number;
}
