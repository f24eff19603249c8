/**
 * k training steps in the engine (float32) against the independent float64 reference trainer
 * (`reference.ts`), both starting from the engine's own `getParams()` and fed the same explicit
 * examples through `trainOn`. Also: the learning rate in force (schedules, warm-up, live changes)
 * and the initializers' statistics.
 *
 * Both builds are checked: the SIMD one and its scalar twin.
 */
import { describe, expect, it } from 'vitest';
import type { EngineApi } from '../../src/lib/engine/api';
import type {
  ExperimentConfig,
  Initializer,
  LayerConfig,
  LayerParams,
  NetworkConfig,
  Optimizer,
  Schedule,
  TrainingConfig,
} from '../../src/lib/engine/types';
import { ORIGINAL_INITIALIZERS } from '../../src/lib/engine/types';
import {
  ReferenceTrainer,
  buildLayers,
  checkSample,
  compareParams,
  initializerLaw,
  learningRateAt,
  lossAndGradients,
  lossFunction,
  makeRng,
} from './reference';
import { BUILDS, loadBuild } from './helpers';

// ───────────────────────────── engine loading ─────────────────────────────

const loadEngine = loadBuild;

// ───────────────────────────── tolerance ─────────────────────────────

/**
 * Weights after k steps agree when |w_engine − w_ref| ≤ ATOL + RTOL·|w_ref|.
 *
 * Why these values: the engine stores every weight in float32, so each step adds a rounding
 * error of up to 2⁻²⁴·|w| ≈ 6e−8·|w| to each weight, plus the float32 error of the update itself
 * (η·|g| times ~1e−6 relative, see gradients.test.ts). Over k ≤ 80 steps with these small, smooth
 * networks and rates, the errors accumulate linearly to ~80 × 6e−8 ≈ 5e−6·|w| at worst (as a
 * random walk, ~5e−7), and the training dynamics at these rates do not amplify them noticeably.
 * Measured on both builds, every case still passes with both tolerances divided by 100 and most
 * fail when divided by 1,000, so the worst disagreement is about 2e−8 + 1e−7·|w|: ATOL = 2e−6
 * and RTOL = 1e−5 leave a margin of ten. Any wrong formula (a missing bias correction, a momentum
 * applied twice, a rate off by a factor or by one step, a gradient not averaged over the batch)
 * moves weights by ~η·|g| ≈ 1e−3 per step and fails, as do the plausible alternative conventions
 * (½ in MSE, ε inside Adam's root, classic momentum, regularized biases, warm-up (t + 1)/W),
 * each of which was checked to fail here by switching it in the reference.
 */
const ATOL = 2e-6;
const RTOL = 1e-5;

// ───────────────────────────── setups ─────────────────────────────

function layerOf(units: number, act: LayerConfig['activation']): LayerConfig {
  return {
    units,
    activation: act,
    weightInit: { kind: 'xavierUniform' },
    biasInit: { kind: 'uniform', min: -0.2, max: 0.2 },
  };
}

/** A small smooth network: two hidden layers (sizes not multiples of 4), sigmoid output. */
const NETWORK: NetworkConfig = {
  hidden: [layerOf(7, 'tanh'), layerOf(5, 'swish')],
  output: layerOf(1, 'sigmoid'),
  fastMath: false,
};

const BASE_TRAINING: TrainingConfig = {
  loss: { kind: 'mse' },
  optimizer: { kind: 'sgd' },
  batchSize: 1,
  learningRate: 0.2,
  schedule: { kind: 'constant' },
  warmupExamples: 0,
  l1: 0,
  l2: 0,
};

function experiment(
  training: Partial<TrainingConfig>,
  network = NETWORK,
  seed = 2024,
): ExperimentConfig {
  return {
    network,
    training: { ...BASE_TRAINING, ...training },
    data: { target: { kind: 'builtin', id: 'multiply' }, mode: { kind: 'fresh' } },
    seed,
  };
}

/** Explicit examples: points in the unit square, target a smooth function of them (float32). */
function examples(n: number, seed: number) {
  const rng = makeRng(seed);
  const inputs = Float32Array.from({ length: 2 * n }, () => rng.uniform());
  const targets = Float32Array.from({ length: n }, (_, k) => {
    const a = inputs[2 * k];
    const b = inputs[2 * k + 1];
    return 0.5 + 0.4 * Math.sin(4 * a) * Math.cos(3 * b);
  });
  return { inputs, targets };
}

const ADAM: Optimizer = { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const MOMENTUM: Optimizer = { kind: 'momentum', momentum: 0.9, nesterov: false };
const NESTEROV: Optimizer = { kind: 'momentum', momentum: 0.9, nesterov: true };

function describeMismatches(bad: ReturnType<typeof compareParams>): string[] {
  return bad
    .slice(0, 5)
    .map(
      (b) => `${b.name}: engine ${b.got}, reference ${b.want} (${b.excess.toFixed(1)}× tolerance)`,
    );
}

/**
 * Float32 and float64 may take different sides of ReLU's kink when a pre-activation comes within
 * their disagreement of 0: z's own float32 rounding (≲ 2⁻²⁴·Σ|w·a| ≈ 1e−7 here) plus the weights'
 * disagreement (measured ≤ 2e−8 + 1e−7·|w|) times Σ|a| (≲ 30): about 1e−6 at most. Runs whose
 * float64 trajectory comes closer than KINK_MARGIN to a kink are skipped in favour of other
 * examples, so that a branch flip can never be mistaken for an engine error.
 */
const KINK_MARGIN = 1e-5;

/** Engine and reference trained side by side on the same examples, in trainOn calls of `perCall`. */
function sideBySide(
  engine: EngineApi,
  training: Partial<TrainingConfig>,
  totalExamples: number,
  perCall: number,
  network = NETWORK,
) {
  const config = experiment(training, network);
  engine.configure(config);
  const start = engine.getParams();
  const run = (
    ref: ReferenceTrainer,
    inputs: Float32Array,
    targets: Float32Array,
    step: (ins: Float32Array, ts: Float32Array, refLoss: number) => void,
  ) => {
    for (let s = 0; s < totalExamples; s += perCall) {
      const ins = inputs.subarray(2 * s, 2 * (s + perCall));
      const ts = targets.subarray(s, s + perCall);
      step(ins, ts, ref.trainOn(ins, ts));
    }
  };
  // Pick examples whose float64 trajectory stays clear of kinks (the first try, for smooth networks).
  let data = examples(totalExamples, 99);
  for (let seed = 99; ; seed++) {
    data = examples(totalExamples, seed);
    const probe = new ReferenceTrainer(network, start, config.training);
    run(probe, data.inputs, data.targets, () => {});
    if (probe.kinkMargin > KINK_MARGIN) break;
    if (seed > 140) throw new Error('no kink-free trajectory found (test setup problem)');
  }
  const ref = new ReferenceTrainer(network, start, config.training);
  const losses: { engine: number; reference: number }[] = [];
  run(ref, data.inputs, data.targets, (ins, ts, refLoss) => {
    const report = engine.trainOn(ins, ts);
    expect(report.diverged).toBeNull();
    expect(report.examples).toBe(ts.length);
    expect(report.examplesSeen).toBe(ref.examplesSeen);
    expect(
      report.learningRate,
      'TrainReport.learningRate: the rate in force after the call',
    ).toBeCloseTo(ref.learningRate, 6);
    losses.push({ engine: report.loss, reference: refLoss });
  });
  expect(engine.examplesSeen).toBe(totalExamples);
  return {
    engine,
    ref,
    start,
    losses,
    mismatches: compareParams(engine.getParams(), ref.params, RTOL, ATOL),
  };
}

// ───────────────────────────── tests ─────────────────────────────

for (const build of BUILDS) {
  describe(`engine vs float64 reference trainer (${build.name} build)`, () => {
    let engine: EngineApi;
    const ready = loadEngine(build.simd).then((e) => (engine = e));

    const cases: {
      name: string;
      training: Partial<TrainingConfig>;
      network?: NetworkConfig;
      examples: number;
      perCall: number;
    }[] = [
      { name: 'SGD, batch 1, 64 steps', training: {}, examples: 64, perCall: 16 },
      {
        name: 'SGD, batch 32, 20 steps',
        training: { batchSize: 32, learningRate: 0.5 },
        examples: 640,
        perCall: 128,
      },
      {
        name: 'momentum, batch 1, 64 steps',
        training: { optimizer: MOMENTUM, learningRate: 0.05 },
        examples: 64,
        perCall: 16,
      },
      {
        name: 'momentum, batch 32, 20 steps',
        training: { optimizer: MOMENTUM, batchSize: 32, learningRate: 0.1 },
        examples: 640,
        perCall: 128,
      },
      {
        name: 'Nesterov, batch 1, 64 steps',
        training: { optimizer: NESTEROV, learningRate: 0.05 },
        examples: 64,
        perCall: 16,
      },
      {
        name: 'Nesterov, batch 32, 20 steps',
        training: { optimizer: NESTEROV, batchSize: 32, learningRate: 0.1 },
        examples: 640,
        perCall: 128,
      },
      {
        name: 'Adam, batch 1, 64 steps',
        training: { optimizer: ADAM, learningRate: 0.01 },
        examples: 64,
        perCall: 16,
      },
      {
        name: 'Adam, batch 32, 20 steps',
        training: { optimizer: ADAM, batchSize: 32, learningRate: 0.01 },
        examples: 640,
        perCall: 128,
      },
      {
        name: 'SGD with L2, batch 32',
        training: { batchSize: 32, learningRate: 0.5, l2: 0.01 },
        examples: 640,
        perCall: 640,
      },
      {
        // Batch 1 with λ₁ = 0 runs the engine's fused per-example path: w·(1 − ηλ₂) − η·a·δ.
        name: 'SGD with L2, batch 1 (fused path)',
        training: { learningRate: 0.2, l2: 0.01 },
        examples: 64,
        perCall: 32,
      },
      {
        name: 'SGD with L1, batch 1',
        training: { learningRate: 0.2, l1: 0.001 },
        examples: 64,
        perCall: 64,
      },
      {
        name: 'Adam with L2, batch 32',
        training: { optimizer: ADAM, batchSize: 32, learningRate: 0.01, l2: 0.01 },
        examples: 640,
        perCall: 320,
      },
      {
        name: 'momentum with a step schedule and warm-up, batch 8',
        training: {
          optimizer: MOMENTUM,
          batchSize: 8,
          learningRate: 0.1,
          warmupExamples: 64,
          schedule: { kind: 'step', every: 96, gamma: 0.5 },
        },
        examples: 480,
        perCall: 40,
      },
      {
        name: 'SGD with a cosine schedule, batch 4',
        training: {
          batchSize: 4,
          learningRate: 0.4,
          schedule: { kind: 'cosine', period: 200, min: 0.01 },
        },
        examples: 256,
        perCall: 32,
      },
      {
        name: 'Adam with SGDR and warm-up, BCE, batch 16',
        training: {
          optimizer: ADAM,
          loss: { kind: 'bce' },
          batchSize: 16,
          learningRate: 0.02,
          warmupExamples: 48,
          schedule: { kind: 'sgdr', period: 128, mult: 2, min: 0.001 },
        },
        examples: 640,
        perCall: 80,
      },
      {
        name: 'Nesterov with Huber and an exponential schedule, batch 2',
        training: {
          optimizer: NESTEROV,
          loss: { kind: 'huber', delta: 0.1 },
          batchSize: 2,
          learningRate: 0.3,
          schedule: { kind: 'exponential', every: 50, gamma: 0.7 },
        },
        examples: 200,
        perCall: 50,
      },
      {
        // 70 examples in one call at batch 32: steps of 32, 32 and a trailing 6.
        name: 'Adam, batch 32, a trailing partial batch',
        training: { optimizer: ADAM, batchSize: 32, learningRate: 0.01 },
        examples: 70,
        perCall: 70,
      },
      {
        // The original's default: hidden 64 → 32 leaky ReLU, uniform ±0.1, sigmoid output
        // without bias (output weights uniform ±1), per-example SGD at 0.15.
        name: "the original's default network, per-example SGD",
        network: {
          hidden: [64, 32].map((units) => ({
            ...layerOf(units, 'leakyRelu'),
            weightInit: ORIGINAL_INITIALIZERS.uniformTenth,
            biasInit: ORIGINAL_INITIALIZERS.uniformTenth,
          })),
          output: {
            ...layerOf(1, 'sigmoid'),
            bias: false,
            weightInit: ORIGINAL_INITIALIZERS.uniformOne,
          },
          fastMath: false,
        },
        training: { learningRate: 0.15 },
        examples: 200,
        perCall: 100,
      },
      {
        // The essay's gcu-small preset (16 GCU, 12 leaky ReLU), He-initialized, Nesterov at batch 32.
        name: 'GCU + leaky ReLU preset, Nesterov, batch 32',
        network: {
          hidden: [
            { ...layerOf(16, 'gcu'), weightInit: { kind: 'heNormal' } },
            { ...layerOf(12, 'leakyRelu'), weightInit: { kind: 'heNormal' } },
          ],
          output: layerOf(1, 'sigmoid'),
          fastMath: false,
        },
        training: { optimizer: NESTEROV, batchSize: 32, learningRate: 0.05 },
        examples: 640,
        perCall: 320,
      },
      {
        name: 'Adam, batch 1024 (the largest), 4 steps',
        training: { optimizer: ADAM, batchSize: 1024, learningRate: 0.01 },
        examples: 4096,
        perCall: 2048,
      },
      {
        // 8 hidden layers (the most), widths not multiples of 4, with an output bias switched off.
        name: 'a deep network: 8 hidden layers, momentum, batch 4',
        network: {
          hidden: [5, 9, 3, 7, 6, 2, 11, 4].map((u, i) => layerOf(u, i % 2 ? 'tanh' : 'elu')),
          output: { ...layerOf(1, 'sigmoid'), bias: false },
          fastMath: false,
        },
        training: { optimizer: MOMENTUM, batchSize: 4, learningRate: 0.2 },
        examples: 400,
        perCall: 100,
      },
      {
        // Batches that straddle the warm-up's end (20) and the schedule's steps (every 50):
        // each step uses the rate at the example count where it starts.
        name: 'SGD, step schedule and warm-up not aligned with batch 16',
        training: {
          batchSize: 16,
          learningRate: 0.5,
          warmupExamples: 20,
          schedule: { kind: 'step', every: 50, gamma: 0.6 },
        },
        examples: 320,
        perCall: 32,
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        await ready;
        const r = sideBySide(engine, c.training, c.examples, c.perCall, c.network);
        expect(describeMismatches(r.mismatches)).toEqual([]);
        // The weights did move (a test of an engine that ignores trainOn must fail).
        expect(compareParams(engine.getParams(), r.start, 0, 1e-4).length).toBeGreaterThan(0);
        // The reported loss is the mean over the call's examples, before each step's update.
        for (const l of r.losses)
          expect(Math.abs(l.engine - l.reference)).toBeLessThanOrEqual(1e-4 * l.reference + 1e-6);
        // The rate in force after the run.
        expect(engine.learningRate).toBeCloseTo(r.ref.learningRate, 6);
      });
    }

    it('a live learning-rate change applies to weights AND biases from the next step (SGD)', async () => {
      await ready;
      engine.configure(experiment({ learningRate: 0.2 }));
      const { inputs, targets } = examples(33, 5);
      engine.trainOn(inputs.subarray(0, 64), targets.subarray(0, 32));
      engine.setTraining({ learningRate: 0.03 });
      expect(engine.learningRate).toBeCloseTo(0.03, 7);
      const before = engine.getParams();
      const x = inputs.subarray(64, 66);
      const t = targets.subarray(32, 33);
      const g = engine.lossAndGradients(x, t).grads;
      engine.trainOn(x, t);
      const after = engine.getParams();
      // Δθ must be −0.03·g for every weight and every bias; −0.2·g (the old rate) must not fit.
      const expected = (eta: number): LayerParams[] =>
        before.map((p, l) => ({
          weights: p.weights.map((row, o) => row.map((w, i) => w - eta * g[l].weights[o][i])),
          biases: p.biases.map((b, o) => b - eta * g[l].biases[o]),
        }));
      const onlyWeights = (ps: LayerParams[]) =>
        ps.map((p) => ({ weights: p.weights, biases: [] }));
      const onlyBiases = (ps: LayerParams[]) => ps.map((p) => ({ weights: [], biases: p.biases }));
      expect(
        describeMismatches(
          compareParams(onlyWeights(after), onlyWeights(expected(0.03)), 1e-6, 1e-7),
        ),
      ).toEqual([]);
      expect(
        describeMismatches(
          compareParams(onlyBiases(after), onlyBiases(expected(0.03)), 1e-6, 1e-7),
        ),
      ).toEqual([]);
      expect(
        compareParams(onlyWeights(after), onlyWeights(expected(0.2)), 1e-6, 1e-7).length,
      ).toBeGreaterThan(0);
      // And against the float64 reference continuing from the same state.
      const ref = new ReferenceTrainer(
        NETWORK,
        before,
        { ...BASE_TRAINING, learningRate: 0.03 },
        undefined,
        32,
      );
      ref.trainOn(x, t);
      expect(describeMismatches(compareParams(after, ref.params, RTOL, ATOL))).toEqual([]);
    });

    for (const optimizer of [MOMENTUM, ADAM]) {
      it(`a live learning-rate change mid-run keeps optimizer state and applies everywhere (${optimizer.kind}, batch 32)`, async () => {
        await ready;
        const config = experiment({
          optimizer,
          batchSize: 32,
          learningRate: optimizer.kind === 'adam' ? 0.01 : 0.1,
        });
        engine.configure(config);
        const start = engine.getParams();
        const ref = new ReferenceTrainer(NETWORK, start, config.training);
        // A second reference that keeps the old rate (what the original tool did for its weights).
        const stale = new ReferenceTrainer(NETWORK, start, config.training);
        const { inputs, targets } = examples(640, 8);
        const half = 320;
        for (const t of [engine, ref, stale])
          t.trainOn(inputs.subarray(0, 2 * half), targets.subarray(0, half));
        const newRate = optimizer.kind === 'adam' ? 0.002 : 0.5;
        engine.setTraining({ learningRate: newRate });
        ref.setTraining({ learningRate: newRate });
        for (const t of [engine, ref, stale])
          t.trainOn(inputs.subarray(2 * half), targets.subarray(half));
        expect(
          describeMismatches(compareParams(engine.getParams(), ref.params, RTOL, ATOL)),
        ).toEqual([]);
        // The check can fail: the old rate's weights are far outside the tolerance.
        const onlyWeights = (ps: LayerParams[]) =>
          ps.map((p) => ({ weights: p.weights, biases: [] }));
        expect(
          compareParams(onlyWeights(engine.getParams()), onlyWeights(stale.params), RTOL, ATOL)
            .length,
        ).toBeGreaterThan(0);
      });
    }

    /** Train engine and reference through a sequence of (settings change, examples) phases. */
    function phases(
      start: Partial<TrainingConfig>,
      changes: Partial<TrainingConfig>[],
      perPhase: number,
    ) {
      const config = experiment(start);
      engine.configure(config);
      const ref = new ReferenceTrainer(NETWORK, engine.getParams(), config.training);
      const { inputs, targets } = examples(perPhase * (changes.length + 1), 12);
      const chunk = (k: number) =>
        [
          inputs.subarray(2 * k * perPhase, 2 * (k + 1) * perPhase),
          targets.subarray(k * perPhase, (k + 1) * perPhase),
        ] as const;
      engine.trainOn(...chunk(0));
      ref.trainOn(...chunk(0));
      changes.forEach((change, i) => {
        engine.setTraining(change);
        ref.setTraining(change);
        engine.trainOn(...chunk(i + 1));
        ref.trainOn(...chunk(i + 1));
      });
      return compareParams(engine.getParams(), ref.params, RTOL, ATOL);
    }

    it("changing the optimizer's kind resets its state (momentum → Adam → SGD → momentum)", async () => {
      await ready;
      const bad = phases(
        { optimizer: MOMENTUM, batchSize: 8, learningRate: 0.1 },
        [
          { optimizer: ADAM, learningRate: 0.01 },
          { optimizer: { kind: 'sgd' }, learningRate: 0.2 },
          { optimizer: MOMENTUM, learningRate: 0.1 },
        ],
        96,
      );
      expect(describeMismatches(bad)).toEqual([]);
    });

    it('changing an optimizer setting of the same kind keeps its state (momentum 0.9 → 0.5, Adam β₁ 0.9 → 0.8)', async () => {
      await ready;
      expect(
        describeMismatches(
          phases(
            { optimizer: MOMENTUM, batchSize: 8, learningRate: 0.1 },
            [{ optimizer: { ...MOMENTUM, momentum: 0.5 } }],
            96,
          ),
        ),
      ).toEqual([]);
      expect(
        describeMismatches(
          phases(
            { optimizer: ADAM, batchSize: 8, learningRate: 0.01 },
            [{ optimizer: { ...ADAM, beta1: 0.8 } as Optimizer }],
            96,
          ),
        ),
      ).toEqual([]);
    });

    it('a live change of batch size, loss and regularization applies from the next step', async () => {
      await ready;
      const bad = phases(
        { optimizer: NESTEROV, batchSize: 1, learningRate: 0.05 },
        [
          { batchSize: 32, learningRate: 0.2 },
          { loss: { kind: 'huber', delta: 0.05 }, l2: 0.01 },
          { batchSize: 5, l1: 0.001, l2: 0 },
        ],
        160,
      );
      expect(describeMismatches(bad)).toEqual([]);
    });

    it('gradientNorms: per-layer L2 norms of the last step’s weight gradients, as the reference computes them', async () => {
      await ready;
      // Each optimizer path stores them its own way: momentum through the separate backward
      // pass, SGD through the fused step (at batch 1 as ‖x‖·‖δ‖ per layer), L1 outside it.
      const SGD: Optimizer = { kind: 'sgd' };
      const cases: Partial<TrainingConfig>[] = [
        { optimizer: MOMENTUM },
        { optimizer: SGD },
        { optimizer: SGD, l1: 0.001 },
        { optimizer: SGD, l2: 0.01 },
      ];
      for (const [batchSize, extra] of cases.flatMap((c) => [1, 32].map((b) => [b, c] as const))) {
        const config = experiment({ batchSize, learningRate: 0.1, ...extra });
        engine.configure(config);
        expect(engine.gradientNorms()).toEqual([0, 0, 0]);
        const { inputs, targets } = examples(3 * batchSize, 21);
        // Two steps, then the last one on its own, from the weights it started at.
        engine.trainOn(inputs.subarray(0, 4 * batchSize), targets.subarray(0, 2 * batchSize));
        const before = engine.getParams();
        const lastIn = inputs.subarray(4 * batchSize);
        const lastT = targets.subarray(2 * batchSize);
        engine.trainOn(lastIn, lastT);
        const layers = buildLayers(NETWORK, before);
        const { grads } = lossAndGradients(
          layers,
          lastIn,
          lastT,
          lossFunction(config.training.loss),
        );
        const want = grads.map((g) => Math.hypot(...g.weights.flat()));
        const got = engine.gradientNorms();
        // float32 gradients agree to ~1e−6 relative (gradients.test.ts); their norm inherits that.
        expect(got.length).toBe(want.length);
        got.forEach((v, l) =>
          expect(
            Math.abs(v - want[l]),
            `layer ${l}, batch ${batchSize}, ${JSON.stringify(extra)}`,
          ).toBeLessThanOrEqual(1e-5 * want[l]),
        );
      }
    });

    it('lossAndGradients in the middle of training changes nothing that training sees', async () => {
      await ready;
      const config = experiment({ optimizer: ADAM, batchSize: 8, learningRate: 0.01 });
      const { inputs, targets } = examples(64, 22);
      const first = [inputs.subarray(0, 64), targets.subarray(0, 32)] as const;
      const second = [inputs.subarray(64), targets.subarray(32)] as const;
      engine.configure(config);
      engine.trainOn(...first);
      engine.trainOn(...second);
      const plain = engine.getParams();
      const plainNorms = engine.gradientNorms();
      engine.configure(config);
      engine.trainOn(...first);
      const norms = engine.gradientNorms();
      engine.lossAndGradients(...second);
      expect(engine.gradientNorms(), 'gradientNorms still reports the last training step').toEqual(
        norms,
      );
      engine.trainOn(...second);
      expect(engine.getParams(), 'same weights, bit for bit').toEqual(plain);
      expect(engine.gradientNorms()).toEqual(plainNorms);
    });

    it('the rate in force follows each schedule and the warm-up, step by step', async () => {
      await ready;
      const schedules: Schedule[] = [
        { kind: 'constant' },
        { kind: 'step', every: 40, gamma: 0.5 },
        { kind: 'exponential', every: 40, gamma: 0.5 },
        { kind: 'cosine', period: 100, min: 0.01 },
        { kind: 'sgdr', period: 48, mult: 2, min: 0.005 },
      ];
      for (const schedule of schedules) {
        for (const warmupExamples of [0, 24]) {
          const training: Partial<TrainingConfig> = {
            schedule,
            warmupExamples,
            batchSize: 4,
            learningRate: 0.1,
          };
          const config = experiment(training);
          engine.configure(config);
          const { inputs, targets } = examples(200, 1);
          for (let s = 0; s < 200; s += 8) {
            const want = learningRateAt(config.training, s);
            expect(
              engine.learningRate,
              `${schedule.kind}, warm-up ${warmupExamples}, at ${s} examples`,
            ).toBeCloseTo(want, 6);
            engine.trainOn(inputs.subarray(2 * s, 2 * s + 16), targets.subarray(s, s + 8));
          }
        }
      }
    });
  });

  describe(`initializer statistics (${build.name} build)`, () => {
    let engine: EngineApi;
    const ready = loadEngine(build.simd).then((e) => (engine = e));

    /** Hidden [256, 256, 64]: layer 1 is 256×256, layer 2 has fan-in 256 and fan-out 64. */
    function initialized(weightInit: Initializer, biasInit: Initializer, seed = 31) {
      const hidden = [256, 256, 64].map((units) => ({
        ...layerOf(units, 'tanh'),
        weightInit,
        biasInit,
      }));
      const network: NetworkConfig = {
        hidden,
        output: { ...layerOf(1, 'sigmoid'), weightInit, biasInit },
        fastMath: false,
      };
      engine.configure(experiment({}, network, seed));
      return engine.getParams();
    }
    const flat = (p: LayerParams) => p.weights.flat();

    const fanBased: Initializer[] = [
      { kind: 'xavierUniform' },
      { kind: 'xavierNormal' },
      { kind: 'heUniform' },
      { kind: 'heNormal' },
      { kind: 'heUniform', slope: 0.3 },
      { kind: 'heNormal', slope: 0.3 },
      { kind: 'lecunNormal' },
    ];
    for (const init of fanBased) {
      it(`${init.kind}${'slope' in init && init.slope ? ` (slope ${init.slope})` : ''}: variance within sampling error`, async () => {
        await ready;
        const params = initialized(init, { kind: 'constant', value: 0 });
        // 256×256 (65,536 draws, z = 5: the variance to ±3% for a normal law, ±1.8% for a uniform one)
        const square = checkSample(flat(params[1]), initializerLaw(init, 256, 256));
        expect(square.failures, 'layer 1 (256 → 256)').toEqual([]);
        // 64×256 (fan-in 256 ≠ fan-out 64: catches fan-in and fan-out swapped)
        expect(
          checkSample(flat(params[2]), initializerLaw(init, 256, 64)).failures,
          'layer 2 (256 → 64)',
        ).toEqual([]);
        // 256×2 (fan-in 2, fan-out 256)
        expect(
          checkSample(flat(params[0]), initializerLaw(init, 2, 256)).failures,
          'layer 0 (2 → 256)',
        ).toEqual([]);
      });
    }

    it("He on leaky ReLU layers: the slope given, or by default the layer's own slope (engine.ts)", async () => {
      await ready;
      for (const init of [{ kind: 'heNormal' }, { kind: 'heUniform' }] as const) {
        const network = (slope?: number): NetworkConfig => ({
          hidden: [256, 256].map((units) => ({
            ...layerOf(units, 'leakyRelu'),
            activationParam: 0.5,
            weightInit: { ...init, slope },
          })),
          output: layerOf(1, 'sigmoid'),
          fastMath: false,
        });
        // Var = 2/((1 + a²)·fanIn): a = 0.5 gives 1.6/fanIn, 20% below ReLU's 2/fanIn.
        engine.configure(experiment({}, network(0.5)));
        const law = initializerLaw({ ...init, slope: 0.5 }, 256, 256);
        expect(
          checkSample(flat(engine.getParams()[1]), law).failures,
          `${init.kind}, slope 0.5`,
        ).toEqual([]);
        engine.configure(experiment({}, network(undefined)));
        expect(
          checkSample(flat(engine.getParams()[1]), law).failures,
          `${init.kind}, default slope`,
        ).toEqual([]);
        engine.configure(experiment({}, network(0)));
        expect(
          checkSample(flat(engine.getParams()[1]), initializerLaw({ ...init, slope: 0 }, 256, 256))
            .failures,
          `${init.kind}, slope 0`,
        ).toEqual([]);
      }
    });

    it('uniform(a, b) and normal(μ, σ): ranges respected, moments within sampling error', async () => {
      await ready;
      for (const init of [
        { kind: 'uniform', min: -0.3, max: 0.7 },
        { kind: 'normal', mean: 0.25, std: 0.4 },
        ...Object.values(ORIGINAL_INITIALIZERS).filter((i) => i.kind === 'uniform'),
      ] as Initializer[]) {
        const params = initialized(init, init);
        expect(
          checkSample(flat(params[1]), initializerLaw(init, 256, 256)).failures,
          `${JSON.stringify(init)} weights`,
        ).toEqual([]);
        // Biases: the 256 + 256 + 64 hidden biases together.
        const biases = params.slice(0, 3).flatMap((p) => p.biases);
        expect(
          checkSample(biases, initializerLaw(init, 256, 256)).failures,
          `${JSON.stringify(init)} biases`,
        ).toEqual([]);
      }
    });

    it('constant initializers are exact, weights and biases chosen separately', async () => {
      await ready;
      for (const [w, b] of [
        [ORIGINAL_INITIALIZERS.zeros, ORIGINAL_INITIALIZERS.ones],
        [ORIGINAL_INITIALIZERS.ones, ORIGINAL_INITIALIZERS.zeros],
        [
          { kind: 'constant', value: 0.1 },
          { kind: 'constant', value: -0.37 },
        ],
      ] as [Initializer, Initializer][]) {
        const params = initialized(w, b);
        for (const p of params) {
          expect(checkSample(p.weights.flat(), initializerLaw(w, 1, 1)).failures).toEqual([]);
          expect(checkSample(p.biases, initializerLaw(b, 1, 1)).failures).toEqual([]);
        }
      }
    });

    it('the same seed gives the same weights; another seed gives others', async () => {
      await ready;
      const a = initialized({ kind: 'heNormal' }, { kind: 'uniform', min: -0.1, max: 0.1 }, 5);
      const b = initialized({ kind: 'heNormal' }, { kind: 'uniform', min: -0.1, max: 0.1 }, 5);
      const c = initialized({ kind: 'heNormal' }, { kind: 'uniform', min: -0.1, max: 0.1 }, 6);
      expect(b).toEqual(a);
      expect(c[1].weights[0]).not.toEqual(a[1].weights[0]);
    });
  });
}
