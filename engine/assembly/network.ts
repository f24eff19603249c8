// The network: configuration, initialization, the training loop, and every read-out. All
// addresses come from layout.ts; all arithmetic from kernels/. Nothing here allocates.

import {
  CAPACITY, FRESH_TEST_RESOLUTION, STATE, H_EXAMPLES, H_OPT_STEPS, H_RNG, H_HAS_NORMS, H_NORMS, H_HAS_LAST_RATE, H_LAST_RATE,
  F_UNITS, F_STRIDE, F_ACT, F_PARAM, F_HAS_BIAS, F_W_OFF, F_B_OFF, F_W_INIT, F_W_INIT_A, F_W_INIT_B,
  F_B_INIT, F_B_INIT_A, F_B_INIT_B, F_ROWS,
  field, fieldF, setField, setFieldF, plan, ensureScratch, align64,
  layerCount, stateBytes, PARAMS, M1, M2, BACKUP, GRADS, DELTA_A, DELTA_B, TARGETS, WT, ZEROS, SWEEP, TARGET_CACHE, MAX_GRID, GRID_TARGET,
  TRAIN_SET, TEST_SET, SCRATCH, paramBytes, weightsPtr, biasPtr, actPtr, derPtr, maxStride,
} from './layout';
import { activate, belowZeroSlope } from './kernels/activations';
import { sweepPlan, sweepRowSimd, firstLayerRowSimd } from './kernels/sweep';
import {
  denseForwardSimd, denseForwardInline, denseBackInputSimd, denseWeightGradSimd, denseSgdFusedInline, denseOptFusedInline, denseWeightGradSgdSimd,
  hadamardSimd, transposeOutSimd,
} from './kernels/dense';
import { lossValue, lossDerivative } from './kernels/loss';
import { SGD, MOMENTUM, ADAM, sgdSimd, momentumSimd, adamSimd, flushNegligible } from './kernels/optimizers';
import { learningRateAt, CONSTANT } from './kernels/schedule';
import { targetValue, gridTargetValue, fancySine, TARGET_FANCY_SINE, TARGET_RANDOM, TARGET_GRID } from './kernels/targets';
import {
  rngSeed, rngLoad, rngStore, nextUniform, nextUniform64, nextNormal64, nextIndex,
  STREAM_INIT, STREAM_DATA, STREAM_SET,
} from './kernels/rng';

// ----- configuration (set by the wrapper before build/reset; not part of the snapshot) ----------

let fastMath: bool = false;
let lossKind = 0;
let huberDelta: f32 = 1;
let optKind = SGD;
let beta1: f32 = 0.9;
let beta2: f32 = 0.999;
let epsilon: f32 = 1e-8;
let momentum: f32 = 0.9;
let nesterov: bool = false;
let batchSize = 1;
let baseLr: f64 = 0.1;
let l1: f32 = 0;
let l2: f32 = 0;
let schedKind = CONSTANT;
let schedA: f64 = 1;
let schedB: f64 = 1;
let schedMin: f64 = 0;
let warmup: f64 = 0;
let targetId = 4;
let gridSize = 0;
let dataMode = 0; // 0 fresh, 1 fixed
let trainSize = 0;
let testSize = 0;
let noise: f32 = 0;
let hiddenCount = 0;
/** Resolution of the target plane in TARGET_CACHE (0: none); cleared whenever the data may change. */
let cachedTargetR = 0;

export const SOURCE_ENGINE = 0;
export const SOURCE_EXPLICIT = 1;
let explicitCursor = 0;

export function setNetwork(hidden: i32, fast: bool): void {
  hiddenCount = hidden;
  fastMath = fast;
  setField(0, F_UNITS, 2);
}

export function setFastMath(fast: bool): void {
  fastMath = fast;
}

/** Layer l = 1…L (L = hidden + 1 is the output). */
export function setLayer(l: i32, units: i32, activation: i32, param: f32, hasBias: bool): void {
  setField(l, F_UNITS, units);
  setField(l, F_ACT, activation);
  setFieldF(l, F_PARAM, param);
  setField(l, F_HAS_BIAS, hasBias ? 1 : 0);
}

export function setInit(l: i32, wKind: i32, wA: f32, wB: f32, bKind: i32, bA: f32, bB: f32): void {
  setField(l, F_W_INIT, wKind);
  setFieldF(l, F_W_INIT_A, wA);
  setFieldF(l, F_W_INIT_B, wB);
  setField(l, F_B_INIT, bKind);
  setFieldF(l, F_B_INIT_A, bA);
  setFieldF(l, F_B_INIT_B, bB);
}

export function setLoss(kind: i32, delta: f32): void {
  lossKind = kind;
  huberDelta = delta;
}

export function setOptimizer(kind: i32, b1: f32, b2: f32, eps: f32, mu: f32, nest: bool): void {
  optKind = kind;
  beta1 = b1;
  beta2 = b2;
  epsilon = eps;
  momentum = mu;
  nesterov = nest;
}

export function setBatchSize(b: i32): void {
  batchSize = b;
}

export function setLearningRate(lr: f64): void {
  if (lr != baseLr) forgetLastRate();
  baseLr = lr;
}

export function setRegularization(r1: f32, r2: f32): void {
  l1 = r1;
  l2 = r2;
}

export function setSchedule(kind: i32, a: f64, b: f64, lo: f64, warm: f64): void {
  if (kind != schedKind || a != schedA || b != schedB || lo != schedMin || warm != warmup) forgetLastRate();
  schedKind = kind;
  schedA = a;
  schedB = b;
  schedMin = lo;
  warmup = warm;
}

export function setData(target: i32, grid: i32, mode: i32, nTrain: i32, nTest: i32, sigma: f32): void {
  targetId = target;
  gridSize = grid;
  dataMode = mode;
  trainSize = nTrain;
  testSize = nTest;
  noise = sigma;
  cachedTargetR = 0;
}

/** Lay out memory for the configured network; false if memory could not grow. */
export function build(): bool {
  cachedTargetR = 0;
  return plan(hiddenCount + 1, gridSize, dataMode == 1 ? trainSize : 0, dataMode == 1 ? testSize : 0);
}

// ----- small accessors -------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function units(l: i32): i32 { return field(l, F_UNITS); }
// @ts-ignore: decorator
@inline function stride(l: i32): i32 { return field(l, F_STRIDE); }
// @ts-ignore: decorator
@inline function rowsOf(l: i32): i32 { return field(l, F_ROWS); }

export function examplesSeen(): f64 {
  return load<f64>(STATE + H_EXAMPLES);
}

/** Learning rate of the next step: schedule and warm-up applied at the current example count. */
export function currentLearningRate(): f64 {
  if (schedKind == CONSTANT && warmup == 0) return baseLr;
  return learningRateAt(schedKind, baseLr, schedA, schedB, schedMin, warmup, examplesSeen());
}

/**
 * Learning rate of the last step trained: what a finished run ended at (a run that stops on a
 * step boundary of its schedule has not used the next rate). Before any step, and after the
 * rate or the schedule changes (setting them to the values they have is no change), the rate of
 * the next step.
 */
export function lastLearningRate(): f64 {
  return load<u32>(STATE + H_HAS_LAST_RATE) != 0 ? load<f64>(STATE + H_LAST_RATE) : currentLearningRate();
}

function forgetLastRate(): void {
  if (stateBytes > 0) store<u32>(STATE + H_HAS_LAST_RATE, 0);
}

// @ts-ignore: decorator
@inline
function targetAt(a: f32, b: f32): f32 {
  return targetId == TARGET_GRID ? gridTargetValue(GRID_TARGET, gridSize, a, b) : targetValue(targetId, a, b);
}

// ----- initialization and data ------------------------------------------------------------------

function draw(kind: i32, a: f64, b: f64, fanIn: f64, fanOut: f64): f64 {
  switch (kind) {
    case 0: return a; // constant(value)
    case 1: return a + (b - a) * nextUniform64(); // uniform(min, max)
    case 2: return a + b * nextNormal64(); // normal(mean, std)
    case 3: { const lim = Math.sqrt(6.0 / (fanIn + fanOut)); return -lim + 2.0 * lim * nextUniform64(); } // Xavier uniform
    case 4: return Math.sqrt(2.0 / (fanIn + fanOut)) * nextNormal64(); // Xavier normal
    case 5: { const lim = Math.sqrt(6.0 / ((1.0 + a * a) * fanIn)); return -lim + 2.0 * lim * nextUniform64(); } // He uniform
    case 6: return Math.sqrt(2.0 / ((1.0 + a * a) * fanIn)) * nextNormal64(); // He normal
    case 7: return Math.sqrt(1.0 / fanIn) * nextNormal64(); // LeCun normal
  }
  return 0;
}

function initParams(seed: u32): void {
  rngSeed(seed, STREAM_INIT);
  for (let l = 1; l <= layerCount; l++) {
    const nIn = units(l - 1);
    const nOut = units(l);
    const so = stride(l);
    const w = weightsPtr(l);
    const bias = biasPtr(l);
    const fi = <f64>nIn;
    const fo = <f64>nOut;
    const wk = field(l, F_W_INIT);
    const wa = <f64>fieldF(l, F_W_INIT_A);
    const wb = <f64>fieldF(l, F_W_INIT_B);
    for (let o = 0; o < nOut; o++) {
      for (let i = 0; i < nIn; i++) store<f32>(w + ((<usize>(i * so + o)) << 2), <f32>draw(wk, wa, wb, fi, fo));
    }
    if (field(l, F_HAS_BIAS)) {
      const bk = field(l, F_B_INIT);
      const ba = <f64>fieldF(l, F_B_INIT_A);
      const bb = <f64>fieldF(l, F_B_INIT_B);
      for (let o = 0; o < nOut; o++) store<f32>(bias + (<usize>o << 2), <f32>draw(bk, ba, bb, fi, fo));
    }
  }
}

function generateData(seed: u32): void {
  if (dataMode == 1) {
    rngSeed(seed, STREAM_SET);
    for (let k = 0; k < trainSize; k++) {
      const p = TRAIN_SET + (<usize>k << 4);
      const a = nextUniform();
      const b = nextUniform();
      let t = targetId == TARGET_RANDOM ? nextUniform() : targetAt(a, b);
      if (noise > 0) t += <f32>(<f64>noise * nextNormal64());
      store<f32>(p, a);
      store<f32>(p, b, 4);
      store<f32>(p, t, 8);
      store<f32>(p, 0, 12);
    }
    // The held-out test set carries clean labels: its loss measures distance to the true function.
    for (let k = 0; k < testSize; k++) {
      const p = TEST_SET + (<usize>k << 4);
      const a = nextUniform();
      const b = nextUniform();
      store<f32>(p, a);
      store<f32>(p, b, 4);
      store<f32>(p, targetId == TARGET_RANDOM ? nextUniform() : targetAt(a, b), 8);
      store<f32>(p, 0, 12);
    }
  } else {
    const R = FRESH_TEST_RESOLUTION;
    const last = <f32>(R - 1);
    for (let j = 0; j < R; j++) {
      for (let i = 0; i < R; i++) {
        const p = TEST_SET + (<usize>(j * R + i) << 4);
        const a = <f32>i / last;
        const b = <f32>j / last;
        store<f32>(p, a);
        store<f32>(p, b, 4);
        store<f32>(p, targetAt(a, b), 8);
        store<f32>(p, 0, 12);
      }
    }
  }
}

/** Zero the state, initialize weights and the example generator from `seed`, regenerate data. */
export function reset(seed: u32): void {
  const magic = load<u32>(STATE);
  const bytes = load<u32>(STATE, 4);
  memory.fill(STATE, 0, stateBytes);
  store<u32>(STATE, magic);
  store<u32>(STATE, bytes, 4);
  memory.fill(GRADS, 0, paramBytes);
  initParams(seed);
  cachedTargetR = 0; // the wrapper writes a grid target's values just before reset
  generateData(seed);
  rngSeed(seed, STREAM_DATA);
  rngStore(STATE + H_RNG);
  explicitCursor = 0;
}

/** Zero the optimizer's moments and step count (used when its kind changes). */
export function resetOptimizer(): void {
  memory.fill(M1, 0, paramBytes);
  memory.fill(M2, 0, paramBytes);
  store<f64>(STATE + H_OPT_STEPS, 0);
}

// ----- forward and backward ----------------------------------------------------------------------

/** Layers 1…upTo on the B examples in ACT_0; derivatives into DER_l when asked. */
function forward(B: i32, withDerivative: bool, upTo: i32): void {
  forwardLayers(B, withDerivative, 1, upTo);
}

/** Layers from…upTo, from ≥ 1, on the B examples whose layer from − 1 outputs are in place. */
function forwardLayers(B: i32, withDerivative: bool, from: i32, upTo: i32): void {
  for (let l = from; l <= upTo; l++) {
    const so = stride(l);
    denseForwardInline(B, units(l - 1), actPtr(l - 1), stride(l - 1), weightsPtr(l), so, biasPtr(l), derPtr(l));
    activate(field(l, F_ACT), fastMath, fieldF(l, F_PARAM), derPtr(l), actPtr(l), derPtr(l), B * so, withDerivative, true);
  }
}

/** Loss summed over the batch; DELTA_A[b] = dL/dy·scale·f'(z) for the output neuron (0 when negligible). */
// @ts-ignore: decorator
@inline
function outputDelta(B: i32, scale: f32): f64 {
  const L = layerCount;
  const y = actPtr(L);
  const d = derPtr(L);
  let sum: f64 = 0;
  for (let b = 0; b < B; b++) {
    const p = <usize>b << 4;
    const yv = load<f32>(y + p);
    const t = load<f32>(TARGETS + (<usize>b << 2));
    sum += <f64>lossValue(lossKind, huberDelta, yv, t);
    const dv = lossDerivative(lossKind, huberDelta, yv, t) * scale * load<f32>(d + p);
    // Negligible deltas are 0 (optimizers.ts says why).
    const kept = flushNegligible(dv);
    if (ASC_FEATURE_SIMD) {
      // One vector store: the backward pass reads these 16 bytes as one vector, and a load that
      // spans four separate stores cannot be forwarded from them, so it waits for them to
      // reach the cache (+1.6% for the GCU network at batch 1).
      v128.store(DELTA_A + p, f32x4.replace_lane(f32x4.splat(0), 0, kept));
    } else {
      store<f32>(DELTA_A + p, kept);
      store<f32>(DELTA_A + p, 0, 4);
      store<f32>(DELTA_A + p, 0, 8);
      store<f32>(DELTA_A + p, 0, 12);
    }
  }
  return sum;
}

/**
 * G = Δ·W_lᵀ for a batch of B examples: W_l (rows × so) is transposed into WT (so × rows), and
 * the product runs as the forward kernel with Δ as inputs, WT as weights and a zero bias, so it
 * sums over o in order (as the scalar twin of Δ·Wᵀ does) at the forward kernel's speed. The
 * transpose costs one pass over W per batch. (The scalar build sums in the same order directly.)
 */
function backInputBatch(B: i32, l: i32, delta: usize, g: usize): void {
  const so = stride(l);
  const rows = rowsOf(l);
  if (ASC_FEATURE_SIMD) {
    transposeOutSimd(weightsPtr(l), so, rows, so, WT, rows);
    denseForwardSimd(B, so, delta, so, WT, rows, ZEROS, g);
  } else {
    denseBackInputSimd(B, rows, weightsPtr(l), so, delta, g); // the scalar twin: the same sums, no copy
  }
}

/** GRADS (+)= gradients of the batch whose output deltas are in DELTA_A. */
function backward(B: i32, accumulate: bool): void {
  let cur = DELTA_A;
  let next = DELTA_B;
  for (let l = layerCount; l >= 1; l--) {
    const so = stride(l);
    const sx = stride(l - 1);
    const wOff = <usize>field(l, F_W_OFF);
    const bOff = <usize>field(l, F_B_OFF);
    denseWeightGradSimd(B, units(l - 1), actPtr(l - 1), sx, cur, so, GRADS + wOff, GRADS + bOff, accumulate);
    if (l > 1) {
      backInputBatch(B, l, cur, next);
      hadamardSimd(next, derPtr(l - 1), next, B * sx);
      const t = cur;
      cur = next;
      next = t;
    }
  }
}

function sumSquares(p: usize, count: i32): f64 {
  let s: f64 = 0;
  for (let k = 0; k < count; k++) {
    const v = <f64>load<f32>(p + (<usize>k << 2));
    s += v * v;
  }
  return s;
}

function storeGradientNorms(): void {
  for (let l = 1; l <= layerCount; l++) {
    const n = <f32>Math.sqrt(sumSquares(GRADS + <usize>field(l, F_W_OFF), rowsOf(l) * stride(l)));
    store<f32>(STATE + H_NORMS + (<usize>(l - 1) << 2), n);
  }
  store<u32>(STATE + H_HAS_NORMS, 1);
}

/** Count one more optimizer step; Adam's bias corrections c₁ = 1 − β₁ᵏ, c₂ = 1 − β₂ᵏ into adamC1, adamC2. */
// @ts-ignore: decorator
@inline
function countStep(): void {
  const k = load<f64>(STATE + H_OPT_STEPS) + 1;
  store<f64>(STATE + H_OPT_STEPS, k);
  adamC1 = <f32>(1.0 - Math.pow(<f64>beta1, k));
  adamC2 = <f32>(1.0 - Math.pow(<f64>beta2, k));
}
let adamC1: f32 = 0;
let adamC2: f32 = 0;

function applyUpdate(lr: f32): void {
  countStep();
  const c1 = adamC1;
  const c2 = adamC2;
  for (let l = 1; l <= layerCount; l++) {
    const so = stride(l);
    const wOff = <usize>field(l, F_W_OFF);
    const bOff = <usize>field(l, F_B_OFF);
    const wCount = rowsOf(l) * so;
    const hasBias = field(l, F_HAS_BIAS) != 0;
    if (optKind == SGD) {
      sgdSimd(PARAMS + wOff, GRADS + wOff, wCount, lr, l1, l2);
      if (hasBias) sgdSimd(PARAMS + bOff, GRADS + bOff, so, lr, 0, 0);
    } else if (optKind == MOMENTUM) {
      momentumSimd(PARAMS + wOff, GRADS + wOff, M1 + wOff, wCount, lr, momentum, nesterov, l1, l2);
      if (hasBias) momentumSimd(PARAMS + bOff, GRADS + bOff, M1 + bOff, so, lr, momentum, nesterov, 0, 0);
    } else {
      adamSimd(PARAMS + wOff, GRADS + wOff, M1 + wOff, M2 + wOff, wCount, lr, beta1, beta2, epsilon, c1, c2, l1, l2);
      if (hasBias) adamSimd(PARAMS + bOff, GRADS + bOff, M1 + bOff, M2 + bOff, so, lr, beta1, beta2, epsilon, c1, c2, 0, 0);
    }
  }
}

/**
 * SGD on a batch (or with L1): backward and update fused layer by layer. Each layer's Δ·Wᵀ is
 * taken first with the weights before the update, then its gradient is summed and applied in
 * one pass over W (denseWeightGradSgdSimd): the same numbers as backward() + applyUpdate(), with
 * no gradient buffer in between. GRADS is written only when the norms are wanted.
 */
function fusedBatchSgdStep(B: i32, lr: f32, wantNorms: bool): void {
  let cur = DELTA_A;
  let next = DELTA_B;
  for (let l = layerCount; l >= 1; l--) {
    const so = stride(l);
    const sx = stride(l - 1);
    const wOff = <usize>field(l, F_W_OFF);
    const bOff = <usize>field(l, F_B_OFF);
    if (l > 1) {
      backInputBatch(B, l, cur, next);
      hadamardSimd(next, derPtr(l - 1), next, B * sx);
    }
    denseWeightGradSgdSimd(
      B, units(l - 1), actPtr(l - 1), sx, cur, so, PARAMS + wOff, PARAMS + bOff, field(l, F_HAS_BIAS) != 0,
      GRADS + wOff, GRADS + bOff, wantNorms, lr, l1, l2,
    );
    const t = cur;
    cur = next;
    next = t;
  }
  if (wantNorms) storeGradientNorms();
  store<f64>(STATE + H_OPT_STEPS, load<f64>(STATE + H_OPT_STEPS) + 1);
}

/** Layer l's gradient norm at batch 1: ‖x·δᵀ‖ = ‖x‖·‖δ‖ for the example's rank-1 weight gradient. */
// @ts-ignore: decorator
@inline
function storeRank1Norm(l: i32, x: usize, delta: usize, so: i32): void {
  const n = Math.sqrt(sumSquares(x, units(l - 1)) * sumSquares(delta, so));
  store<f32>(STATE + H_NORMS + (<usize>(l - 1) << 2), <f32>n);
}

/** Batch-1 SGD without L1: backward and update fused layer by layer (the original's algorithm). */
// @ts-ignore: decorator
@inline
function fusedSgdStep(lr: f32, wantNorms: bool): void {
  const decay: f32 = <f32>1.0 - lr * l2;
  let cur = DELTA_A;
  let next = DELTA_B;
  for (let l = layerCount; l >= 1; l--) {
    const so = stride(l);
    const x = actPtr(l - 1);
    if (wantNorms) storeRank1Norm(l, x, cur, so);
    // For l > 1 the kernel also multiplies Δ·Wᵀ by f'(z_{l−1}): the next layer's Δ in one pass.
    denseSgdFusedInline(
      units(l - 1), rowsOf(l), x, weightsPtr(l), so, biasPtr(l), field(l, F_HAS_BIAS) != 0, cur, l > 1, next, lr, decay,
      l > 1 ? derPtr(l - 1) : 0,
    );
    if (l > 1) {
      const t = cur;
      cur = next;
      next = t;
    }
  }
  if (wantNorms) store<u32>(STATE + H_HAS_NORMS, 1);
  store<f64>(STATE + H_OPT_STEPS, load<f64>(STATE + H_OPT_STEPS) + 1);
}

/**
 * Batch-1 momentum or Adam: backward and update fused layer by layer (denseOptFusedInline), with
 * no gradient buffer and no transposed copy of W: the updates of backward() + applyUpdate(), and
 * Δ·Wᵀ summed in four lanes.
 */
function fusedOptStep(lr: f32, wantNorms: bool): void {
  countStep();
  let cur = DELTA_A;
  let next = DELTA_B;
  for (let l = layerCount; l >= 1; l--) {
    const so = stride(l);
    const x = actPtr(l - 1);
    const wOff = <usize>field(l, F_W_OFF);
    const bOff = <usize>field(l, F_B_OFF);
    if (wantNorms) storeRank1Norm(l, x, cur, so);
    denseOptFusedInline(
      units(l - 1), rowsOf(l), x, PARAMS + wOff, M1 + wOff, M2 + wOff, so,
      PARAMS + bOff, M1 + bOff, M2 + bOff, field(l, F_HAS_BIAS) != 0, cur, l > 1, next, l > 1 ? derPtr(l - 1) : 0,
      optKind, lr, momentum, nesterov, beta1, beta2, epsilon, adamC1, adamC2, l1, l2,
    );
    const t = cur;
    cur = next;
    next = t;
  }
  if (wantNorms) store<u32>(STATE + H_HAS_NORMS, 1);
}

// @ts-ignore: decorator
@inline
function putExample(b: i32, a: f32, bb: f32, t: f32): void {
  const p = actPtr(0) + (<usize>b << 4);
  store<f32>(p, a);
  store<f32>(p, bb, 4);
  store<f32>(TARGETS + (<usize>b << 2), t);
}

// @ts-ignore: decorator
@inline
function fillBatch(B: i32, source: i32): void {
  if (source == SOURCE_EXPLICIT) {
    for (let b = 0; b < B; b++) {
      const p = SCRATCH + (<usize>explicitCursor << 4);
      putExample(b, load<f32>(p), load<f32>(p, 4), load<f32>(p, 8));
      explicitCursor++;
    }
  } else if (dataMode == 1) {
    for (let b = 0; b < B; b++) {
      const p = TRAIN_SET + (<usize>nextIndex(<u32>trainSize) << 4);
      putExample(b, load<f32>(p), load<f32>(p, 4), load<f32>(p, 8));
    }
  } else if (targetId == TARGET_RANDOM) {
    for (let b = 0; b < B; b++) {
      const a = nextUniform();
      const bb = nextUniform();
      putExample(b, a, bb, nextUniform());
    }
  } else {
    for (let b = 0; b < B; b++) {
      const a = nextUniform();
      const bb = nextUniform();
      // The default target inline, before the call and dispatch: at batch 1 they are a
      // measurable share. (Only here: inlined everywhere targetAt is, it made the module larger.)
      putExample(b, a, bb, targetId == TARGET_FANCY_SINE ? fancySine(a, bb) : targetAt(a, bb));
    }
  }
}

/** One optimizer step on B examples; returns the summed loss (non-finite: nothing was applied). */
// @ts-ignore: decorator
@inline
function step(B: i32, source: i32, lr: f32, wantNorms: bool): f64 {
  fillBatch(B, source);
  forward(B, true, layerCount);
  const loss = outputDelta(B, <f32>1.0 / <f32>B);
  if (!isFinite(loss)) return loss;
  if (B == 1 && optKind == SGD && l1 == 0) {
    fusedSgdStep(lr, wantNorms);
  } else if (optKind == SGD) {
    fusedBatchSgdStep(B, lr, wantNorms);
  } else if (B == 1) {
    fusedOptStep(lr, wantNorms);
  } else {
    backward(B, false);
    if (wantNorms) storeGradientNorms();
    applyUpdate(lr);
  }
  return loss;
}

// @ts-ignore: decorator
@inline
function allFinite(p: usize, bytes: usize): bool {
  if (ASC_FEATURE_SIMD) {
    let acc = f32x4.splat(0);
    const zero = f32x4.splat(0);
    for (let q: usize = 0; q < bytes; q += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(p + q), zero));
    return v128.all_true<i32>(f32x4.eq(acc, zero));
  } else {
    let acc: f32 = 0;
    for (let q: usize = 0; q < bytes; q += 4) acc += load<f32>(p + q) * 0;
    return acc == 0;
  }
}

function stateFinite(): bool {
  if (!allFinite(PARAMS, paramBytes)) return false;
  if (optKind == SGD) return true;
  return allFinite(M1, paramBytes) && allFinite(M2, paramBytes);
}

// @ts-ignore: decorator
@inline
function allZero(p: usize, end: usize): bool {
  for (; p < end; p += 4) if (load<f32>(p) != 0) return false;
  return true;
}

/** A count that training can reach: a whole number in 0…2⁵³. */
// @ts-ignore: decorator
@inline
function isCount(v: f64): bool {
  return v >= 0 && v <= 9007199254740992 && v == Math.floor(v);
}

/**
 * Whether the state in place (a restored snapshot's) is one this configuration can reach:
 * 0 if so; 1 when a counter is not a count or the last rate is not finite; 2 when a weight or
 * an optimizer moment is not finite; 3 when something is not 0 where the layout pads (rows of
 * absent inputs, columns of absent neurons, an output without bias, the gaps between blocks),
 * which training never writes and the kernels would read; 4 when the example generator's state is
 * all zeros (its fixed point).
 */
export function stateProblem(): i32 {
  if (!isCount(load<f64>(STATE + H_EXAMPLES)) || !isCount(load<f64>(STATE + H_OPT_STEPS))) return 1;
  if (load<u32>(STATE + H_HAS_LAST_RATE) != 0 && !isFinite(load<f64>(STATE + H_LAST_RATE))) return 1;
  if (!allFinite(PARAMS, 3 * paramBytes)) return 2; // PARAMS, then M1 and M2 (layout.ts)
  for (let k: usize = 0; k < 3; k++) {
    const base = PARAMS + k * paramBytes;
    let end: usize = 0; // the end of the last block checked, from base
    for (let l = 1; l <= layerCount; l++) {
      const so = stride(l);
      const rows = rowsOf(l);
      const nIn = units(l - 1);
      const nOut = units(l);
      const w = <usize>field(l, F_W_OFF);
      const b = <usize>field(l, F_B_OFF);
      if (!allZero(base + end, base + w)) return 3;
      for (let i = 0; i < rows; i++) {
        const row = base + w + (<usize>(i * so) << 2);
        if (!allZero(row + (<usize>(i < nIn ? nOut : 0) << 2), row + (<usize>so << 2))) return 3;
      }
      if (!allZero(base + w + (<usize>(rows * so) << 2), base + b)) return 3;
      const live = field(l, F_HAS_BIAS) != 0 ? nOut : 0;
      if (!allZero(base + b + (<usize>live << 2), base + b + (<usize>so << 2))) return 3;
      end = b + (<usize>so << 2);
    }
    if (!allZero(base + end, base + paramBytes)) return 3;
  }
  const r = STATE + H_RNG;
  if ((load<u32>(r) | load<u32>(r, 4) | load<u32>(r, 8) | load<u32>(r, 12)) == 0) return 4;
  return 0;
}

let reportLoss: f64 = 0;
let reportDiverged = 0; // 0 none, 1 loss, 2 weights
let reportAt: f64 = 0;

function runSteps(n: i32, source: i32, careful: bool): i32 {
  let done = 0;
  let lastRate: f64 = 0; // as the schedule gives it (the step used its f32 rounding)
  const constantLr = schedKind == CONSTANT && warmup == 0;
  while (done < n) {
    const B = min<i32>(batchSize, n - done);
    const seen = load<f64>(STATE + H_EXAMPLES);
    const rate = constantLr ? baseLr : learningRateAt(schedKind, baseLr, schedA, schedB, schedMin, warmup, seen);
    const lr = <f32>rate;
    if (careful) {
      rngStore(STATE + H_RNG);
      memory.copy(BACKUP, STATE, stateBytes);
    }
    // Norms on the call's last step; in a careful rerun on every step too, so that after a
    // divergence the last good step's norms are the ones left (the bad step's are rolled back).
    const loss = step(B, source, lr, careful || done + B >= n);
    let bad = 0;
    if (!isFinite(loss)) bad = 1;
    else if (careful && !stateFinite()) bad = 2;
    if (bad != 0) {
      reportDiverged = bad;
      reportAt = seen;
      if (careful) {
        memory.copy(STATE, BACKUP, stateBytes);
        rngLoad(STATE + H_RNG);
        if (source == SOURCE_EXPLICIT) explicitCursor -= B;
      }
      break;
    }
    store<f64>(STATE + H_EXAMPLES, seen + <f64>B);
    reportLoss += loss;
    done += B;
    lastRate = rate;
  }
  if (done > 0) {
    store<f64>(STATE + H_LAST_RATE, lastRate);
    store<u32>(STATE + H_HAS_LAST_RATE, 1);
  }
  return done;
}

/**
 * Train `n` examples in steps of batchSize (a last partial batch trains as a smaller batch).
 * Divergence: a non-finite loss (checked every step) or non-finite weights or moments (checked
 * after the call) rolls the state back to the start of the call and trains again, checking every
 * step, up to the step before the first bad one; that step's first example is reported.
 */
export function train(n: i32, source: i32): i32 {
  reportLoss = 0;
  reportDiverged = 0;
  reportAt = 0;
  if (source == SOURCE_EXPLICIT) explicitCursor = 0;
  rngLoad(STATE + H_RNG);
  memory.copy(BACKUP, STATE, stateBytes);
  let done = runSteps(n, source, false);
  if (reportDiverged != 0 || !stateFinite()) {
    memory.copy(STATE, BACKUP, stateBytes);
    rngLoad(STATE + H_RNG);
    explicitCursor = 0;
    reportLoss = 0;
    reportDiverged = 0;
    done = runSteps(n, source, true);
    if (reportDiverged == 0 && !stateFinite()) reportDiverged = 2; // cannot happen: steps are deterministic
  }
  rngStore(STATE + H_RNG);
  return done;
}

export function reportLossSum(): f64 { return reportLoss; }
export function reportDivergence(): i32 { return reportDiverged; }
export function reportDivergenceAt(): f64 { return reportAt; }
export function gradientNorm(l: i32): f32 {
  return load<u32>(STATE + H_HAS_NORMS) ? load<f32>(STATE + H_NORMS + (<usize>(l - 1) << 2)) : 0;
}

/** Mean loss over the `n` explicit examples in SCRATCH; GRADS = its gradient. Nothing else changes. */
export function lossAndGradients(n: i32): f64 {
  const scale = <f32>(1.0 / <f64>n);
  let sum: f64 = 0;
  explicitCursor = 0;
  for (let start = 0; start < n; start += CAPACITY) {
    const B = min<i32>(CAPACITY, n - start);
    for (let b = 0; b < B; b++) {
      const p = SCRATCH + (<usize>(start + b) << 4);
      putExample(b, load<f32>(p), load<f32>(p, 4), load<f32>(p, 8));
    }
    forward(B, true, layerCount);
    sum += outputDelta(B, scale);
    backward(B, start > 0);
  }
  return sum / <f64>n;
}

/** How many points the test loss reads: the test set (fixed mode) or the 64×64 grid (fresh mode). */
export function testPointCount(): i32 {
  return dataMode == 1 ? testSize : FRESH_TEST_RESOLUTION * FRESH_TEST_RESOLUTION;
}

/**
 * `acc` plus the losses of test points start…start+count−1, added one by one in order: reading
 * 0…M−1 in parts that start at multiples of CAPACITY gives the bits of one reading (the forward
 * passes cover the same points, and the sum takes the same steps). Nothing else changes.
 */
export function testLossPart(start: i32, count: i32, acc: f64): f64 {
  const M = testPointCount();
  const end = min<i32>(M, start + max<i32>(count, 0));
  const L = layerCount;
  let sum = acc;
  for (let from = max<i32>(start, 0); from < end; from += CAPACITY) {
    const B = min<i32>(CAPACITY, end - from);
    for (let b = 0; b < B; b++) {
      const p = TEST_SET + (<usize>(from + b) << 4);
      putExample(b, load<f32>(p), load<f32>(p, 4), load<f32>(p, 8));
    }
    forward(B, false, L);
    const y = actPtr(L);
    for (let b = 0; b < B; b++) {
      sum += <f64>lossValue(lossKind, huberDelta, load<f32>(y + (<usize>b << 4)), load<f32>(TARGETS + (<usize>b << 2)));
    }
  }
  return sum;
}

/** Mean loss on the test set (fixed mode) or on the 64×64 grid (fresh mode). */
export function testLoss(): f64 {
  const M = testPointCount();
  return M <= 0 ? NaN : testLossPart(0, M, 0) / <f64>M;
}

// ----- read-outs on grids -------------------------------------------------------------------------

// @ts-ignore: decorator
@inline const EVAL_CHUNK = 256;

/** Inputs of grid points start…start+count−1 of an R×R grid into ACT_0 (a = i/(R−1), b = j/(R−1)). */
function fillGrid(R: i32, start: i32, count: i32): void {
  const last = <f32>max<i32>(R - 1, 1);
  const x = actPtr(0);
  let j = start / R;
  let i = start - j * R;
  let b = <f32>j / last;
  for (let k = 0; k < count; k++) {
    store<f32>(x + (<usize>k << 4), <f32>i / last);
    store<f32>(x + (<usize>k << 4), b, 4);
    if (++i == R) {
      i = 0;
      b = <f32>++j / last;
    }
  }
}

export function totalNeurons(): i32 {
  let n = 0;
  for (let l = 1; l <= layerCount; l++) n += units(l);
  return n;
}

/**
 * Whether an R×R grid can sweep layer 2 row by row (kernels/sweep.ts): layer 1 is piecewise
 * linear (identity, ReLU, leaky ReLU) and a layer 2 exists.
 */
function canSweep(R: i32): bool {
  return layerCount >= 2 && R <= MAX_GRID && !isNaN(belowZeroSlope(field(1, F_ACT), fieldF(1, F_PARAM)));
}

/** Points per chunk of a grid pass: whole rows when sweeping. */
function gridChunk(R: i32, sweep: bool): i32 {
  return sweep ? max<i32>(1, EVAL_CHUNK / R) * R : EVAL_CHUNK;
}

/** The row coordinates a_i = i/(R − 1), as fillGrid computes them, into SWEEP (once per pass). */
function sweepCoordinates(R: i32): void {
  const last = <f32>max<i32>(R - 1, 1);
  for (let i = 0; i < R; i++) store<f32>(SWEEP + (<usize>i << 2), <f32>i / last);
}

/**
 * Layers 1…upTo for the `count` grid points from `start` (whole rows when sweeping): with the
 * sweep, layer 2 comes from sweepRows, layers 3…upTo from the forward pass, and layer 1 goes
 * straight into `planes` when non-zero (its buffers are not used); otherwise the forward pass.
 */
function gridForward(R: i32, start: i32, count: i32, upTo: i32, sweep: bool, planes: usize): void {
  if (sweep) {
    sweepRows(R, start / R, count / R, planes);
    forwardLayers(count, false, 3, upTo);
  } else {
    fillGrid(R, start, count);
    forward(count, false, upTo);
  }
}

/**
 * Rows j0 … j0 + rows − 1 of an R×R grid whose coordinates are in SWEEP (sweepCoordinates):
 * layer 2's outputs swept row by row into ACT_2 (activated as they are stored when layer 2 is
 * piecewise linear too, else through DER_2 and the activation kernel), and, when `planes` is
 * non-zero, layer 1's outputs written straight into their planes (plane = R² floats apart).
 * SWEEP holds A (the coordinates), the change lists, p, σ and α, β.
 */
function sweepRows(R: i32, j0: i32, rows: i32, planes: usize): void {
  const last = <f32>max<i32>(R - 1, 1);
  const n1 = units(1);
  const s1 = stride(1);
  const s2 = stride(2);
  const kind1 = field(1, F_ACT);
  const param1 = fieldF(1, F_PARAM);
  const kind2 = field(2, F_ACT);
  const param2 = fieldF(2, F_PARAM);
  const activated = !isNaN(belowZeroSlope(kind2, param2));
  const z2 = activated ? actPtr(2) : derPtr(2);
  const w1 = weightsPtr(1);
  const bias1 = biasPtr(1);
  const ms = <usize>maxStride << 2;
  const A = SWEEP;
  const head = A + (<usize>MAX_GRID << 2);
  const pk = head + (<usize>MAX_GRID << 2);
  const sigma = pk + ms;
  const next = sigma + ms;
  const coef = next + ms;
  const rowBytes = <usize>(R * s2) << 2;
  const plane = <usize>(R * R) << 2;
  for (let r = 0; r < rows; r++) {
    const j = j0 + r;
    const b = <f32>j / last;
    sweepPlan(R, A, b, w1, s1, bias1, n1, kind1, param1, pk, sigma, head, next);
    sweepRowSimd(
      R, A, n1, kind1, param1, pk, w1, sigma, head, next, weightsPtr(2), s2, biasPtr(2), coef, z2 + <usize>r * rowBytes,
      kind2, param2,
    );
    if (planes) firstLayerRowSimd(R, A, b, w1, s1, bias1, n1, kind1, param1, planes + (<usize>(j * R) << 2), plane);
  }
  if (!activated) activate(kind2, fastMath, param2, derPtr(2), actPtr(2), derPtr(2), rows * R * s2, false);
}

/**
 * One pass over an R×R grid: the output into `out` (if non-zero), the target into `tgt` (if
 * non-zero), and every neuron's output into `neurons` (if non-zero) as [neuron][R²], layer by layer.
 * When layer 1 is piecewise linear the pass goes in whole rows and sweeps layer 2 (sweepRows).
 */
function gridPass(R: i32, out: usize, tgt: usize, neurons: usize): void {
  const L = layerCount;
  const total = R * R;
  const plane = <usize>total << 2;
  const sweep = canSweep(R);
  if (sweep) sweepCoordinates(R);
  const chunk = gridChunk(R, sweep);
  const needTarget = tgt != 0 && cachedTargetR != R;
  for (let start = 0; start < total; start += chunk) {
    const count = min<i32>(chunk, total - start);
    if (sweep && needTarget) fillGrid(R, start, count); // the target reads the inputs
    gridForward(R, start, count, L, sweep, neurons);
    const s = <usize>start << 2;
    if (out) transposeOutSimd(actPtr(L), stride(L), count, 1, out + s, total);
    if (needTarget) {
      const x = actPtr(0);
      for (let k = 0; k < count; k++) {
        const p = x + (<usize>k << 4);
        store<f32>(tgt + s + (<usize>k << 2), targetAt(load<f32>(p), load<f32>(p, 4)));
      }
    }
    if (neurons) {
      let dst = neurons + s;
      for (let l = 1; l <= L; l++) {
        const n = units(l);
        if (!sweep || l > 1) transposeOutSimd(actPtr(l), stride(l), count, n, dst, total);
        dst += <usize>n * plane;
      }
    }
  }
  // The target does not change between evaluations: computed once per resolution, then copied.
  if (tgt && R <= MAX_GRID) {
    if (cachedTargetR == R) {
      memory.copy(tgt, TARGET_CACHE, plane);
    } else {
      memory.copy(TARGET_CACHE, tgt, plane);
      cachedTargetR = R;
    }
  }
}

/**
 * evaluate(R, T): SCRATCH = [output R²][target R²][neurons Σunits × T²] (each part 64-byte aligned,
 * offsets from evalTargetOffset / evalNeuronsOffset). Returns false if memory could not grow.
 */
export function evaluate(R: i32, T: i32): bool {
  const planeR = align64(<usize>(R * R) << 2);
  const need = 2 * planeR + (<usize>(totalNeurons() * T * T) << 2);
  if (!ensureScratch(need)) return false;
  const out = SCRATCH;
  const tgt = SCRATCH + planeR;
  const neu = tgt + planeR;
  if (T == R) {
    gridPass(R, out, tgt, neu);
  } else {
    gridPass(R, out, tgt, 0);
    if (T > 0) gridPass(T, 0, 0, neu);
  }
  return true;
}

/**
 * One neuron (layer l = 1…L, index u) on an R×R grid into SCRATCH. Layers from 2 on are swept
 * as in gridPass, so a neuron's large plot and its thumbnail hold the same values.
 */
export function neuronGrid(l: i32, u: i32, R: i32): bool {
  const total = R * R;
  if (!ensureScratch(<usize>total << 2)) return false;
  const src = actPtr(l) + (<usize>u << 2);
  const rowBytes = <usize>stride(l) << 2;
  const sweep = l >= 2 && canSweep(R);
  if (sweep) sweepCoordinates(R);
  const chunk = gridChunk(R, sweep);
  for (let start = 0; start < total; start += chunk) {
    const count = min<i32>(chunk, total - start);
    gridForward(R, start, count, l, sweep, 0);
    let q = src;
    const dst = SCRATCH + (<usize>start << 2);
    for (let k = 0; k < count; k++) {
      store<f32>(dst + (<usize>k << 2), load<f32>(q));
      q += rowBytes;
    }
  }
  return true;
}

/** Forward one point; every layer's outputs are then at actPtr(l), units(l) floats. */
export function forwardPoint(a: f32, b: f32): void {
  const x = actPtr(0);
  store<f32>(x, a);
  store<f32>(x, b, 4);
  forward(1, false, layerCount);
}

/**
 * Per neuron on an R×R grid, into SCRATCH as 4 floats: [points with output ≠ 0, points with
 * f'(z) ≠ 0, min output, max output].
 */
export function neuronStats(R: i32): bool {
  const N = totalNeurons();
  if (!ensureScratch(<usize>N << 4)) return false;
  for (let k = 0; k < N; k++) {
    const p = SCRATCH + (<usize>k << 4);
    store<f32>(p, 0);
    store<f32>(p, 0, 4);
    store<f32>(p, Infinity, 8);
    store<f32>(p, -Infinity, 12);
  }
  const total = R * R;
  const L = layerCount;
  for (let start = 0; start < total; start += EVAL_CHUNK) {
    const count = min<i32>(EVAL_CHUNK, total - start);
    fillGrid(R, start, count);
    forward(count, true, L);
    let k = 0;
    for (let l = 1; l <= L; l++) {
      const n = units(l);
      const rowBytes = <usize>stride(l) << 2;
      for (let u = 0; u < n; u++) {
        let qa = actPtr(l) + (<usize>u << 2);
        let qd = derPtr(l) + (<usize>u << 2);
        let nz: f32 = 0;
        let nd: f32 = 0;
        let lo: f32 = Infinity;
        let hi: f32 = -Infinity;
        for (let e = 0; e < count; e++) {
          const y = load<f32>(qa);
          if (y != 0) nz += 1;
          if (load<f32>(qd) != 0) nd += 1;
          lo = min<f32>(lo, y);
          hi = max<f32>(hi, y);
          qa += rowBytes;
          qd += rowBytes;
        }
        const p = SCRATCH + (<usize>k << 4);
        store<f32>(p, load<f32>(p) + nz);
        store<f32>(p, load<f32>(p, 4) + nd, 4);
        store<f32>(p, min<f32>(load<f32>(p, 8), lo), 8);
        store<f32>(p, max<f32>(load<f32>(p, 12), hi), 12);
        k++;
      }
    }
  }
  return true;
}

/** Make SCRATCH hold `n` explicit examples (16 bytes each: a, b, target, 0). */
export function reserveExamples(n: i32): bool {
  return ensureScratch(<usize>n << 4);
}
