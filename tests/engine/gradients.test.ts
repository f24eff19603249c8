/**
 * The engine's gradients against central finite differences in float64.
 *
 * For every activation × every loss, on networks with 0 to 3 hidden layers, the engine's
 * `lossAndGradients` (float32) is compared element by element with finite differences of the
 * float64 reference forward pass (`reference.ts`), evaluated at the engine's own weights as
 * `getParams()` returns them. The activation under test is used on every layer, output included.
 *
 * Both builds are checked: the SIMD one and its scalar twin.
 */
import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../../src/lib/engine/api';
import {
  ACTIVATIONS,
  type Activation,
  type ExperimentConfig,
  type LayerConfig,
  type LayerParams,
  type Loss,
  type NetworkConfig,
} from '../../src/lib/engine/types';
import {
  buildLayers,
  finiteDifferenceGradients,
  forward,
  kinkMargin,
  layerConfigs,
  lossFunction,
  makeRng,
  meanLoss,
  type RefLayer,
} from './reference';
import { BUILDS, FAST_BOUNDS, loadBuild } from './helpers';

// ───────────────────────────── engine loading ─────────────────────────────

const loadEngine = loadBuild;

// ───────────────────────────── tolerance ─────────────────────────────

/**
 * Float32 error does not scale with a gradient's value but with the magnitudes of the terms that
 * were summed to make it: a backpropagated gradient is Σ over paths of products of weights,
 * activations and derivatives, and each float32 sum or product is exact up to a relative 2⁻²⁴ of
 * its operands. So each gradient's tolerance is
 *
 *     |g_engine − g_fd| ≤ KAPPA · M + FD_ATOL,
 *
 * where M is the same backpropagation run with every factor replaced by its absolute value (the
 * sum of |path contributions|, computed here in float64; M ≥ |g|, and M = |g| when nothing
 * cancels). KAPPA = 1e−5 ≈ 170 units of float32 rounding (2⁻²⁴ ≈ 6e−8). The longest chain here
 * has 4 layers, fan-ins up to 13 and 6 examples, and each exact-mode transcendental adds a few
 * ulps (GELU's erf is good to ~1.2e−7), so the error bound is a few tens of ulps of M; measured
 * on both builds the worst case lies between 3e−7·M and 1e−6·M (every case passes at
 * KAPPA = 1e−6, 24 fail at 3e−7), so KAPPA keeps a margin of ten or more. A wrong derivative
 * (a missing factor, a wrong sign, the wrong side of a branch, GELU's tanh form in exact mode,
 * a gradient not divided by the batch) is off by ≥ 1e−3·|g| and fails.
 * Pre-activations are kept in |z| ≲ 3.5 so that 1 − tanh² and σ(1 − σ) do not lose their digits
 * to cancellation in float32. FD_ATOL covers the finite-difference error itself (about 1e−10 relative).
 */
const KAPPA = 1e-5;
const FD_ATOL = 1e-9;

/** Sum of |path contributions| for every parameter's gradient (see above), averaged over examples. */
function magnitudes(
  layers: RefLayer[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  loss: Loss,
): LayerParams[] {
  const L = lossFunction(loss);
  const n = targets.length;
  const out = layers.map((layer) => ({
    weights: layer.weights.map((row) => row.map(() => 0)),
    biases: layer.biases.map(() => 0),
  }));
  for (let k = 0; k < n; k++) {
    const tr = forward(layers, inputs[2 * k], inputs[2 * k + 1]);
    const top = layers.length - 1;
    let delta = [Math.abs(L.dy(tr.output, targets[k]) * layers[top].act.df(tr.z[top][0]))];
    for (let l = top; l >= 0; l--) {
      const prevA = l === 0 ? tr.input : tr.a[l - 1];
      layers[l].weights.forEach((row, o) => {
        row.forEach((_, i) => (out[l].weights[o][i] += (delta[o] * Math.abs(prevA[i])) / n));
        out[l].biases[o] += delta[o] / n;
      });
      if (l > 0) {
        const next = prevA.map((_, i) =>
          layers[l].weights.reduce((s, row, o) => s + Math.abs(row[i]) * delta[o], 0),
        );
        delta = next.map((s, i) => s * Math.abs(layers[l - 1].act.df(tr.z[l - 1][i])));
      }
    }
  }
  return out;
}

// ───────────────────────────── cases ─────────────────────────────

/**
 * Pre-activation where each activation's output is near 0.5, used as the output neuron's bias so
 * that y stays inside (0, 1) for BCE (and away from BCE's clamp) whatever the output activation.
 */
const OUTPUT_CENTER: Record<Activation, number> = {
  identity: 0.5,
  sigmoid: 0,
  tanh: 0.55,
  relu: 0.5,
  leakyRelu: 0.5,
  elu: 0.5,
  gelu: 0.7,
  swish: 0.8,
  softplus: -0.4,
  gaussian: 0.83,
  sine: 0.52,
  gcu: 0.6,
  ameo: 0.6,
};

const LOSSES: Loss[] = [{ kind: 'mse' }, { kind: 'bce' }, { kind: 'huber', delta: 0.12 }];

/** Hidden sizes: 0 to 3 layers, sizes that are not multiples of 4, one wider than a SIMD vector pair. */
const SHAPES: number[][] = [[], [5], [9, 6], [6, 13, 3]];

/** Finite differences need every pre-activation at least this far from a kink. */
const KINK_MARGIN = 1e-3;

function layerOf(units: number, act: Activation, param?: number): LayerConfig {
  return {
    units,
    activation: act,
    activationParam: param,
    weightInit: { kind: 'uniform', min: -0.5, max: 0.5 },
    biasInit: { kind: 'constant', value: 0 },
  };
}

function experiment(network: NetworkConfig, loss: Loss, batchSize = 1): ExperimentConfig {
  return {
    network,
    training: {
      loss,
      optimizer: { kind: 'sgd' },
      batchSize,
      learningRate: 0.1,
      schedule: { kind: 'constant' },
      warmupExamples: 0,
      l1: 0,
      l2: 0,
    },
    data: { target: { kind: 'builtin', id: 'multiply' }, mode: { kind: 'fresh' } },
    seed: 1234,
  };
}

/**
 * Weights for a case, drawn from our own generator and rounded to float32: hidden weights
 * U(−1.6, 1.6)/√fanIn and biases U(−0.6, 0.6) keep |z| ≲ 3; the output neuron's bias sits at the
 * activation's centre and its weights are small, so y stays near the middle of its range.
 */
function caseParams(network: NetworkConfig, seed: number): LayerParams[] {
  const rng = makeRng(seed);
  const cfgs = layerConfigs(network);
  const u = (a: number) => Math.fround(a * (2 * rng.uniform() - 1));
  return cfgs.map((c, l) => {
    const fanIn = l === 0 ? 2 : cfgs[l - 1].units;
    const isOutput = l === cfgs.length - 1;
    const scale = isOutput && l > 0 ? 0.6 / Math.sqrt(fanIn) : 1.6 / Math.sqrt(fanIn);
    return {
      weights: Array.from({ length: c.units }, () => Array.from({ length: fanIn }, () => u(scale))),
      biases: Array.from({ length: c.units }, () =>
        isOutput ? Math.fround(OUTPUT_CENTER[c.activation] + u(0.1)) : u(0.6),
      ),
    };
  });
}

/** Inputs in the unit square and targets in [0.1, 0.9], rounded to float32 (what the engine sees). */
function caseExamples(n: number, seed: number) {
  const rng = makeRng(seed);
  const inputs = Float32Array.from({ length: 2 * n }, () => rng.uniform());
  const targets = Float32Array.from({ length: n }, () => 0.1 + 0.8 * rng.uniform());
  return { inputs, targets };
}

/** Whether a case is safe for finite differences: no kink, no BCE clamp, no Huber switch nearby. */
function caseIsSmooth(
  layers: RefLayer[],
  network: NetworkConfig,
  loss: Loss,
  inputs: Float32Array,
  targets: Float32Array,
): boolean {
  if (kinkMargin(layers, layerConfigs(network), inputs, targets) < KINK_MARGIN) return false;
  for (let k = 0; k < targets.length; k++) {
    const tr = forward(layers, inputs[2 * k], inputs[2 * k + 1]);
    if (tr.z.some((zs) => zs.some((z) => Math.abs(z) > 3.5))) return false;
    const y = tr.output;
    if (loss.kind === 'bce' && !(y > 0.02 && y < 0.98)) return false;
    if (loss.kind === 'huber' && Math.abs(Math.abs(y - targets[k]) - loss.delta) < KINK_MARGIN)
      return false;
  }
  return true;
}

interface Mismatch {
  name: string;
  engine: number;
  fd: number;
  tolerance: number;
}

function compareGradients(
  engine: LayerParams[],
  fd: LayerParams[],
  mag: LayerParams[],
  hasBias: boolean[],
  extra?: LayerParams[],
): Mismatch[] {
  const bad: Mismatch[] = [];
  const check = (name: string, e: number, f: number, m: number, x: number) => {
    const tolerance = KAPPA * m + FD_ATOL + x;
    if (!(Math.abs(e - f) <= tolerance)) bad.push({ name, engine: e, fd: f, tolerance });
  };
  fd.forEach((layer, l) => {
    layer.weights.forEach((row, o) =>
      row.forEach((f, i) =>
        check(
          `layer ${l} weight[${o}][${i}]`,
          engine[l].weights[o]?.[i],
          f,
          mag[l].weights[o][i],
          extra?.[l].weights[o][i] ?? 0,
        ),
      ),
    );
    if (hasBias[l])
      layer.biases.forEach((f, o) =>
        check(
          `layer ${l} bias[${o}]`,
          engine[l].biases[o],
          f,
          mag[l].biases[o],
          extra?.[l].biases[o] ?? 0,
        ),
      );
  });
  return bad;
}

// ───────────────────────────── fast mode ─────────────────────────────

/**
 * A first-order bound on how far fast-mode gradients may stray from the exact ones, given the
 * approximation bounds eF (on f) and eD (on f′) of each layer's activation: the forward error
 * Δa_l ≤ |f′|·Δz_l + eF with Δz_l = |W_l|·Δa_{l−1}; the loss's ΔdL/dy ≤ |L″|·Δy; the backward
 * error Δδ_l ≤ |dL/dy or Wᵀδ|·(|f″|·Δz + eD) + |f′|·Δ(dL/dy or Wᵀδ); then
 * ΔdL/dW = Δδ·|a| + |δ|·Δa and ΔdL/db = Δδ, averaged over the examples. f″ and L″ are taken by
 * finite differences of the float64 f′ and dL/dy.
 */
function fastModeBound(
  layers: RefLayer[],
  cfgs: LayerConfig[],
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  loss: Loss,
): LayerParams[] {
  const L = lossFunction(loss);
  const n = targets.length;
  const h = 1e-6;
  const d2 = (f: (x: number) => number, x: number) => Math.abs((f(x + h) - f(x - h)) / (2 * h));
  const eF = cfgs.map((c) => FAST_BOUNDS[c.activation][0]);
  const eD = cfgs.map((c) => FAST_BOUNDS[c.activation][1]);
  const out = layers.map((layer) => ({
    weights: layer.weights.map((row) => row.map(() => 0)),
    biases: layer.biases.map(() => 0),
  }));
  for (let k = 0; k < n; k++) {
    const tr = forward(layers, inputs[2 * k], inputs[2 * k + 1]);
    // forward errors
    const dz: number[][] = [];
    const da: number[][] = [];
    let prevErr = [0, 0];
    layers.forEach((layer, l) => {
      const ez = layer.weights.map((row) =>
        row.reduce((s, w, i) => s + Math.abs(w) * prevErr[i], 0),
      );
      const ea = ez.map((e, o) => Math.abs(layer.act.df(tr.z[l][o])) * e + eF[l]);
      dz.push(ez);
      da.push(ea);
      prevErr = ea;
    });
    // backward: δ and its error
    const top = layers.length - 1;
    const y = tr.output;
    const t = targets[k];
    const dLdy = L.dy(y, t);
    const dLdyErr = d2((v) => L.dy(v, t), y) * da[top][0];
    const zTop = tr.z[top][0];
    let delta = [dLdy * layers[top].act.df(zTop)];
    let deltaErr = [
      Math.abs(dLdy) * (d2(layers[top].act.df, zTop) * dz[top][0] + eD[top]) +
        Math.abs(layers[top].act.df(zTop)) * dLdyErr,
    ];
    for (let l = top; l >= 0; l--) {
      const prevA = l === 0 ? tr.input : tr.a[l - 1];
      const prevAErr = l === 0 ? [0, 0] : da[l - 1];
      layers[l].weights.forEach((row, o) => {
        row.forEach((_, i) => {
          out[l].weights[o][i] +=
            (deltaErr[o] * Math.abs(prevA[i]) + Math.abs(delta[o]) * prevAErr[i]) / n;
        });
        out[l].biases[o] += deltaErr[o] / n;
      });
      if (l > 0) {
        const below = layers[l - 1];
        const back = prevA.map((_, i) =>
          layers[l].weights.reduce((s, row, o) => s + row[i] * delta[o], 0),
        );
        const backErr = prevA.map((_, i) =>
          layers[l].weights.reduce((s, row, o) => s + Math.abs(row[i]) * deltaErr[o], 0),
        );
        const z = tr.z[l - 1];
        deltaErr = back.map(
          (b, i) =>
            Math.abs(b) * (d2(below.act.df, z[i]) * dz[l - 1][i] + eD[l - 1]) +
            Math.abs(below.act.df(z[i])) * backErr[i],
        );
        delta = back.map((b, i) => b * below.act.df(z[i]));
      }
    }
  }
  return out;
}

/** Runs one case on an engine; returns a description of every mismatch (empty when all agree). */
function runCase(
  engine: EngineApi,
  network: NetworkConfig,
  loss: Loss,
  seed: number,
  fastSafety = 0,
  count = 6,
  batchSize = 1,
) {
  engine.configure(experiment(network, loss, batchSize));
  const cfgs = layerConfigs(network);
  const hasBias = cfgs.map((c) => c.bias !== false);
  // Draw weights and examples until the case stays clear of kinks (a few tries at most).
  for (let attempt = 0; attempt < 40; attempt++) {
    const s = seed * 1000 + attempt;
    const mine = caseParams(network, s);
    engine.setParams(
      mine.map((p, l) => (hasBias[l] ? p : { weights: p.weights, biases: [] as number[] })),
    );
    const params = engine.getParams();
    const layers = buildLayers(network, params);
    const { inputs, targets } = caseExamples(count, s + 7);
    if (!caseIsSmooth(layers, network, loss, inputs, targets)) continue;

    const got = engine.lossAndGradients(inputs, targets);
    const lossFn = lossFunction(loss);
    const fd = finiteDifferenceGradients(layers, inputs, targets, lossFn);
    const mag = magnitudes(layers, inputs, targets, loss);
    const refLoss = meanLoss(layers, inputs, targets, lossFn);
    // In fast mode, widen each tolerance by `fastSafety` × the propagated approximation bound.
    const extra =
      fastSafety > 0
        ? fastModeBound(layers, cfgs, inputs, targets, loss).map((p) => ({
            weights: p.weights.map((row) => row.map((v) => fastSafety * v)),
            biases: p.biases.map((v) => fastSafety * v),
          }))
        : undefined;
    return {
      loss: { engine: got.loss, reference: refLoss },
      mismatches: compareGradients(got.grads, fd, mag, hasBias, extra),
      shapeOk: got.grads.length === cfgs.length,
    };
  }
  throw new Error('no smooth case found (test setup problem)');
}

// ───────────────────────────── tests ─────────────────────────────

for (const build of BUILDS) {
  describe(`gradients vs finite differences (${build.name} build)`, () => {
    let engine: EngineApi;
    const ready = loadEngine(build.simd).then((e) => (engine = e));

    for (const act of ACTIVATIONS) {
      for (const loss of LOSSES) {
        it(`${act} × ${loss.kind}, hidden layers 0–3`, async () => {
          await ready;
          SHAPES.forEach((hidden, si) => {
            const network: NetworkConfig = {
              hidden: hidden.map((u) => layerOf(u, act)),
              output: layerOf(1, act),
              fastMath: false,
            };
            const r = runCase(
              engine,
              network,
              loss,
              17 * si + ACTIVATIONS.indexOf(act) * 101 + LOSSES.indexOf(loss) * 7,
            );
            expect(r.shapeOk, `hidden [${hidden}]: one gradient entry per layer`).toBe(true);
            // The loss is a mean of values near 0.01–0.7; float32 gives it to ~1e−6 relative.
            expect(
              Math.abs(r.loss.engine - r.loss.reference),
              `hidden [${hidden}]: loss`,
            ).toBeLessThanOrEqual(1e-5 * Math.abs(r.loss.reference) + 1e-7);
            expect(r.mismatches, `hidden [${hidden}]: gradient mismatches`).toEqual([]);
          });
        });
      }
    }

    it('the common case: hidden activations × sigmoid output with BCE, non-default activation params', async () => {
      await ready;
      for (const act of ACTIVATIONS) {
        const param = act === 'leakyRelu' ? 0.2 : act === 'elu' ? 0.7 : undefined;
        const network: NetworkConfig = {
          hidden: [layerOf(7, act, param), layerOf(5, act, param)],
          output: layerOf(1, 'sigmoid'),
          fastMath: false,
        };
        const r = runCase(engine, network, { kind: 'bce' }, 900 + ACTIVATIONS.indexOf(act));
        expect(r.mismatches, `${act} (param ${param})`).toEqual([]);
      }
    });

    it('output bias switched off: gradients of the weights still match', async () => {
      await ready;
      for (const loss of LOSSES) {
        const network: NetworkConfig = {
          hidden: [layerOf(6, 'tanh')],
          output: { ...layerOf(1, 'sigmoid'), bias: false },
          fastMath: false,
        };
        const r = runCase(engine, network, loss, 555 + LOSSES.indexOf(loss));
        expect(r.mismatches, loss.kind).toEqual([]);
      }
    });

    it('at the weights the engine itself initialized (He normal, leaky ReLU, inputs chosen off the kinks)', async () => {
      await ready;
      const network: NetworkConfig = {
        hidden: [8, 6].map((u) => ({
          ...layerOf(u, 'leakyRelu'),
          weightInit: { kind: 'heNormal', slope: 0.01 } as const,
          biasInit: { kind: 'uniform', min: -0.1, max: 0.1 } as const,
        })),
        output: { ...layerOf(1, 'sigmoid'), weightInit: { kind: 'xavierNormal' } },
        fastMath: false,
      };
      engine.configure(experiment(network, { kind: 'mse' }));
      const params = engine.getParams();
      const layers = buildLayers(network, params);
      // Keep only examples whose every pre-activation is clear of ReLU's kink.
      const rng = makeRng(77);
      const ins: number[] = [];
      const ts: number[] = [];
      while (ts.length < 8) {
        const a = Math.fround(rng.uniform());
        const b = Math.fround(rng.uniform());
        if (kinkMargin(layers, layerConfigs(network), [a, b], [0]) < KINK_MARGIN) continue;
        ins.push(a, b);
        ts.push(Math.fround(rng.uniform()));
      }
      const inputs = Float32Array.from(ins);
      const targets = Float32Array.from(ts);
      const got = engine.lossAndGradients(inputs, targets);
      const fd = finiteDifferenceGradients(layers, inputs, targets, lossFunction({ kind: 'mse' }));
      const mag = magnitudes(layers, inputs, targets, { kind: 'mse' });
      expect(compareGradients(got.grads, fd, mag, [true, true, true])).toEqual([]);
    });

    /**
     * Fast mode: the gradients of the approximated network must lie within the exact gradient's
     * tolerance plus twice the first-order propagation of the approximation bounds (the factor
     * two covers second-order terms). Loose for GELU (its fast form is the tanh formula, 2.5e−2
     * off in f′), tight elsewhere; it catches a fast derivative with a wrong formula or sign.
     */
    for (const act of ACTIVATIONS) {
      it(`fast mode: ${act} gradients within the propagated approximation bounds`, async () => {
        await ready;
        SHAPES.forEach((hidden, si) => {
          for (const loss of LOSSES) {
            const network: NetworkConfig = {
              hidden: hidden.map((u) => layerOf(u, act)),
              output: layerOf(1, act),
              fastMath: true,
            };
            const r = runCase(
              engine,
              network,
              loss,
              3000 + 17 * si + ACTIVATIONS.indexOf(act) * 101 + LOSSES.indexOf(loss) * 7,
              2,
            );
            expect(r.mismatches, `hidden [${hidden}], ${loss.kind}`).toEqual([]);
          }
        });
      });
    }

    it('extreme shapes: one neuron per layer, 256 neurons, 8 hidden layers', async () => {
      await ready;
      const shapes = [[1], [256], [1, 1, 1, 1, 1, 1, 1, 1], [3, 5, 7, 9, 11, 13, 6, 2], [256, 3]];
      for (const act of ['tanh', 'leakyRelu', 'gcu', 'softplus'] as const) {
        shapes.forEach((hidden, si) => {
          const network: NetworkConfig = {
            hidden: hidden.map((u) => layerOf(u, act)),
            output: layerOf(1, 'sigmoid'),
            fastMath: false,
          };
          const r = runCase(engine, network, { kind: 'mse' }, 5000 + 10 * si + act.length);
          expect(r.mismatches, `${act}, hidden [${hidden}]`).toEqual([]);
        });
      }
    });

    it('many examples at once (37: not a multiple of 4, more than one batch of 32)', async () => {
      await ready;
      for (const batchSize of [1, 32]) {
        for (const loss of LOSSES) {
          const network: NetworkConfig = {
            hidden: [layerOf(9, 'tanh'), layerOf(6, 'gcu')],
            output: layerOf(1, 'sigmoid'),
            fastMath: false,
          };
          const r = runCase(engine, network, loss, 4000 + LOSSES.indexOf(loss), 0, 37, batchSize);
          expect(r.mismatches, `${loss.kind}, batch size ${batchSize}`).toEqual([]);
          expect(Math.abs(r.loss.engine - r.loss.reference)).toBeLessThanOrEqual(
            1e-5 * r.loss.reference + 1e-7,
          );
        }
      }
    });

    it('lossAndGradients changes nothing', async () => {
      await ready;
      const network: NetworkConfig = {
        hidden: [layerOf(5, 'tanh')],
        output: layerOf(1, 'sigmoid'),
        fastMath: false,
      };
      engine.configure(experiment(network, { kind: 'mse' }));
      const before = engine.getParams();
      const { inputs, targets } = caseExamples(5, 3);
      const a = engine.lossAndGradients(inputs, targets);
      const b = engine.lossAndGradients(inputs, targets);
      expect(engine.getParams()).toEqual(before);
      expect(engine.examplesSeen).toBe(0);
      expect(b).toEqual(a);
    });
  });
}
