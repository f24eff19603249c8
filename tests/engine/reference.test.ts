/**
 * Tests of the float64 reference itself, so that the oracle the engine is judged by is trustworthy:
 * each derivative against finite differences of its own function, backpropagation against finite
 * differences of the whole network, optimizers and schedules against values worked out by hand,
 * and the statistical checker against samples it must accept and samples it must reject.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  type Activation,
  type LayerConfig,
  type LayerParams,
  type Loss,
  type NetworkConfig,
  type TrainingConfig,
} from '../../src/lib/engine/types';
import {
  DEFAULT_CONVENTIONS,
  ReferenceTrainer,
  activation,
  activationKinks,
  buildLayers,
  checkSample,
  compareParams,
  erf,
  finiteDifferenceGradients,
  forward,
  initializerLaw,
  learningRateAt,
  lossAndGradients,
  lossFunction,
  makeRng,
  meanLoss,
  scheduledRate,
} from './reference';

const LOSSES: Loss[] = [{ kind: 'mse' }, { kind: 'bce' }, { kind: 'huber', delta: 0.3 }];

/** Central difference of a scalar function in float64. */
const central = (f: (x: number) => number, x: number, h = 1e-6) => (f(x + h) - f(x - h)) / (2 * h);

function layer(units: number, act: Activation, extra: Partial<LayerConfig> = {}): LayerConfig {
  return {
    units,
    activation: act,
    weightInit: { kind: 'uniform', min: -1, max: 1 },
    biasInit: { kind: 'uniform', min: -0.5, max: 0.5 },
    ...extra,
  };
}

/** Random params of the right shape for a network, from a seeded generator. */
function randomParams(network: NetworkConfig, seed: number, scale = 1) {
  const rng = makeRng(seed);
  const cfgs = [...network.hidden, network.output];
  return cfgs.map((c, l) => {
    const fanIn = l === 0 ? 2 : cfgs[l - 1].units;
    return {
      weights: Array.from({ length: c.units }, () =>
        Array.from({ length: fanIn }, () => scale * (2 * rng.uniform() - 1)),
      ),
      biases: Array.from({ length: c.units }, () => scale * (rng.uniform() - 0.5)),
    };
  });
}

function randomExamples(n: number, seed: number) {
  const rng = makeRng(seed);
  const inputs = Float64Array.from({ length: 2 * n }, () => rng.uniform());
  const targets = Float64Array.from({ length: n }, () => 0.1 + 0.8 * rng.uniform());
  return { inputs, targets };
}

describe('special functions', () => {
  it('erf matches tabulated values to float64 accuracy', () => {
    // Values from Abramowitz & Stegun table 7.1 / high-precision references.
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-1.5, -0.9661051464753108],
    ];
    for (const [x, want] of table) expect(Math.abs(erf(x) - want)).toBeLessThan(4e-16);
  });
});

describe('activations: f′ beside f', () => {
  const points = [-3.1, -1.7, -0.9, -0.35, -0.05, 0.05, 0.4, 0.8, 1.3, 2.2, 3.7];
  for (const kind of ACTIVATIONS) {
    for (const gelu of ['erf', 'tanh'] as const) {
      if (gelu === 'tanh' && kind !== 'gelu') continue;
      it(`${kind}${kind === 'gelu' ? ` (${gelu})` : ''}: derivative equals the finite difference of f`, () => {
        const params = kind === 'leakyRelu' ? [0.01, 0.2] : kind === 'elu' ? [1, 0.5] : [undefined];
        for (const p of params) {
          const act = activation(kind, p, { ...DEFAULT_CONVENTIONS, gelu });
          for (const z of points) {
            // central difference error ≈ h²·f‴/6 + ε/h ≈ 1e−10 here
            expect(Math.abs(act.df(z) - central(act.f, z))).toBeLessThan(1e-8);
          }
        }
      });
    }
  }

  it('values at known points', () => {
    expect(activation('sigmoid').f(0)).toBe(0.5);
    expect(activation('leakyRelu').f(-2)).toBeCloseTo(-0.02, 15);
    expect(activation('leakyRelu', 0.3).f(-2)).toBeCloseTo(-0.6, 15);
    expect(activation('elu').f(-1)).toBeCloseTo(Math.exp(-1) - 1, 15);
    expect(activation('gelu').f(1)).toBeCloseTo(0.8413447460685429, 14); // Φ(1)
    expect(activation('softplus').f(0)).toBeCloseTo(Math.LN2, 15);
    expect(activation('softplus').f(800)).toBe(800); // no overflow
    expect(activation('gaussian').f(1)).toBeCloseTo(Math.exp(-1), 15);
    expect(activation('gcu').f(Math.PI)).toBeCloseTo(-Math.PI, 14);
    expect(activation('ameo').f(-1)).toBeCloseTo(Math.tanh(-1), 15);
    expect(activation('ameo').f(1)).toBeCloseTo(Math.cos(1), 15);
    expect(activation('relu').df(0)).toBe(0);
    expect(activationKinks('relu')).toEqual([0]);
    expect(activationKinks('elu')).toEqual([]);
  });
});

describe('losses: dL/dy beside L', () => {
  for (const loss of LOSSES) {
    for (const mse of ['half', 'full'] as const) {
      if (mse === 'full' && loss.kind !== 'mse') continue;
      it(`${loss.kind}${loss.kind === 'mse' ? ` (${mse})` : ''}`, () => {
        const L = lossFunction(loss, { ...DEFAULT_CONVENTIONS, mse });
        for (const t of [0, 0.25, 0.9, 1]) {
          for (const y of [0.05, 0.3, 0.52, 0.77, 0.96]) {
            if (loss.kind === 'huber' && Math.abs(Math.abs(y - t) - 0.3) < 1e-4) continue;
            expect(Math.abs(L.dy(y, t) - central((v) => L.value(v, t), y, 1e-7))).toBeLessThan(
              1e-6,
            );
          }
        }
      });
    }
  }

  it('values by hand', () => {
    expect(lossFunction({ kind: 'mse' }).value(0.7, 0.2)).toBeCloseTo(0.25, 15);
    expect(
      lossFunction({ kind: 'mse' }, { ...DEFAULT_CONVENTIONS, mse: 'half' }).value(0.7, 0.2),
    ).toBeCloseTo(0.125, 15);
    expect(lossFunction({ kind: 'bce' }).value(0.8, 1)).toBeCloseTo(-Math.log(0.8), 15);
    expect(lossFunction({ kind: 'huber', delta: 0.3 }).value(1, 0)).toBeCloseTo(
      0.3 * (1 - 0.15),
      15,
    );
    expect(lossFunction({ kind: 'huber', delta: 0.3 }).dy(1, 0)).toBe(0.3);
  });
});

describe('backpropagation against finite differences of the reference forward pass', () => {
  const shapes: number[][] = [[], [3], [5, 2], [4, 7, 3]];
  for (const kind of ACTIVATIONS) {
    for (const loss of LOSSES) {
      it(`${kind} × ${loss.kind}, hidden 0–3 layers`, () => {
        shapes.forEach((hidden, si) => {
          const network: NetworkConfig = {
            hidden: hidden.map((u) => layer(u, kind)),
            // sigmoid output keeps y in (0, 1) for BCE; the activation under test is also tried at the output below
            output: layer(1, loss.kind === 'bce' ? 'sigmoid' : kind),
            fastMath: false,
          };
          const layers = buildLayers(network, randomParams(network, 100 + si));
          const { inputs, targets } = randomExamples(5, 7 + si);
          const L = lossFunction(loss);
          const bp = lossAndGradients(layers, inputs, targets, L);
          const fd = finiteDifferenceGradients(layers, inputs, targets, L);
          expect(bp.loss).toBeCloseTo(meanLoss(layers, inputs, targets, L), 14);
          // The kink z = 0 of ReLU-like units is hit with probability zero by these random draws.
          expect(compareParams(bp.grads, fd, 1e-6, 1e-9)).toEqual([]);
        });
      });
    }
  }

  it('detects a wrong derivative (the check can fail)', () => {
    const network: NetworkConfig = {
      hidden: [layer(3, 'tanh')],
      output: layer(1, 'identity'),
      fastMath: false,
    };
    const layers = buildLayers(network, randomParams(network, 1));
    layers[0].act = { f: Math.tanh, df: (z) => 1 - Math.tanh(z) }; // missing the square
    const { inputs, targets } = randomExamples(4, 2);
    const L = lossFunction({ kind: 'mse' });
    const bp = lossAndGradients(layers, inputs, targets, L);
    const fd = finiteDifferenceGradients(layers, inputs, targets, L);
    expect(compareParams(bp.grads, fd, 1e-6, 1e-9).length).toBeGreaterThan(0);
  });

  it('a layer without bias has no bias gradient and ignores its biases', () => {
    const network: NetworkConfig = {
      hidden: [layer(2, 'tanh')],
      output: layer(1, 'sigmoid', { bias: false }),
      fastMath: false,
    };
    const params = randomParams(network, 3);
    params[1].biases = [123]; // ignored
    const layers = buildLayers(network, params);
    const out = forward(layers, 0.3, 0.6).output;
    const h = [0, 1].map((o) =>
      Math.tanh(
        params[0].weights[o][0] * 0.3 + params[0].weights[o][1] * 0.6 + params[0].biases[o],
      ),
    );
    const z = params[1].weights[0][0] * h[0] + params[1].weights[0][1] * h[1];
    expect(out).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
    const g = lossAndGradients(layers, [0.3, 0.6], [1], lossFunction({ kind: 'mse' }));
    expect(g.grads[1].biases).toEqual([0]);
  });
});

describe('optimizers, worked by hand on one neuron', () => {
  // identity neuron y = w·a + v·b + c, MSE ½(y − t)²: dL/dw = (y − t)·a
  const network: NetworkConfig = {
    hidden: [],
    output: layer(1, 'identity'),
    fastMath: false,
  };
  const base: TrainingConfig = {
    loss: { kind: 'mse' },
    optimizer: { kind: 'sgd' },
    batchSize: 1,
    learningRate: 0.1,
    schedule: { kind: 'constant' },
    warmupExamples: 0,
    l1: 0,
    l2: 0,
  };
  // The hand-worked values use MSE with the ½ (dL/dy = y − t), to keep the arithmetic short.
  const HALF = { ...DEFAULT_CONVENTIONS, mse: 'half' as const };
  const trainer = (params: LayerParams[], training: TrainingConfig) =>
    new ReferenceTrainer(network, params, training, HALF);
  const start = () => [{ weights: [[0.5, -0.25]], biases: [0.1] }];
  // example (a, b) = (1, 2), t = 0: y = 0.5 − 0.5 + 0.1 = 0.1, r = 0.1; g = (0.1, 0.2, 0.1)

  it('sgd: w ← w − η·g, on weights and biases', () => {
    const tr = trainer(start(), base);
    tr.trainOn([1, 2], [0]);
    expect(tr.params[0].weights[0][0]).toBeCloseTo(0.5 - 0.01, 15);
    expect(tr.params[0].weights[0][1]).toBeCloseTo(-0.25 - 0.02, 15);
    expect(tr.params[0].biases[0]).toBeCloseTo(0.1 - 0.01, 15);
  });

  it('l2 and l1 act on weights only: g + λ₂·w + λ₁·sign(w)', () => {
    const tr = trainer(start(), {
      ...base,
      l2: 0.2,
      l1: 0.05,
    });
    tr.trainOn([1, 2], [0]);
    expect(tr.params[0].weights[0][0]).toBeCloseTo(0.5 - 0.1 * (0.1 + 0.2 * 0.5 + 0.05), 15);
    expect(tr.params[0].weights[0][1]).toBeCloseTo(-0.25 - 0.1 * (0.2 + 0.2 * -0.25 - 0.05), 15);
    expect(tr.params[0].biases[0]).toBeCloseTo(0.1 - 0.01, 15);
  });

  it('momentum and Nesterov: two steps', () => {
    // With a = b = 0 the only gradient is the bias's: g = c − t.
    for (const nesterov of [false, true]) {
      const tr = trainer(start(), {
        ...base,
        optimizer: { kind: 'momentum', momentum: 0.9, nesterov },
      });
      tr.trainOn([0, 0, 0, 0], [0, 0]);
      // step 1: g₁ = 0.1, v₁ = 0.1, c₁ = 0.1 − 0.1·(nesterov ? 0.1 + 0.09 : 0.1)
      const c1 = nesterov ? 0.1 - 0.1 * 0.19 : 0.1 - 0.01;
      const v1 = 0.1;
      const g2 = c1;
      const v2 = 0.9 * v1 + g2;
      const c2 = c1 - 0.1 * (nesterov ? g2 + 0.9 * v2 : v2);
      expect(tr.params[0].biases[0]).toBeCloseTo(c2, 15);
    }
  });

  it('adam: the first step moves each parameter by about η·sign(g)', () => {
    const tr = trainer(start(), {
      ...base,
      learningRate: 0.01,
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    });
    tr.trainOn([1, 2], [0]);
    // m̂ = g, v̂ = g², so Δ = −η·g/(|g| + ε)
    expect(tr.params[0].weights[0][0]).toBeCloseTo(0.5 - (0.01 * 0.1) / (0.1 + 1e-8), 15);
    expect(tr.params[0].weights[0][1]).toBeCloseTo(-0.25 - (0.01 * 0.2) / (0.2 + 1e-8), 15);
    expect(tr.params[0].biases[0]).toBeCloseTo(0.1 - (0.01 * 0.1) / (0.1 + 1e-8), 15);
  });

  it('a batch averages the gradients of its examples', () => {
    const tr = trainer(start(), {
      ...base,
      batchSize: 2,
    });
    tr.trainOn([1, 2, 0, 0], [0, 1]);
    // example 1: r = 0.1, g = (0.1, 0.2, 0.1); example 2: r = 0.1 − 1 = −0.9, g = (0, 0, −0.9)
    expect(tr.params[0].weights[0][0]).toBeCloseTo(0.5 - 0.1 * 0.05, 15);
    expect(tr.params[0].weights[0][1]).toBeCloseTo(-0.25 - 0.1 * 0.1, 15);
    expect(tr.params[0].biases[0]).toBeCloseTo(0.1 - 0.1 * -0.4, 15);
    expect(tr.examplesSeen).toBe(2);
    expect(tr.steps).toBe(1);
  });

  it('a live learning-rate change applies to weights and biases from the next step', () => {
    const tr = trainer(start(), base);
    tr.setTraining({ learningRate: 1 });
    tr.trainOn([1, 2], [0]);
    expect(tr.params[0].weights[0][0]).toBeCloseTo(0.4, 15);
    expect(tr.params[0].biases[0]).toBeCloseTo(0, 15);
  });

  it('records how close a pre-activation came to a kink', () => {
    const net: NetworkConfig = {
      hidden: [layer(2, 'relu')],
      output: layer(1, 'identity'),
      fastMath: false,
    };
    // neuron 0: z = a − 0.3 (kink at a = 0.3); neuron 1: z = b + 1 (never near 0)
    const params = [
      {
        weights: [
          [1, 0],
          [0, 1],
        ],
        biases: [-0.3, 1],
      },
      { weights: [[1, 1]], biases: [0] },
    ];
    const tr = new ReferenceTrainer(net, params, { ...base, learningRate: 0 });
    tr.trainOn([0.31, 0.5, 0.2999, 0.5], [0, 0]);
    expect(tr.kinkMargin).toBeCloseTo(1e-4, 12);
    const smooth = new ReferenceTrainer({ ...net, hidden: [layer(2, 'tanh')] }, params, base);
    smooth.trainOn([0.3, 0.5], [0]);
    expect(smooth.kinkMargin).toBe(Infinity);
  });

  it('training lowers the loss on a smooth target', () => {
    const net: NetworkConfig = {
      hidden: [layer(6, 'tanh')],
      output: layer(1, 'sigmoid'),
      fastMath: false,
    };
    const tr = new ReferenceTrainer(net, randomParams(net, 9, 0.5), {
      ...base,
      learningRate: 0.5,
      batchSize: 8,
    });
    const rng = makeRng(4);
    const inputs = Array.from({ length: 2 * 512 }, () => rng.uniform());
    const targets = Array.from({ length: 512 }, (_, k) => inputs[2 * k] * inputs[2 * k + 1]);
    const lossFn = lossFunction(base.loss);
    const before = meanLoss(tr.layers, inputs, targets, lossFn);
    for (let e = 0; e < 20; e++) tr.trainOn(inputs, targets);
    expect(meanLoss(tr.layers, inputs, targets, lossFn)).toBeLessThan(0.5 * before);
  });
});

describe('learning-rate schedules', () => {
  it('step, exponential, cosine and SGDR at chosen points', () => {
    expect(scheduledRate({ kind: 'constant' }, 0.3, 1e6)).toBe(0.3);
    expect(scheduledRate({ kind: 'step', every: 100, gamma: 0.5 }, 1, 99)).toBe(1);
    expect(scheduledRate({ kind: 'step', every: 100, gamma: 0.5 }, 1, 250)).toBe(0.25);
    expect(scheduledRate({ kind: 'exponential', every: 100, gamma: 0.5 }, 1, 150)).toBeCloseTo(
      0.5 ** 1.5,
      15,
    );
    expect(scheduledRate({ kind: 'cosine', period: 100, min: 0.1 }, 1, 50)).toBeCloseTo(0.55, 15);
    expect(scheduledRate({ kind: 'cosine', period: 100, min: 0.1 }, 1, 500)).toBeCloseTo(0.1, 15);
    const sgdr = { kind: 'sgdr', period: 100, mult: 2, min: 0 } as const;
    expect(scheduledRate(sgdr, 1, 50)).toBeCloseTo(0.5, 15); // middle of cycle 0 (length 100)
    expect(scheduledRate(sgdr, 1, 100)).toBe(1); // restart
    expect(scheduledRate(sgdr, 1, 200)).toBeCloseTo(0.5, 15); // middle of cycle 1 (length 200)
    expect(scheduledRate(sgdr, 1, 300)).toBe(1); // restart of cycle 2 (length 400)
    expect(scheduledRate({ ...sgdr, mult: 1 }, 1, 250)).toBeCloseTo(0.5, 15);
  });

  it('warm-up ramps linearly to the scheduled rate, then the schedule starts its own clock', () => {
    const tc = {
      learningRate: 0.2,
      schedule: { kind: 'step', every: 10, gamma: 0.5 } as const,
      warmupExamples: 40,
    };
    expect(learningRateAt(tc, 0)).toBe(0);
    expect(learningRateAt(tc, 10)).toBeCloseTo(0.05, 15);
    expect(learningRateAt(tc, 40)).toBe(0.2);
    expect(learningRateAt(tc, 55)).toBe(0.1);
    expect(learningRateAt(tc, 10, { ...DEFAULT_CONVENTIONS, warmupOffset: 1 })).toBeCloseTo(
      0.055,
      15,
    );
  });

  it('the trainer uses the rate for the examples seen when each step starts', () => {
    const network: NetworkConfig = {
      hidden: [],
      output: layer(1, 'identity'),
      fastMath: false,
    };
    const tr = new ReferenceTrainer(network, [{ weights: [[0, 0]], biases: [0] }], {
      loss: { kind: 'mse' },
      optimizer: { kind: 'sgd' },
      batchSize: 4,
      learningRate: 1,
      schedule: { kind: 'step', every: 4, gamma: 0.5 },
      warmupExamples: 0,
      l1: 0,
      l2: 0,
    });
    // Two steps of four examples: the first starts at t = 0 (η = 1), the second at t = 4
    // (η = 0.5), and the next would start at t = 8 (η = 0.25).
    tr.trainOn(new Array(8).fill(0), new Array(4).fill(-1));
    expect(tr.lastRate).toBe(1);
    tr.trainOn(new Array(8).fill(0), new Array(4).fill(-1));
    expect(tr.lastRate).toBe(0.5);
    expect(tr.learningRate).toBe(0.25);
  });
});

describe('initializer laws and the statistical checker', () => {
  const n = 256 * 256;

  it('formulas', () => {
    const x = initializerLaw({ kind: 'xavierUniform' }, 256, 128);
    expect(x.distribution === 'uniform' && x.max).toBeCloseTo(Math.sqrt(6 / 384), 15);
    const he = initializerLaw({ kind: 'heNormal', slope: 0.1 }, 200, 7);
    expect(he.distribution === 'normal' && he.variance).toBeCloseTo(2 / (1.01 * 200), 15);
    const lc = initializerLaw({ kind: 'lecunNormal' }, 50, 3);
    expect(lc.distribution === 'normal' && lc.variance).toBeCloseTo(1 / 50, 15);
  });

  it('accepts draws from the right law and rejects draws from a wrong one', () => {
    const rng = makeRng(11);
    const sd = Math.sqrt(2 / 512); // Xavier normal, 256 → 256
    const normal = Array.from({ length: n }, () => Math.fround(sd * rng.normal()));
    expect(
      checkSample(normal, initializerLaw({ kind: 'xavierNormal' }, 256, 256)).failures,
    ).toEqual([]);
    // He's variance is twice Xavier's on a square layer: must be rejected.
    expect(checkSample(normal, initializerLaw({ kind: 'heNormal' }, 256, 256)).ok).toBe(false);
    // A uniform law of the same variance is rejected by the 1σ-fraction test.
    const limit = Math.sqrt(3) * sd;
    const uniform = Array.from({ length: n }, () => Math.fround(limit * (2 * rng.uniform() - 1)));
    expect(
      checkSample(uniform, initializerLaw({ kind: 'xavierUniform' }, 256, 256)).failures,
    ).toEqual([]);
    expect(checkSample(uniform, initializerLaw({ kind: 'xavierNormal' }, 256, 256)).ok).toBe(false);
    // 5% more variance is rejected (the standard error is about 0.35–0.55%).
    expect(
      checkSample(
        normal.map((v) => v * Math.sqrt(1.05)),
        initializerLaw({ kind: 'xavierNormal' }, 256, 256),
      ).ok,
    ).toBe(false);
    // Values outside a uniform range are rejected.
    expect(
      checkSample(
        [...uniform.slice(1), 1.01 * limit],
        initializerLaw({ kind: 'xavierUniform' }, 256, 256),
      ).ok,
    ).toBe(false);
    // Constants must match exactly (after float32 rounding).
    expect(
      checkSample(new Array(10).fill(Math.fround(0.1)), {
        distribution: 'constant',
        value: 0.1,
      }).ok,
    ).toBe(true);
    expect(
      checkSample(new Array(10).fill(0.1000001), {
        distribution: 'constant',
        value: 0.1,
      }).ok,
    ).toBe(false);
  });
});
