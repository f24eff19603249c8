import type {
  ExperimentConfig,
  LayerParams,
  NeuronStat,
  TrainingConfig,
  TrainReport,
} from './types';

/**
 * What the Wasm engine offers, once wrapped (`engine.ts`). The worker exposes the same verbs to
 * the UI; Node tests and the benchmark use it directly. Nothing here hands out a Wasm pointer:
 * every array returned is a copy the caller owns.
 *
 * Layers are numbered 0…H−1 for the hidden layers and H for the output layer.
 */
export interface EngineApi {
  /** True when the SIMD build is running, false for the scalar twin. */
  readonly simd: boolean;
  /** Examples trained since the last configure/reset. */
  readonly examplesSeen: number;
  /** The learning rate the next step will use (schedule and warm-up applied). */
  readonly learningRate: number;
  /**
   * The learning rate the last step used: what a run ended at (before any step, and after a
   * change of the rate or schedule, `learningRate`). The trainer reports this one.
   */
  readonly lastLearningRate: number;
  /** The configuration in force (a copy), training changes and the current seed included. */
  readonly currentConfig: ExperimentConfig;

  /** Build the network, initialize weights from `config.seed`, reset optimizer state and counters. */
  configure(config: ExperimentConfig): void;
  /** Re-initialize from `seed` (default: the configured seed) with the same configuration. */
  reset(seed?: number): void;
  /**
   * Change training settings live; they apply from the next step on, to every parameter.
   * Changing the optimizer's kind resets its state. Throws on invalid values (nothing changes).
   */
  setTraining(training: Partial<TrainingConfig>): void;
  /** Switch between fast approximations and exact activations, live. */
  setFastMath(fast: boolean): void;

  /** Train `examples` examples drawn inside the engine (fresh or from the fixed training set). */
  train(examples: number): TrainReport;
  /** Train on explicit examples in order (inputs: [a0, b0, a1, b1, …]), in batches of batchSize. */
  trainOn(inputs: Float32Array, targets: Float32Array): TrainReport;
  /** Mean loss and its gradients over explicit examples, without changing anything. */
  lossAndGradients(
    inputs: Float32Array,
    targets: Float32Array,
  ): { loss: number; grads: LayerParams[] };
  /**
   * Loss on the held-out test set (fixed mode) or on a fixed 64×64 grid over [0, 1]² (fresh mode).
   * With `onPart`, read in parts of TEST_PART points, told after each how many of the total are
   * read: the same number, bit for bit, for a reading long enough to want a progress bar.
   */
  testLoss(onPart?: (done: number, total: number) => void): number;
  /** Per-layer L2 norms of the weight gradients of the last training step (zeros before any). */
  gradientNorms(): number[];
  /**
   * The fixed-mode data sets as (a, b, target) triples: `train` with its noisy labels, `test`
   * with clean ones (fresh mode: `train` is empty and `test` is the 64×64 grid of testLoss()).
   */
  dataSets(): { train: Float32Array; test: Float32Array };

  /**
   * The network's output and the target on an R×R grid (R ≤ 256, both edges included:
   * value[j*R + i] at a = i/(R−1), b = j/(R−1)), and — when `thumbResolution` > 0 — every
   * neuron's output on a T×T grid (T ≤ 64), concatenated layer by layer, neuron by neuron.
   */
  evaluate(
    resolution: number,
    thumbResolution: number,
  ): { output: Float32Array; target: Float32Array; neurons: Float32Array | null };
  /** One neuron's output on an R×R grid (R ≤ 256), same layout as `evaluate`. */
  neuron(layer: number, index: number, resolution: number): Float32Array;
  /** Every neuron's output at one input point, one array per layer (output layer last). */
  neuronValuesAt(a: number, b: number): Float32Array[];
  /** Dead/alive and active fraction of every neuron, sampled on an R×R grid (default 64). */
  neuronStats(resolution?: number): NeuronStat[];

  /** Weights and biases as plain arrays; `setParams` takes the same shape back, exactly. */
  getParams(): LayerParams[];
  setParams(params: LayerParams[]): void;
  /** Full state: weights, optimizer state, schedule clock, generator, counters. */
  snapshot(): Uint8Array;
  /** Restore a snapshot taken from a network of the same configuration. */
  restore(snapshot: Uint8Array): void;
  /** Bytes of Wasm linear memory in use. */
  memoryBytes(): number;
}
