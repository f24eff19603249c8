/**
 * An independent float64 reference trainer: the oracle the engine's tests compare against.
 *
 * It is written from the contract (`src/lib/engine/types.ts`, `api.ts`) and from the formulas
 * documented beside the engine's kernels, never from the engine's code, and it imports nothing but
 * types. Everything here is deliberately plain: arrays of numbers, one loop per formula, every
 * activation's `f` beside its `f'`, so a reader can check each line against the math in its comment.
 *
 * Conventions (the places where textbooks differ) are named in `ReferenceConventions` and chosen
 * to match the engine's documented formulas; each is stated where it is used.
 */
import type {
  Activation,
  Initializer,
  LayerConfig,
  LayerParams,
  Loss,
  NetworkConfig,
  Schedule,
  TrainingConfig,
} from '../../src/lib/engine/types';

// ───────────────────────────── conventions ─────────────────────────────

/** The choices where common definitions differ. Defaults follow the engine's documented formulas. */
export interface ReferenceConventions {
  /** MSE per example: 'half' = ½(y − t)² (dL/dy = y − t); 'full' = (y − t)² (dL/dy = 2(y − t)). */
  mse: 'half' | 'full';
  /** BCE clamps y into [ε, 1 − ε] before the logarithms (0 = no clamp). */
  bceEpsilon: number;
  /** GELU: 'erf' = x·Φ(x) exactly; 'tanh' = the usual tanh approximation. */
  gelu: 'erf' | 'tanh';
  /** L2 penalty: 'half' = (λ/2)·Σw² (gradient λ·w); 'full' = λ·Σw² (gradient 2λ·w). */
  l2: 'half' | 'full';
  /** Whether L1/L2 also act on biases (usually not). */
  regularizeBiases: boolean;
  /**
   * Momentum form. 'pytorch': v ← μv + g, w ← w − η·v (Nesterov: w ← w − η·(g + μv)).
   * 'classic': v ← μv − η·g, w ← w + v (Nesterov: w ← w + μv − η·g). They differ when η changes.
   */
  momentum: 'pytorch' | 'classic';
  /** Adam: 'outside' = η·m̂/(√v̂ + ε) (Kingma & Ba); 'inside' = η·m̂/√(v̂ + ε). */
  adamEpsilon: 'outside' | 'inside';
  /** Linear warm-up: rate at example t < W is scheduled(0)·(t + warmupOffset)/W. */
  warmupOffset: 0 | 1;
}

/**
 * The engine documents (engine/assembly/kernels/loss.ts, optimizers.ts, schedule.ts): MSE without
 * the ½, BCE clamped at 1e−7, GELU with erf, L2 as ½λ₂‖w‖² on weights only, PyTorch-style momentum
 * and Nesterov, Adam's ε outside the root, warm-up s(0)·t/W.
 */
export const DEFAULT_CONVENTIONS: ReferenceConventions = {
  mse: 'full',
  bceEpsilon: 1e-7,
  gelu: 'erf',
  l2: 'half',
  regularizeBiases: false,
  momentum: 'pytorch',
  adamEpsilon: 'outside',
  warmupOffset: 0,
};

// ───────────────────────────── special functions ─────────────────────────────

/**
 * erf(x) to float64 accuracy: erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿ·x^(2n+1) / (1·3·5⋯(2n+1)).
 * Every term is positive (no cancellation), so the sum is accurate to a few ulps for |x| ≤ 6;
 * beyond 6, erf(x) = ±1 in float64 (1 − erf(6) ≈ 2e−17).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  for (let n = 0; n < 400; n++) {
    term *= (2 * ax * ax) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const value = (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
  return x < 0 ? -value : value;
}

/** Standard normal density φ(x) and distribution Φ(x). */
const normalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** σ(x) = 1/(1 + e^(−x)), written so neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// ───────────────────────────── activations ─────────────────────────────

export interface ActivationPair {
  /** a = f(z) */
  f: (z: number) => number;
  /** da/dz = f'(z), at the pre-activation value z */
  df: (z: number) => number;
}

/** The default `activationParam`: leaky ReLU's slope 0.01, ELU's alpha 1. */
export function defaultActivationParam(kind: Activation): number {
  if (kind === 'leakyRelu') return 0.01;
  if (kind === 'elu') return 1;
  return 0;
}

/** Every activation with its derivative beside it. `param` is leaky ReLU's slope or ELU's alpha. */
export function activation(
  kind: Activation,
  param: number = defaultActivationParam(kind),
  conv: ReferenceConventions = DEFAULT_CONVENTIONS,
): ActivationPair {
  switch (kind) {
    case 'identity':
      // f = z, f' = 1
      return { f: (z) => z, df: () => 1 };
    case 'sigmoid':
      // f = σ(z), f' = σ(z)·(1 − σ(z))
      return { f: sigmoid, df: (z) => sigmoid(z) * (1 - sigmoid(z)) };
    case 'tanh':
      // f = tanh z, f' = 1 − tanh² z
      return { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 };
    case 'relu':
      // f = max(0, z), f' = [z > 0]
      return { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) };
    case 'leakyRelu':
      // f = z for z > 0, a·z otherwise; f' = 1 or a
      return {
        f: (z) => (z > 0 ? z : param * z),
        df: (z) => (z > 0 ? 1 : param),
      };
    case 'elu':
      // f = z for z > 0, α(eᶻ − 1) otherwise; f' = 1 or α·eᶻ
      return {
        f: (z) => (z > 0 ? z : param * Math.expm1(z)),
        df: (z) => (z > 0 ? 1 : param * Math.exp(z)),
      };
    case 'gelu':
      if (conv.gelu === 'erf') {
        // f = z·Φ(z), f' = Φ(z) + z·φ(z)
        return {
          f: (z) => z * normalCdf(z),
          df: (z) => normalCdf(z) + z * normalPdf(z),
        };
      } else {
        // f = ½z(1 + tanh u), u = √(2/π)(z + 0.044715 z³)
        // f' = ½(1 + tanh u) + ½z(1 − tanh² u)·√(2/π)(1 + 3·0.044715 z²)
        const k = Math.sqrt(2 / Math.PI);
        return {
          f: (z) => 0.5 * z * (1 + Math.tanh(k * (z + 0.044715 * z ** 3))),
          df: (z) => {
            const th = Math.tanh(k * (z + 0.044715 * z ** 3));
            return 0.5 * (1 + th) + 0.5 * z * (1 - th * th) * k * (1 + 3 * 0.044715 * z * z);
          },
        };
      }
    case 'swish':
      // f = z·σ(z), f' = σ(z) + z·σ(z)(1 − σ(z))
      return {
        f: (z) => z * sigmoid(z),
        df: (z) => {
          const s = sigmoid(z);
          return s + z * s * (1 - s);
        },
      };
    case 'softplus':
      // f = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^(−|z|)), f' = σ(z)
      return {
        f: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
        df: sigmoid,
      };
    case 'gaussian':
      // f = e^(−z²), f' = −2z·e^(−z²)
      return {
        f: (z) => Math.exp(-z * z),
        df: (z) => -2 * z * Math.exp(-z * z),
      };
    case 'sine':
      // f = sin z, f' = cos z
      return { f: Math.sin, df: Math.cos };
    case 'gcu':
      // f = z·cos z, f' = cos z − z·sin z
      return {
        f: (z) => z * Math.cos(z),
        df: (z) => Math.cos(z) - z * Math.sin(z),
      };
    case 'ameo':
      // GCU for z ≥ 0, tanh below: f' = cos z − z·sin z, or 1 − tanh² z
      return {
        f: (z) => (z >= 0 ? z * Math.cos(z) : Math.tanh(z)),
        df: (z) => (z >= 0 ? Math.cos(z) - z * Math.sin(z) : 1 - Math.tanh(z) ** 2),
      };
  }
}

/** Where an activation's derivative jumps (finite differences must stay away from these z). */
export function activationKinks(kind: Activation, param = defaultActivationParam(kind)): number[] {
  if (kind === 'relu' || kind === 'leakyRelu') return [0];
  if (kind === 'elu' && param !== 1) return [0];
  return [];
}

// ───────────────────────────── losses ─────────────────────────────

export interface LossPair {
  /** L(y, t) for one example */
  value: (y: number, t: number) => number;
  /** dL/dy */
  dy: (y: number, t: number) => number;
}

export function lossFunction(
  loss: Loss,
  conv: ReferenceConventions = DEFAULT_CONVENTIONS,
): LossPair {
  switch (loss.kind) {
    case 'mse':
      return conv.mse === 'half'
        ? // L = ½(y − t)², dL/dy = y − t
          { value: (y, t) => 0.5 * (y - t) ** 2, dy: (y, t) => y - t }
        : // L = (y − t)², dL/dy = 2(y − t)
          { value: (y, t) => (y - t) ** 2, dy: (y, t) => 2 * (y - t) };
    case 'bce': {
      // L = −[t·ln p + (1 − t)·ln(1 − p)], p = clamp(y, ε, 1 − ε); dL/dy = (p − t)/(p(1 − p))
      const eps = conv.bceEpsilon;
      const clamp = (y: number) => Math.min(Math.max(y, eps), 1 - eps);
      return {
        value: (y, t) => {
          const p = clamp(y);
          return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
        },
        dy: (y, t) => {
          const p = clamp(y);
          return (p - t) / (p * (1 - p));
        },
      };
    }
    case 'huber': {
      // r = y − t; L = ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond; dL/dy = r, or δ·sign(r)
      const d = loss.delta;
      return {
        value: (y, t) => {
          const r = y - t;
          return Math.abs(r) <= d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d);
        },
        dy: (y, t) => {
          const r = y - t;
          return Math.abs(r) <= d ? r : d * Math.sign(r);
        },
      };
    }
  }
}

// ───────────────────────────── network ─────────────────────────────

/** One layer in float64: `weights[o][i]` from input i to neuron o, as in `LayerParams`. */
export interface RefLayer {
  weights: number[][];
  /** One bias per neuron; zeros (and never trained) when the layer has no bias. */
  biases: number[];
  hasBias: boolean;
  act: ActivationPair;
}

/** The layers of a network, in order, output last. */
export function layerConfigs(network: NetworkConfig): LayerConfig[] {
  return [...network.hidden, network.output];
}

/** Fan-in of every layer (2 for the first: the inputs a, b). */
export function layerShapes(network: NetworkConfig): { fanIn: number; fanOut: number }[] {
  const cfgs = layerConfigs(network);
  return cfgs.map((c, l) => ({
    fanIn: l === 0 ? 2 : cfgs[l - 1].units,
    fanOut: c.units,
  }));
}

/** Copy `LayerParams[]` (as `getParams()` returns them) into float64 layers for `network`. */
export function buildLayers(
  network: NetworkConfig,
  params: LayerParams[],
  conv: ReferenceConventions = DEFAULT_CONVENTIONS,
): RefLayer[] {
  const cfgs = layerConfigs(network);
  const shapes = layerShapes(network);
  if (params.length !== cfgs.length) {
    throw new Error(`expected ${cfgs.length} layers of params, got ${params.length}`);
  }
  return cfgs.map((c, l) => {
    const p = params[l];
    const { fanIn, fanOut } = shapes[l];
    const hasBias = c.bias !== false;
    if (p.weights.length !== fanOut || p.weights.some((row) => row.length !== fanIn)) {
      throw new Error(`layer ${l}: expected ${fanOut}×${fanIn} weights`);
    }
    const biases = hasBias ? p.biases.map(Number) : new Array<number>(fanOut).fill(0);
    if (biases.length !== fanOut) throw new Error(`layer ${l}: expected ${fanOut} biases`);
    return {
      weights: p.weights.map((row) => row.map(Number)),
      biases,
      hasBias,
      act: activation(
        c.activation,
        c.activationParam ?? defaultActivationParam(c.activation),
        conv,
      ),
    };
  });
}

/** Back to plain `LayerParams[]`; a layer without bias has `biases: []` (as `getParams()` gives). */
export function layersToParams(layers: RefLayer[]): LayerParams[] {
  return layers.map((L) => ({
    weights: L.weights.map((row) => [...row]),
    biases: L.hasBias ? [...L.biases] : [],
  }));
}

export interface ForwardTrace {
  /** z[l][o]: pre-activation of neuron o in layer l */
  z: number[][];
  /** a[l][o] = f(z[l][o]); a[-1] is the input, stored separately */
  a: number[][];
  input: number[];
  output: number;
}

/** Forward pass: zˡ = Wˡ·aˡ⁻¹ + bˡ, aˡ = f(zˡ), a⁰ = (a, b). */
export function forward(layers: RefLayer[], a: number, b: number): ForwardTrace {
  const input = [a, b];
  const zs: number[][] = [];
  const as: number[][] = [];
  let prev = input;
  for (const L of layers) {
    const z = L.weights.map((row, o) => {
      let s = L.biases[o];
      for (let i = 0; i < row.length; i++) s += row[i] * prev[i];
      return s;
    });
    const act = z.map(L.act.f);
    zs.push(z);
    as.push(act);
    prev = act;
  }
  return { z: zs, a: as, input, output: prev[0] };
}

/** Mean loss over examples (inputs interleaved [a0, b0, a1, b1, …]), without regularization. */
export function meanLoss(
  layers: RefLayer[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  loss: LossPair,
): number {
  let sum = 0;
  for (let k = 0; k < targets.length; k++) {
    sum += loss.value(forward(layers, inputs[2 * k], inputs[2 * k + 1]).output, targets[k]);
  }
  return sum / targets.length;
}

function zeroGrads(layers: RefLayer[]): LayerParams[] {
  return layers.map((L) => ({
    weights: L.weights.map((row) => row.map(() => 0)),
    biases: L.biases.map(() => 0),
  }));
}

/**
 * Mean loss and its gradients by backpropagation, over the examples given.
 * δᴸ = dL/dy · f'(zᴸ);  δˡ = (Wˡ⁺¹)ᵀ·δˡ⁺¹ ⊙ f'(zˡ);  dL/dWˡ = δˡ·(aˡ⁻¹)ᵀ;  dL/dbˡ = δˡ.
 * Gradients are averaged over the examples. A layer without bias gets a zero bias gradient.
 */
export function lossAndGradients(
  layers: RefLayer[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  loss: LossPair,
): { loss: number; grads: LayerParams[] } {
  const n = targets.length;
  const grads = zeroGrads(layers);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const tr = forward(layers, inputs[2 * k], inputs[2 * k + 1]);
    total += loss.value(tr.output, targets[k]);
    // δ for the output layer (one neuron)
    let delta = [
      loss.dy(tr.output, targets[k]) * layers[layers.length - 1].act.df(tr.z[layers.length - 1][0]),
    ];
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      const prevA = l === 0 ? tr.input : tr.a[l - 1];
      for (let o = 0; o < L.weights.length; o++) {
        const row = grads[l].weights[o];
        for (let i = 0; i < prevA.length; i++) row[i] += (delta[o] * prevA[i]) / n; // δ·aᵀ
        if (L.hasBias) grads[l].biases[o] += delta[o] / n; // δ
      }
      if (l > 0) {
        const below = layers[l - 1];
        const next: number[] = new Array(prevA.length).fill(0);
        for (let o = 0; o < L.weights.length; o++) {
          for (let i = 0; i < prevA.length; i++) next[i] += L.weights[o][i] * delta[o]; // Wᵀδ
        }
        delta = next.map((s, i) => s * below.act.df(tr.z[l - 1][i])); // ⊙ f'(z)
      }
    }
  }
  return { loss: total / n, grads };
}

/**
 * Gradients by central finite differences in float64: (L(θ + h) − L(θ − h)) / 2h for every
 * parameter, on the reference forward pass. The truncation error is h²·L‴/6 and the rounding
 * error about ε₆₄·|L|/h; with h = 1e−5·max(1, |θ|) both stay near 1e−10 relative for the smooth
 * functions used here, far below the float32 tolerances the tests use.
 */
export function finiteDifferenceGradients(
  layers: RefLayer[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  loss: LossPair,
  relStep = 1e-5,
): LayerParams[] {
  const grads = zeroGrads(layers);
  const probe = (get: () => number, set: (v: number) => void): number => {
    const v0 = get();
    const h = relStep * Math.max(1, Math.abs(v0));
    set(v0 + h);
    const up = meanLoss(layers, inputs, targets, loss);
    set(v0 - h);
    const down = meanLoss(layers, inputs, targets, loss);
    set(v0);
    return (up - down) / (2 * h);
  };
  layers.forEach((L, l) => {
    L.weights.forEach((row, o) => {
      row.forEach((_, i) => {
        grads[l].weights[o][i] = probe(
          () => row[i],
          (v) => (row[i] = v),
        );
      });
      if (L.hasBias) {
        grads[l].biases[o] = probe(
          () => L.biases[o],
          (v) => (L.biases[o] = v),
        );
      }
    });
  });
  return grads;
}

/** The smallest |z − kink| over every neuron and example: finite differences need it ≫ h. */
export function kinkMargin(
  layers: RefLayer[],
  configs: LayerConfig[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): number {
  let margin = Infinity;
  for (let k = 0; k < targets.length; k++) {
    const tr = forward(layers, inputs[2 * k], inputs[2 * k + 1]);
    configs.forEach((c, l) => {
      const kinks = activationKinks(
        c.activation,
        c.activationParam ?? defaultActivationParam(c.activation),
      );
      for (const z of tr.z[l]) for (const kz of kinks) margin = Math.min(margin, Math.abs(z - kz));
    });
  }
  return margin;
}

// ───────────────────────────── learning-rate schedules ─────────────────────────────

/** The scheduled rate on the schedule's own clock s (examples since warm-up ended). */
export function scheduledRate(schedule: Schedule, eta0: number, s: number): number {
  switch (schedule.kind) {
    case 'constant':
      return eta0;
    case 'step':
      // η₀·γ^⌊s/every⌋
      return eta0 * schedule.gamma ** Math.floor(s / schedule.every);
    case 'exponential':
      // η₀·γ^(s/every)
      return eta0 * schedule.gamma ** (s / schedule.every);
    case 'cosine': {
      // η_min + ½(η₀ − η_min)(1 + cos(π·min(s, P)/P))
      const P = schedule.period;
      return (
        schedule.min + 0.5 * (eta0 - schedule.min) * (1 + Math.cos((Math.PI * Math.min(s, P)) / P))
      );
    }
    case 'sgdr': {
      // Cycle i has length P·multⁱ; within a cycle, cosine from η₀ down towards η_min.
      let T = schedule.period;
      let tc = s;
      if (schedule.mult === 1) tc = s % T;
      else
        while (tc >= T) {
          tc -= T;
          T *= schedule.mult;
        }
      return schedule.min + 0.5 * (eta0 - schedule.min) * (1 + Math.cos((Math.PI * tc) / T));
    }
  }
}

/**
 * The learning rate of a step that starts after `t` examples: a linear warm-up from 0 to the
 * scheduled rate over `warmupExamples`, then the schedule on its own clock t − warmupExamples.
 */
export function learningRateAt(
  training: Pick<TrainingConfig, 'learningRate' | 'schedule' | 'warmupExamples'>,
  t: number,
  conv: ReferenceConventions = DEFAULT_CONVENTIONS,
): number {
  const W = training.warmupExamples;
  if (W > 0 && t < W) {
    return (
      (scheduledRate(training.schedule, training.learningRate, 0) * (t + conv.warmupOffset)) / W
    );
  }
  return scheduledRate(training.schedule, training.learningRate, t - W);
}

// ───────────────────────────── trainer ─────────────────────────────

/**
 * k training steps in float64. Each step takes up to `batchSize` examples in order, averages their
 * gradients, adds the regularization gradient, and applies the optimizer with the rate scheduled
 * for the examples seen when the step starts.
 */
export class ReferenceTrainer {
  layers: RefLayer[];
  training: TrainingConfig;
  conv: ReferenceConventions;
  examplesSeen = 0;
  /** Optimizer steps taken (Adam's bias-correction counter). */
  steps = 0;
  /** Momentum velocity or Adam's first moment, shaped like the params. */
  private m: LayerParams[];
  /** Adam's second moment. */
  private v: LayerParams[];
  /** The rate the last step used. */
  lastRate = NaN;
  /**
   * The smallest distance of any pre-activation from a kink of its activation (ReLU's 0) seen by
   * any step so far. Float32 and float64 may take different branches within ~1e−6 of a kink, so a
   * comparison with the engine is only meaningful while this stays well above that.
   */
  kinkMargin = Infinity;
  private configs: LayerConfig[];

  constructor(
    network: NetworkConfig,
    params: LayerParams[],
    training: TrainingConfig,
    conv: ReferenceConventions = DEFAULT_CONVENTIONS,
    examplesSeen = 0,
  ) {
    this.conv = conv;
    this.configs = layerConfigs(network);
    this.layers = buildLayers(network, params, conv);
    this.training = { ...training };
    this.examplesSeen = examplesSeen;
    this.m = zeroGrads(this.layers);
    this.v = zeroGrads(this.layers);
  }

  /** Change settings live; a change of optimizer kind resets its state (as the contract says). */
  setTraining(patch: Partial<TrainingConfig>): void {
    if (patch.optimizer && patch.optimizer.kind !== this.training.optimizer.kind) {
      this.m = zeroGrads(this.layers);
      this.v = zeroGrads(this.layers);
      this.steps = 0;
    }
    this.training = { ...this.training, ...patch };
  }

  get params(): LayerParams[] {
    return layersToParams(this.layers);
  }

  get learningRate(): number {
    return learningRateAt(this.training, this.examplesSeen, this.conv);
  }

  lossFn(): LossPair {
    return lossFunction(this.training.loss, this.conv);
  }

  /** Train on explicit examples in order, in batches of `batchSize` (the last may be shorter). */
  trainOn(inputs: ArrayLike<number>, targets: ArrayLike<number>): number {
    const B = this.training.batchSize;
    let lossSum = 0;
    for (let start = 0; start < targets.length; start += B) {
      const end = Math.min(start + B, targets.length);
      const ins = Array.from({ length: 2 * (end - start) }, (_, i) => inputs[2 * start + i]);
      const ts = Array.from({ length: end - start }, (_, i) => targets[start + i]);
      lossSum += this.step(ins, ts) * (end - start);
    }
    return lossSum / targets.length;
  }

  /** One optimizer step on one batch; returns the batch's mean loss before the step. */
  step(inputs: ArrayLike<number>, targets: ArrayLike<number>): number {
    this.kinkMargin = Math.min(
      this.kinkMargin,
      kinkMargin(this.layers, this.configs, inputs, targets),
    );
    const { loss, grads } = lossAndGradients(this.layers, inputs, targets, this.lossFn());
    const eta = this.learningRate;
    this.lastRate = eta;
    this.steps += 1;
    const { l1, l2, optimizer } = this.training;
    const l2Factor = this.conv.l2 === 'half' ? l2 : 2 * l2;
    // One scalar update rule applied to every parameter, weights and biases alike.
    const update = (w: number, g: number, regularize: boolean, m: number, v: number) => {
      // g ← g + λ₂·w + λ₁·sign(w)  (dR/dw of (λ₂/2)·w² + λ₁·|w|)
      if (regularize) g += l2Factor * w + l1 * Math.sign(w);
      switch (optimizer.kind) {
        case 'sgd':
          // w ← w − η·g
          return { w: w - eta * g, m, v };
        case 'momentum': {
          const mu = optimizer.momentum;
          if (this.conv.momentum === 'pytorch') {
            // v ← μv + g;  w ← w − η·v  (Nesterov: w ← w − η·(g + μv))
            const vel = mu * m + g;
            const dir = optimizer.nesterov ? g + mu * vel : vel;
            return { w: w - eta * dir, m: vel, v };
          } else {
            // v ← μv − η·g;  w ← w + v  (Nesterov: w ← w + μv − η·g)
            const vel = mu * m - eta * g;
            return {
              w: optimizer.nesterov ? w + mu * vel - eta * g : w + vel,
              m: vel,
              v,
            };
          }
        }
        case 'adam': {
          // m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ)
          // w ← w − η·m̂/(√v̂ + ε)
          const { beta1, beta2, epsilon } = optimizer;
          const m1 = beta1 * m + (1 - beta1) * g;
          const v1 = beta2 * v + (1 - beta2) * g * g;
          const mHat = m1 / (1 - beta1 ** this.steps);
          const vHat = v1 / (1 - beta2 ** this.steps);
          const denom =
            this.conv.adamEpsilon === 'outside'
              ? Math.sqrt(vHat) + epsilon
              : Math.sqrt(vHat + epsilon);
          return { w: w - (eta * mHat) / denom, m: m1, v: v1 };
        }
      }
    };
    this.layers.forEach((L, l) => {
      L.weights.forEach((row, o) => {
        row.forEach((w, i) => {
          const r = update(
            w,
            grads[l].weights[o][i],
            true,
            this.m[l].weights[o][i],
            this.v[l].weights[o][i],
          );
          row[i] = r.w;
          this.m[l].weights[o][i] = r.m;
          this.v[l].weights[o][i] = r.v;
        });
        if (L.hasBias) {
          const r = update(
            L.biases[o],
            grads[l].biases[o],
            this.conv.regularizeBiases,
            this.m[l].biases[o],
            this.v[l].biases[o],
          );
          L.biases[o] = r.w;
          this.m[l].biases[o] = r.m;
          this.v[l].biases[o] = r.v;
        }
      });
    });
    this.examplesSeen += targets.length;
    return loss;
  }
}

// ───────────────────────────── initializers ─────────────────────────────

/** What an initializer's values must look like, for statistical checks. */
export type InitializerLaw =
  | { distribution: 'constant'; value: number }
  | {
      distribution: 'uniform';
      min: number;
      max: number;
      mean: number;
      variance: number;
    }
  | { distribution: 'normal'; mean: number; variance: number };

/**
 * The law each initializer draws from, for a layer with the given fans.
 * Xavier/Glorot: Var = 2/(fanIn + fanOut).  He/Kaiming: Var = 2/((1 + a²)·fanIn).
 * LeCun: Var = 1/fanIn.  A uniform law with variance V spans ±√(3V).
 */
export function initializerLaw(init: Initializer, fanIn: number, fanOut: number): InitializerLaw {
  const uniformFromVariance = (V: number): InitializerLaw => {
    const limit = Math.sqrt(3 * V);
    return {
      distribution: 'uniform',
      min: -limit,
      max: limit,
      mean: 0,
      variance: V,
    };
  };
  switch (init.kind) {
    case 'constant':
      return { distribution: 'constant', value: init.value };
    case 'uniform':
      return {
        distribution: 'uniform',
        min: init.min,
        max: init.max,
        mean: (init.min + init.max) / 2,
        variance: (init.max - init.min) ** 2 / 12,
      };
    case 'normal':
      return {
        distribution: 'normal',
        mean: init.mean,
        variance: init.std ** 2,
      };
    case 'xavierUniform':
      return uniformFromVariance(2 / (fanIn + fanOut));
    case 'xavierNormal':
      return {
        distribution: 'normal',
        mean: 0,
        variance: 2 / (fanIn + fanOut),
      };
    case 'heUniform':
      return uniformFromVariance(2 / ((1 + (init.slope ?? 0) ** 2) * fanIn));
    case 'heNormal':
      return {
        distribution: 'normal',
        mean: 0,
        variance: 2 / ((1 + (init.slope ?? 0) ** 2) * fanIn),
      };
    case 'lecunNormal':
      return { distribution: 'normal', mean: 0, variance: 1 / fanIn };
  }
}

export interface SampleCheck {
  ok: boolean;
  /** Human-readable reasons for each failed property. */
  failures: string[];
  mean: number;
  variance: number;
  min: number;
  max: number;
}

/**
 * Whether `values` (n independent draws) are consistent with `law`, at `z` standard errors.
 *  - mean: standard error σ/√n;
 *  - variance: standard error of the sample variance √((μ₄ − σ⁴)/n), with μ₄ = 3σ⁴ for a normal
 *    law and 9σ⁴/5 for a uniform one;
 *  - uniform: every value inside [min, max] (up to float32 rounding of the bounds), and the extremes
 *    within 20/n of the range's ends (the chance that no value of 65,536 falls in the outer 20/n
 *    of a side is e^(−20)); normal: the fraction within one σ of the mean is 0.6827 ± z·√(p(1−p)/n);
 *  - constant: every value exactly the constant rounded to float32.
 */
export function checkSample(values: ArrayLike<number>, law: InitializerLaw, z = 5): SampleCheck {
  const n = values.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const variance = ss / (n - 1);
  const failures: string[] = [];
  if (law.distribution === 'constant') {
    const v = Math.fround(law.value);
    for (let i = 0; i < n; i++) {
      if (values[i] !== v) {
        failures.push(`value[${i}] = ${values[i]}, expected exactly ${v}`);
        break;
      }
    }
    return { ok: failures.length === 0, failures, mean, variance, min, max };
  }
  const sigma2 = law.variance;
  const meanSe = Math.sqrt(sigma2 / n);
  if (Math.abs(mean - law.mean) > z * meanSe) {
    failures.push(
      `mean ${mean} differs from ${law.mean} by more than ${z}·${meanSe.toExponential(2)}`,
    );
  }
  const mu4 = law.distribution === 'normal' ? 3 * sigma2 ** 2 : (9 / 5) * sigma2 ** 2;
  const varSe = Math.sqrt((mu4 - sigma2 ** 2) / n);
  if (Math.abs(variance - sigma2) > z * varSe) {
    failures.push(
      `variance ${variance} differs from ${sigma2} by more than ${z}·${varSe.toExponential(2)}`,
    );
  }
  if (law.distribution === 'uniform') {
    const lo = Math.fround(law.min);
    const hi = Math.fround(law.max);
    const slack = 1e-6 * Math.max(Math.abs(lo), Math.abs(hi));
    if (min < lo - slack || max > hi + slack)
      failures.push(`range [${min}, ${max}] leaves [${lo}, ${hi}]`);
    const reach = (20 / n) * (hi - lo);
    if (min > lo + reach || max < hi - reach)
      failures.push(`range [${min}, ${max}] does not reach the ends of [${lo}, ${hi}]`);
  } else {
    const sd = Math.sqrt(sigma2);
    let inside = 0;
    for (let i = 0; i < n; i++) if (Math.abs(values[i] - law.mean) < sd) inside++;
    const p = 0.6826894921370859; // P(|X − μ| < σ) = erf(1/√2)
    const frac = inside / n;
    if (Math.abs(frac - p) > z * Math.sqrt((p * (1 - p)) / n)) {
      failures.push(`fraction within 1σ ${frac} differs from ${p}`);
    }
  }
  return { ok: failures.length === 0, failures, mean, variance, min, max };
}

// ───────────────────────────── test utilities ─────────────────────────────

/** A small seeded generator (mulberry32) for test data; independent of the engine's generator. */
export function makeRng(seed: number): {
  uniform: () => number;
  normal: () => number;
} {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal };
}

/** Largest |x| over every weight and bias of a params array. */
export function maxAbs(params: LayerParams[]): number {
  let m = 0;
  for (const p of params) {
    for (const row of p.weights) for (const w of row) m = Math.max(m, Math.abs(w));
    for (const b of p.biases) m = Math.max(m, Math.abs(b));
  }
  return m;
}

/** Every weight and bias with a readable name, in a fixed order, for element-wise comparisons. */
export function flattenParams(params: LayerParams[]): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  params.forEach((p, l) => {
    p.weights.forEach((row, o) =>
      row.forEach((w, i) => out.push({ name: `layer ${l} weight[${o}][${i}]`, value: w })),
    );
    p.biases.forEach((b, o) => out.push({ name: `layer ${l} bias[${o}]`, value: b }));
  });
  return out;
}

/**
 * Element-wise |got − want| ≤ atol + rtol·|want|. Returns the mismatches (empty when all agree),
 * worst first, so a failing test prints which parameter went wrong and by how much.
 */
export function compareParams(
  got: LayerParams[],
  want: LayerParams[],
  rtol: number,
  atol: number,
): { name: string; got: number; want: number; excess: number }[] {
  const g = flattenParams(got);
  const w = flattenParams(want);
  if (g.length !== w.length) {
    return [
      {
        name: `parameter count ${g.length} vs ${w.length}`,
        got: g.length,
        want: w.length,
        excess: Infinity,
      },
    ];
  }
  const bad: { name: string; got: number; want: number; excess: number }[] = [];
  for (let k = 0; k < g.length; k++) {
    const err = Math.abs(g[k].value - w[k].value);
    const tol = atol + rtol * Math.abs(w[k].value);
    if (!(err <= tol))
      bad.push({
        name: w[k].name,
        got: g[k].value,
        want: w[k].value,
        excess: err / tol,
      });
  }
  return bad.sort((a, b) => b.excess - a.excess);
}

// ───────────────────────────── target functions ─────────────────────────────

const frac = (x: number) => x - Math.floor(x);

/**
 * The target functions of the reference table (the original's and NN Lab's), in float64 (a, b:
 * float32 values): the oracle for the engine's targets and for the benchmark's plain trainer.
 */
export const REFERENCE_TARGETS: Record<string, (a: number, b: number) => number> = {
  ternary: (a, b) => (a > 0.5 || b > a ? 1 : 0),
  multiply: (a, b) => a * b,
  max: (a, b) => Math.max(a, b),
  min: (a, b) => Math.min(a, b),
  fancySine: (a, b) =>
    a < 0.1 || b < 0.1 || a > 0.9 || b > 0.9
      ? Math.max(a, b)
      : Math.abs(Math.sin(6 * a)) * Math.abs(Math.sin(6 * b)),
  tiledSqrt: (a, b) =>
    a >= 0.4 && a <= 0.6 && b >= 0.4 && b <= 0.6 ? 1 : Math.sqrt(frac(4 * a) * frac(4 * b)),
  bowl: (a, b) => Math.max(Math.abs(2 * a - 1), Math.abs(2 * b - 1)) ** 1.5,
  ridges: (a, b) => (Math.floor(5 * a) % 2 === 1 || Math.floor(5 * b) % 2 === 1 ? 1 : 0),
  xor: (a, b) => (a < 0.5 !== b > 0.5 ? 1 : 0),
  circle: (a, b) => ((a - 0.5) ** 2 + (b - 0.5) ** 2 < 0.09 ? 1 : 0),
  blobs: (a, b) =>
    Math.max(
      Math.exp(-((a - 0.3) ** 2 + (b - 0.3) ** 2) / (2 * 0.12 ** 2)),
      Math.exp(-((a - 0.7) ** 2 + (b - 0.7) ** 2) / (2 * 0.12 ** 2)),
    ),
  spiral: (a, b) =>
    Math.sin(Math.atan2(b - 0.5, a - 0.5) - 12 * Math.hypot(a - 0.5, b - 0.5)) > 0 ? 1 : 0,
  checkerboard: (a, b) =>
    (Math.min(Math.floor(4 * a), 3) + Math.min(Math.floor(4 * b), 3)) % 2 === 0 ? 1 : 0,
  sineWave: (a, b) => 0.5 + 0.5 * Math.sin(2 * Math.PI * a) * Math.cos(2 * Math.PI * b),
};
