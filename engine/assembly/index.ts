// The engine's export list. Everything crosses the boundary as numbers: addresses (bytes),
// counts and strides (floats). See layout.ts for the memory map and network.ts for the verbs.

export {
  setNetwork, setFastMath, setLayer, setInit, setLoss, setOptimizer, setBatchSize, setLearningRate,
  setRegularization, setSchedule, setData, build, reset, resetOptimizer, examplesSeen,
  currentLearningRate, lastLearningRate, train, reportLossSum, reportDivergence, reportDivergenceAt, gradientNorm,
  lossAndGradients, testLoss, testPointCount, testLossPart, totalNeurons, evaluate, neuronGrid, forwardPoint, neuronStats,
  reserveExamples, stateProblem,
} from './network';

import {
  STATE, F_STRIDE, F_ROWS, field, weightsPtr, biasPtr, actPtr, ensureScratch,
  stateBytes, GRADS, PARAMS, SCRATCH, GRID_TARGET, TRAIN_SET, TEST_SET,
} from './layout';

export function statePtr(): usize { return STATE; }
export function stateSize(): usize { return stateBytes; }
export function paramsPtr(): usize { return PARAMS; }
export function gradsPtr(): usize { return GRADS; }
export function scratchPtr(): usize { return SCRATCH; }
export function gridTargetPtr(): usize { return GRID_TARGET; }
export function trainSetPtr(): usize { return TRAIN_SET; }
export function testSetPtr(): usize { return TEST_SET; }
export function layerWeightsPtr(l: i32): usize { return weightsPtr(l); }
export function layerBiasPtr(l: i32): usize { return biasPtr(l); }
export function layerGradWeightsPtr(l: i32): usize { return GRADS + (weightsPtr(l) - PARAMS); }
export function layerGradBiasPtr(l: i32): usize { return GRADS + (biasPtr(l) - PARAMS); }
export function layerActPtr(l: i32): usize { return actPtr(l); }
export function layerStride(l: i32): i32 { return field(l, F_STRIDE); }
export function layerRows(l: i32): i32 { return field(l, F_ROWS); }
export function simdBuild(): bool { return ASC_FEATURE_SIMD; }

// ----- test-only exports: kernels and their scalar twins on caller-given buffers ----------------

import {
  denseForwardSimd, denseForwardScalar, denseBackInputSimd, denseBackInputScalar,
  denseWeightGradSimd, denseWeightGradScalar, denseSgdFusedSimd, denseSgdFusedScalar,
  denseWeightGradSgdSimd, denseWeightGradSgdScalar, denseOptFusedSimd, denseOptFusedScalar, hadamardSimd, hadamardScalar, transposeOutSimd, transposeOutScalar,
} from './kernels/dense';
import { activateSimd, activateScalar, activateWithDerivativeScalar, activationValue, activationDerivative } from './kernels/activations';
import { sgdSimd, sgdScalar, momentumSimd, momentumScalar, adamSimd, adamScalar } from './kernels/optimizers';
import { fastExp, fastLn, fastSin, fastCos } from './kernels/fastmath';
import { targetValue } from './kernels/targets';
import { exactSinCosSimd, exactSinCosScalar, exactTanhSimd, exactTanhScalar, exactExpSimd, exactExpScalar } from './kernels/exactmath';
import { learningRateAt } from './kernels/schedule';
import { sweepPlan, sweepRowSimd, sweepRowScalar, firstLayerRowSimd, firstLayerRowScalar } from './kernels/sweep';

/** Make SCRATCH at least `bytes` long and return its address (tests place their buffers there). */
export function testScratch(bytes: usize): usize { return ensureScratch(bytes) ? SCRATCH : 0; }

export function testDenseForward(simd: bool, B: i32, nIn: i32, x: usize, sx: i32, w: usize, so: i32, bias: usize, z: usize): void {
  if (simd) denseForwardSimd(B, nIn, x, sx, w, so, bias, z);
  else denseForwardScalar(B, nIn, x, sx, w, so, bias, z);
}
export function testDenseBackInput(simd: bool, B: i32, rows: i32, w: usize, so: i32, delta: usize, g: usize): void {
  if (simd) denseBackInputSimd(B, rows, w, so, delta, g);
  else denseBackInputScalar(B, rows, w, so, delta, g);
}
export function testDenseWeightGrad(simd: bool, B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, gw: usize, gb: usize, acc: bool): void {
  if (simd) denseWeightGradSimd(B, nIn, x, sx, delta, so, gw, gb, acc);
  else denseWeightGradScalar(B, nIn, x, sx, delta, so, gw, gb, acc);
}
export function testDenseSgdFused(simd: bool, nIn: i32, rows: i32, x: usize, w: usize, so: i32, bias: usize, hasBias: bool, delta: usize, needG: bool, g: usize, lr: f32, decay: f32, der: usize): void {
  if (simd) denseSgdFusedSimd(nIn, rows, x, w, so, bias, hasBias, delta, needG, g, lr, decay, der);
  else denseSgdFusedScalar(nIn, rows, x, w, so, bias, hasBias, delta, needG, g, lr, decay, der);
}
/** The batch-1 fused momentum/Adam kernel; the bias and its state follow W's in the caller's buffers. */
export function testDenseOptFused(
  simd: bool, nIn: i32, rows: i32, x: usize, w: usize, m: usize, v: usize, so: i32,
  bias: usize, bm: usize, bv: usize, hasBias: bool, delta: usize, needG: bool, g: usize, der: usize,
  kind: i32, lr: f32, mu: f32, nest: bool, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, r1: f32, r2: f32,
): void {
  if (simd) denseOptFusedSimd(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, kind, lr, mu, nest, b1, b2, eps, c1, c2, r1, r2);
  else denseOptFusedScalar(nIn, rows, x, w, m, v, so, bias, bm, bv, hasBias, delta, needG, g, der, kind, lr, mu, nest, b1, b2, eps, c1, c2, r1, r2);
}
export function testDenseWeightGradSgd(
  simd: bool, B: i32, nIn: i32, x: usize, sx: i32, delta: usize, so: i32, w: usize, bias: usize, hasBias: bool,
  gw: usize, gb: usize, keepGrad: bool, lr: f32, r1: f32, r2: f32,
): void {
  if (simd) denseWeightGradSgdSimd(B, nIn, x, sx, delta, so, w, bias, hasBias, gw, gb, keepGrad, lr, r1, r2);
  else denseWeightGradSgdScalar(B, nIn, x, sx, delta, so, w, bias, hasBias, gw, gb, keepGrad, lr, r1, r2);
}
export function testTransposeOut(simd: bool, src: usize, stride: i32, count: i32, n: i32, dst: usize, plane: i32): void {
  if (simd) transposeOutSimd(src, stride, count, n, dst, plane);
  else transposeOutScalar(src, stride, count, n, dst, plane);
}
/** The row sweep on one row (kernels/sweep.ts): its plan, then layer 2 by either twin. */
export function testSweepRow(
  simd: bool, R: i32, A: usize, b: f32, w1: usize, s1: i32, bias1: usize, n1: i32, kind1: i32, param1: f32,
  p: usize, sigma: usize, head: usize, next: usize, w2: usize, s2: i32, b2: usize, coef: usize, z2: usize,
  kind2: i32, param2: f32,
): void {
  sweepPlan(R, A, b, w1, s1, bias1, n1, kind1, param1, p, sigma, head, next);
  if (simd) sweepRowSimd(R, A, n1, kind1, param1, p, w1, sigma, head, next, w2, s2, b2, coef, z2, kind2, param2);
  else sweepRowScalar(R, A, n1, kind1, param1, p, w1, sigma, head, next, w2, s2, b2, coef, z2, kind2, param2);
}
export function testFirstLayerRow(
  simd: bool, R: i32, A: usize, b: f32, w1: usize, s1: i32, bias1: usize, n1: i32, kind1: i32, param1: f32,
  dst: usize, plane: usize,
): void {
  if (simd) firstLayerRowSimd(R, A, b, w1, s1, bias1, n1, kind1, param1, dst, plane);
  else firstLayerRowScalar(R, A, b, w1, s1, bias1, n1, kind1, param1, dst, plane);
}
export function testHadamard(simd: bool, a: usize, b: usize, out: usize, count: i32): void {
  if (simd) hadamardSimd(a, b, out, count);
  else hadamardScalar(a, b, out, count);
}
export function testActivate(simd: bool, kind: i32, fast: bool, param: f32, z: usize, a: usize, d: usize, count: i32, withDerivative: bool): void {
  if (simd) activateSimd(kind, fast, param, z, a, d, count, withDerivative);
  else if (withDerivative) activateWithDerivativeScalar(kind, fast, param, z, a, d, count);
  else activateScalar(kind, fast, param, z, a, count);
}
export function testSgd(simd: bool, w: usize, g: usize, count: i32, lr: f32, r1: f32, r2: f32): void {
  if (simd) sgdSimd(w, g, count, lr, r1, r2);
  else sgdScalar(w, g, count, lr, r1, r2);
}
export function testMomentum(simd: bool, w: usize, g: usize, v: usize, count: i32, lr: f32, mu: f32, nest: bool, r1: f32, r2: f32): void {
  if (simd) momentumSimd(w, g, v, count, lr, mu, nest, r1, r2);
  else momentumScalar(w, g, v, count, lr, mu, nest, r1, r2);
}
export function testAdam(simd: bool, w: usize, g: usize, m: usize, v: usize, count: i32, lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, r1: f32, r2: f32): void {
  if (simd) adamSimd(w, g, m, v, count, lr, b1, b2, eps, c1, c2, r1, r2);
  else adamScalar(w, g, m, v, count, lr, b1, b2, eps, c1, c2, r1, r2);
}
export function testActivationValue(kind: i32, fast: bool, param: f32, x: f32): f32 { return activationValue(kind, fast, param, x); }
export function testActivationDerivative(kind: i32, fast: bool, param: f32, x: f32): f32 {
  return activationDerivative(kind, fast, param, x, activationValue(kind, fast, param, x));
}
export function testFastExp(x: f32): f32 { return fastExp(x); }
export function testFastLn(x: f32): f32 { return fastLn(x); }
export function testFastSin(x: f32): f32 { return fastSin(x); }
export function testFastCos(x: f32): f32 { return fastCos(x); }
export function testExactSinCos(simd: bool, x: usize, s: usize, c: usize, count: i32): void {
  if (simd) exactSinCosSimd(x, s, c, count);
  else exactSinCosScalar(x, s, c, count);
}
export function testExactTanh(simd: bool, x: usize, t: usize, count: i32): void {
  if (simd) exactTanhSimd(x, t, count);
  else exactTanhScalar(x, t, count);
}
export function testExactExp(simd: bool, x: usize, t: usize, count: i32): void {
  if (simd) exactExpSimd(x, t, count);
  else exactExpScalar(x, t, count);
}
export function testTarget(id: i32, a: f32, b: f32): f32 { return targetValue(id, a, b); }
export function testLearningRate(kind: i32, base: f64, a: f64, b: f64, lo: f64, warm: f64, t: f64): f64 {
  return learningRateAt(kind, base, a, b, lo, warm, t);
}

// ----- benchmark-only export -------------------------------------------------------------------
export { peakMulAdd, peakFlops } from './kernels/peak';
