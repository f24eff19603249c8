/**
 * The Wasm engine, wrapped: `Engine` implements `EngineApi` over the raw exports of
 * `engine/build/nn-simd.wasm` or `nn-scalar.wasm` (same exports, same behaviour). It validates
 * every argument before Wasm sees it (bad input throws a JS `Error`, never traps), copies every
 * result out, and rebuilds its typed-array views whenever Wasm memory grows.
 *
 * Works in a page, a worker and Node: give `instantiateEngine` a compiled `WebAssembly.Module`
 * (Node: `loadEngine()` in `load-node.ts`).
 *
 * ## The exact mathematics (an independent implementation can match these)
 *
 * All arithmetic is float32. Layer l = 1…L has weights W_l (n_l × n_{l−1}, exposed as
 * `weights[o][i]`) and biases b_l; x = (a, b) is the input; z_l = W_l·a_{l−1} + b_l,
 * a_l = f_l(z_l); the network's output is y = a_L (one neuron).
 *
 * **Loss** of one example (target t); a batch's loss is the mean over its B examples:
 * - mse:   L = (y − t)² (no ½), dL/dy = 2(y − t)
 * - bce:   L = −[t·ln ŷ + (1 − t)·ln(1 − ŷ)], ŷ = clamp(y, 1e-7, 1 − 1e-7); dL/dy = (ŷ − t)/(ŷ(1 − ŷ))
 *          (the clamp is treated as the identity in the derivative)
 * - huber: r = y − t; L = ½r² if |r| ≤ δ else δ(|r| − ½δ); dL/dy = clamp(r, −δ, δ)
 *
 * **Gradient** g = ∂(mean batch loss)/∂θ by backpropagation: δ_L = dL/dy·f_L'(z_L)/B per example,
 * δ_{l−1} = (W_lᵀ δ_l) ⊙ f'_{l−1}(z_{l−1}); ∂/∂W_l = Σ_examples δ_l a_{l−1}ᵀ, ∂/∂b_l = Σ δ_l.
 * Activation derivatives are those beside each f in `engine/assembly/kernels/activations.ts`
 * (ReLU'(0) = 0, leaky'(0) = slope, ELU uses x > 0 for the positive branch; GELU exact is
 * ½x(1 + erf(x/√2)); fast mode differentiates the approximation).
 *
 * **Update**, one per batch, η the scheduled learning rate of that step. Weights only (never
 * biases) are regularized: g' = g + λ₂·w + λ₁·sign(w) (penalty ½λ₂‖w‖² + λ₁‖w‖₁, sign(0) = 0).
 * - sgd:      w ← w − η·g'
 *             (batch 1 with λ₁ = 0 runs fused, the original's per-example SGD:
 *              w ← w·(1 − ηλ₂) − (η·a_i)·δ_o; b ← b − η·δ_o — equal to the above up to rounding)
 * - momentum: v ← μ·v + g'; w ← w − η·v; Nesterov: w ← w − η·(g' + μ·v) (v already updated)
 * - adam:     m ← β₁m + (1 − β₁)g'; v ← β₂v + (1 − β₂)g'²;
 *             w ← w − η·(m/(1 − β₁^k)) / (√(v/(1 − β₂^k)) + ε), k = 1, 2, … steps since the
 *             optimizer was reset (configure, reset, or a change of optimizer kind)
 * Moments start at zero.
 *
 * **Learning rate** of a step that starts at example t (examples seen since reset), η₀ the
 * configured rate, W the warm-up: t < W → s(0)·t/W; otherwise s(t − W) (or s(t) when W = 0), with
 * s as documented on `Schedule` in types.ts (sgdr: cycles P, P·mult, P·mult², …). A batch of B
 * examples advances t by B. A live change applies to every parameter from the next step.
 *
 * **Data.** Fresh mode draws a, b uniform on [0, 1) (24-bit floats) and t = target(a, b) for each
 * example (random: a third uniform draw). Fixed mode draws a training set of `trainSize` points
 * with labels target + N(0, noise²) and a test set of `testSize` points with clean labels, both
 * from the seed; each example picks a training point uniformly with replacement. A trailing
 * partial batch of `train(n)` trains as a smaller batch.
 *
 * **Divergence.** A non-finite loss stops training before its update; non-finite weights or
 * optimizer moments are checked at the end of each call. Either way the state goes back to the
 * start of the call and the call is replayed step by step up to the step before the first bad
 * one: `examples` counts the good steps' examples, `diverged.atExample` is the example count at
 * the start of the bad step, and the state (weights, moments, generator, counters) is finite.
 *
 * **Grids** (evaluate, neuron): point (i, j) of an R×R grid is a = i/(R−1), b = j/(R−1) in
 * float32, both edges included. Where layer 1 is identity, ReLU or leaky ReLU, layer 2 is not
 * summed point by point but swept along each row (engine/assembly/kernels/sweep.ts): equal to
 * the forward pass up to float32 rounding of the same terms grouped differently, and layer 1's
 * own values equal the forward pass's bit for bit. The rounding scales with the largest term a
 * row adds, σ·(b₁ + b·w)·W₂ or its slope part, even one a neuron switching off later removes:
 * about 1e-4 with weights near 50, 0.1 with first-layer weights of 6,000 against outputs near
 * 1. Otherwise grids are the forward pass exactly.
 *
 * **Determinism.** Same build + same seed + same calls → bit-identical results. The SIMD and
 * scalar builds agree to rounding, not bit for bit (they sum Wᵀδ in a different order).
 */
import { cloneConfig } from './clone-config';
import { isBounded, isFiniteFloat32, MAX_MAGNITUDE } from './float32';
import { FRESH_TEST_POINTS, MAX_RESOLUTION, MAX_THUMB, SNAPSHOT_MAGIC, TEST_PART } from './limits';
import type { EngineApi } from './api';
import {
  ACTIVATIONS,
  INITIALIZER_KINDS,
  TARGETS,
  type Activation,
  type ExperimentConfig,
  type Initializer,
  type LayerConfig,
  type LayerParams,
  type NeuronStat,
  type TrainingConfig,
  type TrainReport,
} from './types';

/** The raw exports of the engine module (see engine/assembly/index.ts). */
export interface EngineExports {
  memory: WebAssembly.Memory;
  setNetwork(hidden: number, fast: number): void;
  setFastMath(fast: number): void;
  setLayer(l: number, units: number, activation: number, param: number, hasBias: number): void;
  setInit(
    l: number,
    wKind: number,
    wA: number,
    wB: number,
    bKind: number,
    bA: number,
    bB: number,
  ): void;
  setLoss(kind: number, delta: number): void;
  setOptimizer(
    kind: number,
    b1: number,
    b2: number,
    eps: number,
    mu: number,
    nesterov: number,
  ): void;
  setBatchSize(b: number): void;
  setLearningRate(lr: number): void;
  setRegularization(l1: number, l2: number): void;
  setSchedule(kind: number, a: number, b: number, lo: number, warmup: number): void;
  setData(
    target: number,
    grid: number,
    mode: number,
    nTrain: number,
    nTest: number,
    noise: number,
  ): void;
  build(): number;
  reset(seed: number): void;
  resetOptimizer(): void;
  examplesSeen(): number;
  currentLearningRate(): number;
  lastLearningRate(): number;
  train(n: number, source: number): number;
  reportLossSum(): number;
  reportDivergence(): number;
  reportDivergenceAt(): number;
  gradientNorm(l: number): number;
  lossAndGradients(n: number): number;
  testLoss(): number;
  testPointCount(): number;
  testLossPart(start: number, count: number, acc: number): number;
  totalNeurons(): number;
  evaluate(R: number, T: number): number;
  neuronGrid(l: number, u: number, R: number): number;
  forwardPoint(a: number, b: number): void;
  neuronStats(R: number): number;
  reserveExamples(n: number): number;
  statePtr(): number;
  stateSize(): number;
  stateProblem(): number;
  paramsPtr(): number;
  gradsPtr(): number;
  scratchPtr(): number;
  gridTargetPtr(): number;
  trainSetPtr(): number;
  testSetPtr(): number;
  layerWeightsPtr(l: number): number;
  layerBiasPtr(l: number): number;
  layerGradWeightsPtr(l: number): number;
  layerGradBiasPtr(l: number): number;
  layerActPtr(l: number): number;
  layerStride(l: number): number;
  layerRows(l: number): number;
  simdBuild(): number;
  testScratch(bytes: number): number;
  [name: string]: unknown;
}

/** What engine/assembly/network.ts stateProblem's codes mean. */
const STATE_PROBLEMS: Record<number, string> = {
  1: 'a counter is not a whole number of examples or steps, or the last rate is not finite',
  2: 'a weight or an optimizer moment is not finite',
  3: 'values where the network has no weight or bias',
  4: "the example generator's state is all zeros",
};

const LOSS_KINDS = { mse: 0, bce: 1, huber: 2 } as const;
const OPTIMIZER_KINDS = { sgd: 0, momentum: 1, adam: 2 } as const;
const SCHEDULE_KINDS = { constant: 0, step: 1, exponential: 2, cosine: 3, sgdr: 4 } as const;
const TARGET_GRID = 100;
const MAX_HIDDEN = 8;
const MAX_UNITS = 256;
const MAX_BATCH = 1024;
const MAX_GRID_TARGET = 1024;
const MAX_SET = 1_000_000;
const MAX_EXPLICIT = 1_000_000;
const MAX_TRAIN_CALL = 100_000_000;
const SNAPSHOT_VERSION = 1;

function fail(message: string): never {
  throw new Error(`engine: ${message}`);
}

/**
 * Check explicit examples (`trainOn`, `lossOn`): Float32Arrays, 1…MAX_EXPLICIT targets, two
 * finite inputs per finite target. Returns how many; throws a RangeError saying what is wrong.
 * TrainerCore checks a whole set with it before it trains the set in parts.
 */
export function checkExamples(inputs: Float32Array, targets: Float32Array, verb: string): number {
  if (!(inputs instanceof Float32Array) || !(targets instanceof Float32Array))
    fail(`${verb}: inputs and targets must be Float32Arrays`);
  const n = targets.length;
  if (n < 1 || n > MAX_EXPLICIT) fail(`${verb}: between 1 and ${MAX_EXPLICIT} examples (got ${n})`);
  if (inputs.length !== 2 * n)
    fail(`${verb}: inputs must hold 2 numbers per target (${2 * n}), got ${inputs.length}`);
  for (let k = 0; k < inputs.length; k++)
    if (!Number.isFinite(inputs[k])) fail(`${verb}: input ${k} is not finite`);
  for (let k = 0; k < n; k++)
    if (!Number.isFinite(targets[k])) fail(`${verb}: target ${k} is not finite`);
  return n;
}

/** The path of the first number in `v` that is NaN or ±Infinity ("training.learningRate"), or null. */
function nonFinitePath(v: unknown, path: string): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (!v || typeof v !== 'object') return null;
  for (const [k, x] of Object.entries(v)) {
    const found = nonFinitePath(x, `${path}.${k}`);
    if (found) return found;
  }
  return null;
}

/** A plain array, or a typed array (Float32Array rows are as good as number[] ones). */
function isNumberList(v: unknown): v is ArrayLike<number> & Iterable<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

function isInt(v: unknown, lo: number, hi: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

function checkInitializer(init: Initializer, where: string): void {
  if (
    !init ||
    typeof init !== 'object' ||
    !(INITIALIZER_KINDS as readonly string[]).includes(init.kind)
  ) {
    fail(`${where}: unknown initializer ${JSON.stringify(init)}`);
  }
  switch (init.kind) {
    case 'constant':
      if (!isBounded(init.value))
        fail(`${where}: constant value must be a number within ±${MAX_MAGNITUDE}`);
      break;
    case 'uniform':
      if (!isBounded(init.min) || !isBounded(init.max) || init.min > init.max) {
        fail(`${where}: uniform needs min ≤ max, both within ±${MAX_MAGNITUDE}`);
      }
      break;
    case 'normal':
      if (!isBounded(init.mean) || !isBounded(init.std) || init.std < 0) {
        fail(`${where}: normal needs a mean and a std ≥ 0 within ±${MAX_MAGNITUDE}`);
      }
      break;
    case 'heUniform':
    case 'heNormal':
      if (init.slope !== undefined && (!isFiniteFloat32(init.slope) || init.slope < 0)) {
        fail(`${where}: He slope must be a finite number ≥ 0`);
      }
      break;
  }
}

function checkLayer(layer: LayerConfig, where: string, isOutput: boolean): void {
  if (!layer || typeof layer !== 'object') fail(`${where}: missing layer`);
  if (isOutput) {
    if (layer.units !== 1)
      fail(`${where}: the output layer has exactly 1 neuron (got ${layer.units})`);
  } else if (!isInt(layer.units, 1, MAX_UNITS)) {
    fail(`${where}: units must be an integer in 1…${MAX_UNITS} (got ${layer.units})`);
  }
  if (!(ACTIVATIONS as readonly string[]).includes(layer.activation)) {
    fail(`${where}: unknown activation ${JSON.stringify(layer.activation)}`);
  }
  if (layer.activationParam !== undefined && !isFiniteFloat32(layer.activationParam)) {
    fail(`${where}: activationParam must be a finite number`);
  }
  if (!isOutput && layer.bias === false) fail(`${where}: hidden layers always have a bias`);
  checkInitializer(layer.weightInit, `${where} weightInit`);
  checkInitializer(layer.biasInit, `${where} biasInit`);
}

function checkTraining(t: TrainingConfig): void {
  if (!t || typeof t !== 'object') fail('training: missing');
  const loss = t.loss;
  if (!loss || !Object.hasOwn(LOSS_KINDS, loss.kind))
    fail(`training.loss: unknown ${JSON.stringify(loss)}`);
  // Positive in float32 too: 1e-50 would round to 0 there.
  if (loss.kind === 'huber' && !(isFiniteFloat32(loss.delta) && Math.fround(loss.delta) > 0))
    fail('training.loss: huber delta must be > 0');
  const opt = t.optimizer;
  if (!opt || !Object.hasOwn(OPTIMIZER_KINDS, opt.kind))
    fail(`training.optimizer: unknown ${JSON.stringify(opt)}`);
  // Below 1 in float32 too: 0.99999999 rounds to 1 there (no decay; Adam's 1 − β₁ᵗ = 0).
  if (opt.kind === 'momentum') {
    if (!(isFiniteFloat32(opt.momentum) && opt.momentum >= 0 && Math.fround(opt.momentum) < 1))
      fail('training.optimizer: momentum must be in [0, 1)');
    if (typeof opt.nesterov !== 'boolean') fail('training.optimizer: nesterov must be a boolean');
  }
  if (opt.kind === 'adam') {
    if (!(isFiniteFloat32(opt.beta1) && opt.beta1 >= 0 && Math.fround(opt.beta1) < 1))
      fail('training.optimizer: beta1 must be in [0, 1)');
    if (!(isFiniteFloat32(opt.beta2) && opt.beta2 >= 0 && Math.fround(opt.beta2) < 1))
      fail('training.optimizer: beta2 must be in [0, 1)');
    if (!(isFiniteFloat32(opt.epsilon) && Math.fround(opt.epsilon) > 0))
      fail('training.optimizer: epsilon must be > 0');
  }
  if (!isInt(t.batchSize, 1, MAX_BATCH))
    fail(`training.batchSize must be an integer in 1…${MAX_BATCH} (got ${t.batchSize})`);
  if (!(isFiniteFloat32(t.learningRate) && t.learningRate >= 0))
    fail(`training.learningRate must be a finite number ≥ 0 (got ${t.learningRate})`);
  if (!(isFiniteFloat32(t.l1) && t.l1 >= 0)) fail('training.l1 must be a finite number ≥ 0');
  if (!(isFiniteFloat32(t.l2) && t.l2 >= 0)) fail('training.l2 must be a finite number ≥ 0');
  if (!(isFiniteFloat32(t.warmupExamples) && t.warmupExamples >= 0))
    fail('training.warmupExamples must be ≥ 0');
  const s = t.schedule;
  if (!s || !Object.hasOwn(SCHEDULE_KINDS, s.kind))
    fail(`training.schedule: unknown ${JSON.stringify(s)}`);
  switch (s.kind) {
    case 'step':
    case 'exponential':
      if (!(isFiniteFloat32(s.every) && s.every > 0))
        fail(`training.schedule: ${s.kind} needs every > 0`);
      if (!(isFiniteFloat32(s.gamma) && s.gamma > 0))
        fail(`training.schedule: ${s.kind} needs gamma > 0`);
      break;
    case 'cosine':
      if (!(isFiniteFloat32(s.period) && s.period > 0))
        fail('training.schedule: cosine needs period > 0');
      if (!(isFiniteFloat32(s.min) && s.min >= 0)) fail('training.schedule: cosine needs min ≥ 0');
      break;
    case 'sgdr':
      if (!(isFiniteFloat32(s.period) && s.period > 0))
        fail('training.schedule: sgdr needs period > 0');
      if (!(isFiniteFloat32(s.mult) && s.mult >= 1)) fail('training.schedule: sgdr needs mult ≥ 1');
      if (!(isFiniteFloat32(s.min) && s.min >= 0)) fail('training.schedule: sgdr needs min ≥ 0');
      break;
  }
}

function checkSeed(seed: unknown): asserts seed is number {
  if (!isInt(seed, 0, 0xffffffff)) fail(`seed must be an integer in 0…2³²−1 (got ${String(seed)})`);
}

function checkConfig(config: ExperimentConfig): void {
  if (!config || typeof config !== 'object') fail('configure: missing config');
  const net = config.network;
  if (!net || !Array.isArray(net.hidden)) fail('network.hidden must be an array');
  if (net.hidden.length > MAX_HIDDEN)
    fail(`network: at most ${MAX_HIDDEN} hidden layers (got ${net.hidden.length})`);
  net.hidden.forEach((layer, k) => checkLayer(layer, `network.hidden[${k}]`, false));
  checkLayer(net.output, 'network.output', true);
  if (typeof net.fastMath !== 'boolean') fail('network.fastMath must be a boolean');
  checkTraining(config.training);
  const data = config.data;
  if (!data || !data.target || !data.mode) fail('data: missing target or mode');
  if (data.target.kind === 'builtin') {
    if (!(TARGETS as readonly string[]).includes(data.target.id))
      fail(`data.target: unknown id ${JSON.stringify(data.target.id)}`);
  } else if (data.target.kind === 'grid') {
    const { size, values } = data.target;
    if (!isInt(size, 2, MAX_GRID_TARGET))
      fail(`data.target: grid size must be an integer in 2…${MAX_GRID_TARGET}`);
    if (!values || values.length !== size * size)
      fail(`data.target: grid needs size² = ${size * size} values`);
    for (let k = 0; k < values.length; k++)
      if (!isBounded(values[k]))
        fail(`data.target: grid value ${k} is not a number within ±${MAX_MAGNITUDE}`);
  } else {
    fail(`data.target: unknown kind ${JSON.stringify((data.target as { kind: unknown }).kind)}`);
  }
  if (data.mode.kind === 'fixed') {
    if (!isInt(data.mode.trainSize, 1, MAX_SET))
      fail(`data.mode.trainSize must be an integer in 1…${MAX_SET}`);
    if (!isInt(data.mode.testSize, 1, MAX_SET))
      fail(`data.mode.testSize must be an integer in 1…${MAX_SET}`);
    if (!(isBounded(data.mode.noise) && data.mode.noise >= 0))
      fail(`data.mode.noise must be a number in 0…${MAX_MAGNITUDE}`);
  } else if (data.mode.kind !== 'fresh') {
    fail(`data.mode: unknown kind ${JSON.stringify((data.mode as { kind: unknown }).kind)}`);
  }
  checkSeed(config.seed);
}

function activationParam(layer: LayerConfig): number {
  if (layer.activationParam !== undefined) return layer.activationParam;
  if (layer.activation === 'leakyRelu') return 0.01;
  if (layer.activation === 'elu') return 1;
  return 0;
}

/** (kind, a, b) for the Wasm initializer; He's slope defaults to the layer's leaky slope. */
function initializerArgs(init: Initializer, layer: LayerConfig): [number, number, number] {
  const kind = INITIALIZER_KINDS.indexOf(init.kind);
  switch (init.kind) {
    case 'constant':
      return [kind, init.value, 0];
    case 'uniform':
      return [kind, init.min, init.max];
    case 'normal':
      return [kind, init.mean, init.std];
    case 'heUniform':
    case 'heNormal':
      return [
        kind,
        init.slope ?? (layer.activation === 'leakyRelu' ? activationParam(layer) : 0),
        0,
      ];
    default:
      return [kind, 0, 0];
  }
}

/** A deep copy that JSON can carry (grid values as a plain array). */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Engine implements EngineApi {
  readonly simd: boolean;
  private readonly w: EngineExports;
  private config: ExperimentConfig | null = null;
  private buffer: ArrayBuffer = new ArrayBuffer(0);
  private f32: Float32Array = new Float32Array(0);
  private u8: Uint8Array = new Uint8Array(0);
  private hidden = 0;

  constructor(exports: EngineExports, simd: boolean) {
    this.w = exports;
    this.simd = simd;
    if (Boolean(exports.simdBuild()) !== simd)
      fail(
        `module is the ${exports.simdBuild() ? 'SIMD' : 'scalar'} build, not the ${simd ? 'SIMD' : 'scalar'} one`,
      );
    this.views();
  }

  /** Typed-array views over Wasm memory, rebuilt after growth (growth detaches the old buffer). */
  private views(): void {
    const buffer = this.w.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f32 = new Float32Array(buffer);
      this.u8 = new Uint8Array(buffer);
    }
  }

  private need(): ExperimentConfig {
    if (!this.config) fail('not configured: call configure() first');
    return this.config;
  }

  /** The configuration in force (a copy), training changes and the current seed included. */
  get currentConfig(): ExperimentConfig {
    return cloneConfig(this.need());
  }

  get examplesSeen(): number {
    return this.config ? this.w.examplesSeen() : 0;
  }

  /** The learning rate of the next step (schedule and warm-up applied at examplesSeen). */
  get learningRate(): number {
    return this.config ? this.w.currentLearningRate() : 0;
  }

  /**
   * The learning rate of the last step trained, which is what a finished run ended at: a run
   * that stops on a step of its schedule has not used the next rate. Before any step, and after
   * a change of the rate or schedule, the next step's (`learningRate`).
   */
  get lastLearningRate(): number {
    return this.config ? this.w.lastLearningRate() : 0;
  }

  configure(config: ExperimentConfig): void {
    checkConfig(config);
    const cfg = cloneConfig(config);
    const w = this.w;
    const net = cfg.network;
    const layers = [...net.hidden, net.output];
    w.setNetwork(net.hidden.length, net.fastMath ? 1 : 0);
    layers.forEach((layer, k) => {
      const l = k + 1;
      const hasBias = k < net.hidden.length ? true : layer.bias !== false;
      w.setLayer(
        l,
        layer.units,
        ACTIVATIONS.indexOf(layer.activation as Activation),
        activationParam(layer),
        hasBias ? 1 : 0,
      );
      const [wk, wa, wb] = initializerArgs(layer.weightInit, layer);
      const [bk, ba, bb] = initializerArgs(layer.biasInit, layer);
      w.setInit(l, wk, wa, wb, bk, ba, bb);
    });
    this.applyTraining(cfg.training);
    const target = cfg.data.target;
    const mode = cfg.data.mode;
    w.setData(
      target.kind === 'builtin' ? TARGETS.indexOf(target.id) : TARGET_GRID,
      target.kind === 'grid' ? target.size : 0,
      mode.kind === 'fixed' ? 1 : 0,
      mode.kind === 'fixed' ? mode.trainSize : 0,
      mode.kind === 'fixed' ? mode.testSize : 0,
      mode.kind === 'fixed' ? mode.noise : 0,
    );
    if (!w.build()) {
      this.config = null;
      fail('out of memory while laying out the network');
    }
    this.views();
    if (target.kind === 'grid') this.f32.set(target.values, w.gridTargetPtr() >> 2);
    this.hidden = net.hidden.length;
    this.config = cfg;
    w.reset(cfg.seed >>> 0);
  }

  private applyTraining(t: TrainingConfig): void {
    const w = this.w;
    w.setLoss(LOSS_KINDS[t.loss.kind], t.loss.kind === 'huber' ? t.loss.delta : 1);
    const o = t.optimizer;
    w.setOptimizer(
      OPTIMIZER_KINDS[o.kind],
      o.kind === 'adam' ? o.beta1 : 0.9,
      o.kind === 'adam' ? o.beta2 : 0.999,
      o.kind === 'adam' ? o.epsilon : 1e-8,
      o.kind === 'momentum' ? o.momentum : 0,
      o.kind === 'momentum' && o.nesterov ? 1 : 0,
    );
    w.setBatchSize(t.batchSize);
    w.setLearningRate(t.learningRate);
    w.setRegularization(t.l1, t.l2);
    const s = t.schedule;
    const a =
      s.kind === 'step' || s.kind === 'exponential'
        ? s.every
        : s.kind === 'cosine' || s.kind === 'sgdr'
          ? s.period
          : 1;
    const b =
      s.kind === 'step' || s.kind === 'exponential' ? s.gamma : s.kind === 'sgdr' ? s.mult : 1;
    const lo = s.kind === 'cosine' || s.kind === 'sgdr' ? s.min : 0;
    w.setSchedule(SCHEDULE_KINDS[s.kind], a, b, lo, t.warmupExamples);
  }

  reset(seed?: number): void {
    const cfg = this.need();
    const s = seed ?? cfg.seed;
    checkSeed(s);
    cfg.seed = s;
    this.w.reset(s >>> 0);
  }

  setTraining(training: Partial<TrainingConfig>): void {
    const cfg = this.need();
    if (!training || typeof training !== 'object') fail('setTraining: expects an object');
    // The copy below goes through JSON, which writes NaN and ±Infinity as null: say so first.
    const bad = nonFinitePath(training, 'training');
    if (bad) fail(`${bad} must be a finite number`);
    const merged: TrainingConfig = {
      ...cfg.training,
      ...(JSON.parse(JSON.stringify(training)) as Partial<TrainingConfig>),
    };
    checkTraining(merged);
    const kindChanged = merged.optimizer.kind !== cfg.training.optimizer.kind;
    cfg.training = merged;
    this.applyTraining(merged);
    if (kindChanged) this.w.resetOptimizer();
  }

  setFastMath(fast: boolean): void {
    const cfg = this.need();
    if (typeof fast !== 'boolean') fail('setFastMath: expects a boolean');
    cfg.network.fastMath = fast;
    this.w.setFastMath(fast ? 1 : 0);
  }

  private report(done: number): TrainReport {
    const w = this.w;
    const reason = w.reportDivergence();
    return {
      examples: done,
      examplesSeen: w.examplesSeen(),
      loss: done > 0 ? w.reportLossSum() / done : NaN,
      learningRate: w.currentLearningRate(),
      diverged:
        reason === 0
          ? null
          : { atExample: w.reportDivergenceAt(), reason: reason === 1 ? 'loss' : 'weights' },
    };
  }

  train(examples: number): TrainReport {
    this.need();
    if (!isInt(examples, 0, MAX_TRAIN_CALL))
      fail(`train: examples must be an integer in 0…${MAX_TRAIN_CALL} (got ${examples})`);
    if (examples === 0) return this.report(0);
    return this.report(this.w.train(examples, 0));
  }

  /** Copy explicit examples into SCRATCH as (a, b, t, 0). */
  private putExamples(inputs: Float32Array, targets: Float32Array, verb: string): number {
    const n = checkExamples(inputs, targets, verb);
    if (!this.w.reserveExamples(n)) fail(`${verb}: out of memory`);
    this.views();
    const base = this.w.scratchPtr() >> 2;
    const f = this.f32;
    for (let k = 0; k < n; k++) {
      const p = base + 4 * k;
      f[p] = inputs[2 * k];
      f[p + 1] = inputs[2 * k + 1];
      f[p + 2] = targets[k];
      f[p + 3] = 0;
    }
    return n;
  }

  trainOn(inputs: Float32Array, targets: Float32Array): TrainReport {
    this.need();
    const n = this.putExamples(inputs, targets, 'trainOn');
    return this.report(this.w.train(n, 1));
  }

  lossAndGradients(
    inputs: Float32Array,
    targets: Float32Array,
  ): { loss: number; grads: LayerParams[] } {
    this.need();
    const n = this.putExamples(inputs, targets, 'lossAndGradients');
    const loss = this.w.lossAndGradients(n);
    this.views();
    return {
      loss,
      grads: this.readParams(
        (l) => this.w.layerGradWeightsPtr(l),
        (l) => this.w.layerGradBiasPtr(l),
      ),
    };
  }

  testLoss(onPart?: (done: number, total: number) => void): number {
    this.need();
    if (!onPart) return this.w.testLoss();
    // Parts of TEST_PART points (a multiple of the engine's batch capacity) add up, in order, to
    // the bits of one reading (network.ts, testLossPart).
    const total = this.w.testPointCount();
    if (total <= 0) return Number.NaN;
    let sum = 0;
    for (let done = 0; done < total;) {
      sum = this.w.testLossPart(done, TEST_PART, sum);
      done = Math.min(total, done + TEST_PART);
      onPart(done, total);
    }
    return sum / total;
  }

  gradientNorms(): number[] {
    this.need();
    const out: number[] = [];
    for (let l = 1; l <= this.hidden + 1; l++) out.push(this.w.gradientNorm(l));
    return out;
  }

  private layerUnits(l: number): number {
    const net = this.need().network;
    return l <= net.hidden.length ? net.hidden[l - 1].units : 1;
  }

  private layerHasBias(l: number): boolean {
    const net = this.need().network;
    return l <= net.hidden.length ? true : net.output.bias !== false;
  }

  evaluate(
    resolution: number,
    thumbResolution: number,
  ): { output: Float32Array; target: Float32Array; neurons: Float32Array | null } {
    this.need();
    if (!isInt(resolution, 2, MAX_RESOLUTION))
      fail(`evaluate: resolution must be an integer in 2…${MAX_RESOLUTION} (got ${resolution})`);
    if (!isInt(thumbResolution, 0, MAX_THUMB) || thumbResolution === 1)
      fail(
        `evaluate: thumbResolution must be 0 or an integer in 2…${MAX_THUMB} (got ${thumbResolution})`,
      );
    if (!this.w.evaluate(resolution, thumbResolution)) fail('evaluate: out of memory');
    this.views();
    const R2 = resolution * resolution;
    const plane = (((R2 * 4 + 63) >> 6) << 6) >> 2;
    const base = this.w.scratchPtr() >> 2;
    const output = this.f32.slice(base, base + R2);
    const target = this.f32.slice(base + plane, base + plane + R2);
    let neurons: Float32Array | null = null;
    if (thumbResolution > 0) {
      const count = this.w.totalNeurons() * thumbResolution * thumbResolution;
      neurons = this.f32.slice(base + 2 * plane, base + 2 * plane + count);
    }
    return { output, target, neurons };
  }

  private checkNeuron(layer: number, index: number, verb: string): void {
    if (!isInt(layer, 0, this.hidden))
      fail(`${verb}: layer must be an integer in 0…${this.hidden} (got ${layer})`);
    const n = this.layerUnits(layer + 1);
    if (!isInt(index, 0, n - 1))
      fail(`${verb}: index must be an integer in 0…${n - 1} (got ${index})`);
  }

  neuron(layer: number, index: number, resolution: number): Float32Array {
    this.need();
    this.checkNeuron(layer, index, 'neuron');
    if (!isInt(resolution, 2, MAX_RESOLUTION))
      fail(`neuron: resolution must be an integer in 2…${MAX_RESOLUTION} (got ${resolution})`);
    if (!this.w.neuronGrid(layer + 1, index, resolution)) fail('neuron: out of memory');
    this.views();
    const base = this.w.scratchPtr() >> 2;
    return this.f32.slice(base, base + resolution * resolution);
  }

  neuronValuesAt(a: number, b: number): Float32Array[] {
    this.need();
    if (!isFiniteFloat32(a) || !isFiniteFloat32(b))
      fail('neuronValuesAt: a and b must be finite numbers');
    this.w.forwardPoint(a, b);
    this.views();
    const out: Float32Array[] = [];
    for (let l = 1; l <= this.hidden + 1; l++) {
      const p = this.w.layerActPtr(l) >> 2;
      out.push(this.f32.slice(p, p + this.layerUnits(l)));
    }
    return out;
  }

  neuronStats(resolution = 64): NeuronStat[] {
    this.need();
    if (!isInt(resolution, 2, MAX_RESOLUTION))
      fail(`neuronStats: resolution must be an integer in 2…${MAX_RESOLUTION} (got ${resolution})`);
    if (!this.w.neuronStats(resolution)) fail('neuronStats: out of memory');
    this.views();
    const base = this.w.scratchPtr() >> 2;
    const points = resolution * resolution;
    const stats: NeuronStat[] = [];
    let k = 0;
    for (let l = 1; l <= this.hidden + 1; l++) {
      for (let u = 0; u < this.layerUnits(l); u++) {
        const p = base + 4 * k++;
        const nonzero = this.f32[p];
        const active = this.f32[p + 1];
        stats.push({
          layer: l - 1,
          index: u,
          dead: nonzero === 0 && active === 0,
          activeFraction: active / points,
          min: this.f32[p + 2],
          max: this.f32[p + 3],
        });
      }
    }
    return stats;
  }

  private readParams(wPtr: (l: number) => number, bPtr: (l: number) => number): LayerParams[] {
    const out: LayerParams[] = [];
    const f = this.f32;
    for (let l = 1; l <= this.hidden + 1; l++) {
      const inputs = l === 1 ? 2 : this.layerUnits(l - 1);
      const nOut = this.layerUnits(l);
      const so = this.w.layerStride(l);
      const wp = wPtr(l) >> 2;
      const weights: number[][] = [];
      for (let o = 0; o < nOut; o++) {
        const row: number[] = new Array(inputs);
        for (let i = 0; i < inputs; i++) row[i] = f[wp + i * so + o];
        weights.push(row);
      }
      const biases: number[] = [];
      if (this.layerHasBias(l)) {
        const bp = bPtr(l) >> 2;
        for (let o = 0; o < nOut; o++) biases.push(f[bp + o]);
      }
      out.push({ weights, biases });
    }
    return out;
  }

  /** `biases` is empty for an output layer without bias. */
  getParams(): LayerParams[] {
    this.need();
    this.views();
    return this.readParams(
      (l) => this.w.layerWeightsPtr(l),
      (l) => this.w.layerBiasPtr(l),
    );
  }

  setParams(params: LayerParams[]): void {
    this.need();
    const L = this.hidden + 1;
    if (!Array.isArray(params) || params.length !== L) fail(`setParams: expected ${L} layers`);
    for (let l = 1; l <= L; l++) {
      const p = params[l - 1];
      const inputs = l === 1 ? 2 : this.layerUnits(l - 1);
      const nOut = this.layerUnits(l);
      if (!p || !Array.isArray(p.weights) || p.weights.length !== nOut)
        fail(`setParams: layer ${l - 1} needs ${nOut} weight rows`);
      for (const row of p.weights) {
        if (!isNumberList(row) || row.length !== inputs)
          fail(`setParams: layer ${l - 1} weight rows need ${inputs} values`);
        for (const v of row)
          if (!isFiniteFloat32(v)) fail(`setParams: layer ${l - 1} has a non-finite weight`);
      }
      const nb = this.layerHasBias(l) ? nOut : 0;
      if (!isNumberList(p.biases) || p.biases.length !== nb)
        fail(`setParams: layer ${l - 1} needs ${nb} biases`);
      for (const v of p.biases)
        if (!isFiniteFloat32(v)) fail(`setParams: layer ${l - 1} has a non-finite bias`);
    }
    this.views();
    const f = this.f32;
    for (let l = 1; l <= L; l++) {
      const p = params[l - 1];
      const so = this.w.layerStride(l);
      const wp = this.w.layerWeightsPtr(l) >> 2;
      p.weights.forEach((row, o) => row.forEach((v, i) => (f[wp + i * so + o] = v)));
      const bp = this.w.layerBiasPtr(l) >> 2;
      p.biases.forEach((v, o) => (f[bp + o] = v));
    }
  }

  /**
   * Bytes: [u32 magic 'NNLS'][u32 version][u32 JSON length][u32 state length][JSON of the
   * configuration in force, padded to 4][state: header, weights, optimizer moments].
   */
  snapshot(): Uint8Array {
    const cfg = this.need();
    this.views();
    const json = new TextEncoder().encode(JSON.stringify(cfg));
    const jsonPadded = (json.length + 3) & ~3;
    const stateBytes = this.w.stateSize();
    const out = new Uint8Array(16 + jsonPadded + stateBytes);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, SNAPSHOT_MAGIC, true);
    dv.setUint32(4, SNAPSHOT_VERSION, true);
    dv.setUint32(8, json.length, true);
    dv.setUint32(12, stateBytes, true);
    out.set(json, 16);
    const sp = this.w.statePtr();
    out.set(this.u8.subarray(sp, sp + stateBytes), 16 + jsonPadded);
    return out;
  }

  restore(snapshot: Uint8Array): void {
    if (!(snapshot instanceof Uint8Array) || snapshot.length < 16) fail('restore: not a snapshot');
    const dv = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
    if (dv.getUint32(0, true) !== SNAPSHOT_MAGIC) fail('restore: not a snapshot (bad magic)');
    if (dv.getUint32(4, true) !== SNAPSHOT_VERSION) fail('restore: unsupported snapshot version');
    const jsonLength = dv.getUint32(8, true);
    const stateBytes = dv.getUint32(12, true);
    const jsonPadded = (jsonLength + 3) & ~3;
    if (snapshot.length !== 16 + jsonPadded + stateBytes) fail('restore: truncated snapshot');
    let cfg: ExperimentConfig;
    try {
      cfg = JSON.parse(
        new TextDecoder().decode(snapshot.subarray(16, 16 + jsonLength)),
      ) as ExperimentConfig;
    } catch {
      fail('restore: unreadable configuration');
    }
    try {
      checkConfig(cfg);
    } catch (e) {
      const why = (e as Error).message.replace(/^engine: /, '');
      fail(`restore: the snapshot's configuration is refused: ${why}`);
    }
    const state = snapshot.subarray(16 + jsonPadded);
    if (
      stateBytes < 8 ||
      new DataView(state.buffer, state.byteOffset, 8).getUint32(0, true) !== 0x314c4e4e
    )
      fail('restore: corrupt state');
    const current = this.config;
    // All or nothing: a snapshot refused below leaves the network as it was.
    const backup = current ? this.snapshot() : null;
    try {
      const structural = (c: ExperimentConfig) => ({
        network: { ...c.network, fastMath: false },
        data: c.data,
        seed: c.seed,
      });
      if (!current || !same(structural(current), structural(cfg))) {
        this.configure(cfg);
      } else {
        this.setTraining(cfg.training);
        this.setFastMath(cfg.network.fastMath);
      }
      if (this.w.stateSize() !== stateBytes) fail('restore: snapshot is from a different network');
      this.views();
      this.u8.set(state, this.w.statePtr());
      const problem = this.w.stateProblem();
      if (problem !== 0) fail(`restore: corrupt state (${STATE_PROBLEMS[problem] ?? problem})`);
    } catch (e) {
      if (backup) this.restore(backup);
      else this.config = null;
      throw e;
    }
  }

  /**
   * The fixed-mode data sets as (a, b, target) triples: `train` with its noisy labels, `test`
   * with clean ones (fresh mode: `train` is empty and `test` is the 64×64 grid of testLoss()).
   */
  dataSets(): { train: Float32Array; test: Float32Array } {
    const cfg = this.need();
    this.views();
    const mode = cfg.data.mode;
    const read = (ptr: number, n: number) => {
      const out = new Float32Array(3 * n);
      const base = ptr >> 2;
      for (let k = 0; k < n; k++) {
        out[3 * k] = this.f32[base + 4 * k];
        out[3 * k + 1] = this.f32[base + 4 * k + 1];
        out[3 * k + 2] = this.f32[base + 4 * k + 2];
      }
      return out;
    };
    return mode.kind === 'fixed'
      ? {
          train: read(this.w.trainSetPtr(), mode.trainSize),
          test: read(this.w.testSetPtr(), mode.testSize),
        }
      : { train: new Float32Array(0), test: read(this.w.testSetPtr(), FRESH_TEST_POINTS) };
  }

  memoryBytes(): number {
    return this.w.memory.buffer.byteLength;
  }
}

/** Instantiate a compiled engine module (no imports needed) in a page, a worker or Node. */
export async function instantiateEngine(
  module: WebAssembly.Module,
  simd: boolean,
): Promise<Engine> {
  const instance = await WebAssembly.instantiate(module, {});
  return new Engine(instance.exports as unknown as EngineExports, simd);
}
