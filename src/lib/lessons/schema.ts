/**
 * The contract of a guided experiment: a script is data (a JSON file in
 * `src/content/experiments/`), validated by this schema when the site builds and again by the
 * headless replay test. An unknown preset, metric, activation or target fails validation, so a
 * lesson can never point at something the engine or the preset table does not have.
 *
 * Vocabulary follows the lessons: a script has **steps**; each step has short prose, optionally a
 * **prediction** question, **actions** (load, set, train, …) and ends with a **checkpoint**
 * whose **check** is either an engine metric or a reader task.
 */
import { z } from 'astro/zod';
import { ACTIVATIONS, TARGETS } from '../engine/types';
import { PRESETS } from '../presets';

const presetIds = PRESETS.map((p) => p.id) as [string, ...string[]];

/** Which of the (at most two) side-by-side networks an action or a check refers to. */
export const networkId = z.enum(['a', 'b']);
export type NetworkId = z.infer<typeof networkId>;

const initializer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: z.number() }),
  z.object({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.object({ kind: z.literal('normal'), mean: z.number(), std: z.number().nonnegative() }),
  z.object({ kind: z.literal('xavierUniform') }),
  z.object({ kind: z.literal('xavierNormal') }),
  z.object({ kind: z.literal('heUniform'), slope: z.number().optional() }),
  z.object({ kind: z.literal('heNormal'), slope: z.number().optional() }),
  z.object({ kind: z.literal('lecunNormal') }),
]);

const schedule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  z.object({
    kind: z.literal('step'),
    every: z.number().int().positive(),
    gamma: z.number().positive(),
  }),
  z.object({
    kind: z.literal('exponential'),
    every: z.number().int().positive(),
    gamma: z.number().positive(),
  }),
  z.object({
    kind: z.literal('cosine'),
    period: z.number().int().positive(),
    min: z.number().nonnegative(),
  }),
  z.object({
    kind: z.literal('sgdr'),
    period: z.number().int().positive(),
    mult: z.number().min(1),
    min: z.number().nonnegative(),
  }),
]);

/**
 * Changes applied on top of a preset before it is configured. Every field is optional; what is
 * not named keeps the preset's value, including its seed (so "the same seed with leaky ReLU" is
 * a preset plus `{ "activation": "leakyRelu" }`).
 */
export const overridesSchema = z
  .object({
    /** Hidden-layer sizes, replacing the preset's (each new layer copies the first layer's settings). */
    hidden: z.array(z.number().int().min(1).max(256)).max(8).optional(),
    /** Activation of every hidden layer. */
    activation: z.enum(ACTIVATIONS).optional(),
    /** Activation per hidden layer (wins over `activation`). */
    activations: z.array(z.enum(ACTIVATIONS)).max(8).optional(),
    /** The output neuron's activation. */
    outputActivation: z.enum(ACTIVATIONS).optional(),
    /** Weight initializer of every hidden layer. */
    weightInit: initializer.optional(),
    /** Bias initializer of every hidden layer. */
    biasInit: initializer.optional(),
    learningRate: z.number().positive().max(100).optional(),
    schedule: schedule.optional(),
    target: z.enum(TARGETS).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    /** Fast approximations of transcendental activations (presets use them). */
    fastMath: z.boolean().optional(),
  })
  .strict();
export type Overrides = z.infer<typeof overridesSchema>;

/** One labelled input point, for training on explicit examples (XOR's four corners). */
const point = z.object({
  a: z.number().min(0).max(1),
  b: z.number().min(0).max(1),
  target: z.number(),
});

export const actionSchema = z.discriminatedUnion('do', [
  /** Build a network from a preset (plus overrides) and initialize it from its seed. */
  z.object({
    do: z.literal('load'),
    preset: z.enum(presetIds),
    overrides: overridesSchema.optional(),
    network: networkId.default('a'),
    /** Shown under the network's plots ("ReLU", "leaky ReLU"). */
    label: z.string().max(60).optional(),
  }),
  /** Change training settings live, without resetting the network. */
  z.object({
    do: z.literal('set'),
    learningRate: z.number().positive().max(100).optional(),
    schedule: schedule.optional(),
    network: networkId.default('a'),
  }),
  /** Train examples drawn by the engine, with a progress bar and live plots. */
  z.object({
    do: z.literal('train'),
    examples: z.number().int().min(1).max(20_000_000),
    /** Which networks train (both train at once, each in its own worker). */
    networks: z.array(networkId).min(1).max(2).default(['a']),
    /** Let the reader move the learning rate by hand while this runs. */
    rateControl: z.boolean().default(false),
    /**
     * At most this many examples per second on the page, so a reader has time to act while it
     * runs (the headless replay ignores it: the numbers do not depend on the pace).
     */
    pace: z.number().int().min(1000).max(10_000_000).optional(),
  }),
  /** Train on explicit examples, `repeat` passes over `points` in order. */
  z.object({
    do: z.literal('trainOn'),
    points: z.array(point).min(1).max(64),
    repeat: z.number().int().min(1).max(100_000),
    network: networkId.default('a'),
  }),
  /**
   * Initialize `trials` deep, narrow networks per width (seeds 1…trials) and count the ones whose
   * output is constant over the input square: they are "born dead".
   */
  z.object({
    do: z.literal('bornDead'),
    widths: z.array(z.number().int().min(1).max(64)).min(1).max(12),
    depth: z.number().int().min(1).max(8),
    trials: z.number().int().min(1).max(2000),
    activation: z.enum(ACTIVATIONS).default('relu'),
    weightInit: initializer,
    biasInit: initializer,
  }),
  /** Measure training throughput of the same network with different activations (fast and exact maths). */
  z.object({
    do: z.literal('benchmark'),
    preset: z.enum(presetIds),
    hidden: z.array(z.number().int().min(1).max(256)).min(1).max(8),
    variants: z
      .array(
        z.object({ label: z.string(), activation: z.enum(ACTIVATIONS), fastMath: z.boolean() }),
      )
      .min(2)
      .max(6),
    examples: z.number().int().min(1000).max(2_000_000),
    /**
     * Timings per variant, interleaved (every variant once, then again…); the best is kept. One
     * timing of a fraction of a second is noisy enough to put the fast cosine behind the exact.
     */
    rounds: z.number().int().min(1).max(10).default(3),
  }),
]);
export type Action = z.infer<typeof actionSchema>;

/** Metrics the engine can check at a checkpoint. Each names the quantity and the bound. */
export const METRICS = [
  'testLoss',
  'deadNeurons',
  'silentNeurons',
  'compareTestLoss',
  'classifies',
  'bornDeadShare',
  'shapesByDepth',
  'diverged',
] as const;

/** The fields of a check that counts hidden neurons of one kind. */
const neuronCount = {
  network: networkId.default('a'),
  /** Count only this hidden layer (0-based); all hidden layers when absent. */
  layer: z.number().int().min(0).max(7).optional(),
  atLeast: z.number().int().min(0).optional(),
  atMost: z.number().int().min(0).optional(),
};

export const metricCheck = z.discriminatedUnion('metric', [
  /** Test loss (64×64 grid) of one network below a bound. */
  z.object({
    metric: z.literal('testLoss'),
    network: networkId.default('a'),
    below: z.number().positive(),
  }),
  /** Dead neurons (output and gradient zero over the square) within [atLeast, atMost]. */
  z.object({ metric: z.literal('deadNeurons'), ...neuronCount }),
  /**
   * Silent neurons within [atLeast, atMost]: their output is ≤ 0 over the whole square, so they
   * fire nowhere. A dead ReLU neuron is silent; a silent leaky ReLU neuron is not dead (its
   * gradient is α, not 0), which is what the dying-ReLU lesson shows.
   */
  z.object({ metric: z.literal('silentNeurons'), ...neuronCount }),
  /** Network `lower`'s test loss below `factor` × network `than`'s. */
  z.object({
    metric: z.literal('compareTestLoss'),
    lower: networkId,
    than: networkId,
    factor: z.number().positive().max(1).default(1),
  }),
  /**
   * The network's output at each point, thresholded at `threshold`, agrees with the point's
   * target (thresholded the same way) on at least `atLeast` points (all when absent) — or, with
   * `atMost`, on at most that many (for "cannot").
   */
  z.object({
    metric: z.literal('classifies'),
    network: networkId.default('a'),
    points: z.array(point).min(1).max(64),
    threshold: z.number().default(0.5),
    atLeast: z.number().int().min(0).optional(),
    atMost: z.number().int().min(0).optional(),
  }),
  /**
   * The share of born-dead networks at `width` (from the step's survey) above a bound; with
   * `fallsWithWidth`, also a trend: no width's share above a narrower one's, and the widest's
   * below the bound.
   */
  z.object({
    metric: z.literal('bornDeadShare'),
    width: z.number().int().min(1),
    above: z.number().min(0).max(1),
    fallsWithWidth: z.boolean().default(false),
  }),
  /**
   * How shapes grow with depth: each hidden neuron's response (32×32) is cut into its separate
   * positive and negative regions (a ramp with one fold: 2), averaged over each layer; passes
   * when the last hidden layer's mean is at least `atLeast` times the first's.
   */
  z.object({
    metric: z.literal('shapesByDepth'),
    network: networkId.default('a'),
    atLeast: z.number().positive(),
  }),
  /** Training of the network stopped on NaN/Infinity (or, with `expected: false`, did not). */
  z.object({
    metric: z.literal('diverged'),
    network: networkId.default('a'),
    expected: z.boolean().default(true),
  }),
]);
export type MetricCheck = z.infer<typeof metricCheck>;

/** Things only the reader can do; the island ticks them when they happen. */
export const READER_TASKS = [
  'selectDeadNeuron',
  'inspectEachLayer',
  'lowerLearningRate',
  'runMeasurement',
] as const;
export const readerCheck = z.object({
  reader: z.enum(READER_TASKS),
  network: networkId.default('a'),
});
export type ReaderCheck = z.infer<typeof readerCheck>;

export const checkSchema = z.union([metricCheck, readerCheck]);
export type Check = z.infer<typeof checkSchema>;

export const stepSchema = z.object({
  /** Stable id, used as the progress key: never rename a published step. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(3).max(80),
  /** One or two short paragraphs shown beside the controls (plain text; blank line = new paragraph). */
  prose: z.string().min(10).max(1200),
  /** Asked before the step runs; the answer is revealed after. */
  prediction: z
    .object({
      question: z.string().min(5),
      choices: z.array(z.string().min(1)).min(2).max(5),
      /** Index of the choice the experiment bears out. */
      answer: z.number().int().min(0),
      /** Shown once the step has run. */
      explanation: z.string().min(5),
    })
    .refine((p) => p.answer < p.choices.length, { message: 'prediction.answer is out of range' })
    .optional(),
  actions: z.array(actionSchema).max(12),
  checkpoint: z.object({
    check: checkSchema,
    /**
     * Said when the check is met. `{value}` is replaced by the measured quantity (a count, a loss,
     * a percentage), so the page reports what happened, not what we hoped.
     */
    met: z.string().min(5),
    /** Said when it is not: what to try. */
    unmet: z.string().min(5),
  }),
});
export type Step = z.infer<typeof stepSchema>;

export const scriptSchema = z
  .object({
    /** The script's id: the file name, and the key of its progress in localStorage. */
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(3),
    /** Networks shown side by side: one or two, each trained in its own worker. */
    networks: z.array(networkId).min(1).max(2).default(['a']),
    steps: z.array(stepSchema).min(1).max(20),
  })
  .superRefine((script, ctx) => {
    const ids = new Set<string>();
    script.steps.forEach((step, i) => {
      if (ids.has(step.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'id'],
          message: `duplicate step id “${step.id}”`,
        });
      }
      ids.add(step.id);
      // Every network an action or check names must be one the script shows.
      const named: string[] = [];
      for (const action of step.actions) {
        if ('network' in action) named.push(action.network);
        if (action.do === 'train') named.push(...action.networks);
      }
      const check = step.checkpoint.check;
      if ('network' in check) named.push(check.network);
      if ('lower' in check) named.push(check.lower, check.than);
      for (const n of named) {
        if (!script.networks.includes(n as NetworkId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i],
            message: `step “${step.id}” refers to network “${n}”, which the script does not show`,
          });
        }
      }
      if ('metric' in check && check.metric === 'bornDeadShare') {
        const survey = step.actions.find((a) => a.do === 'bornDead');
        if (!survey || survey.do !== 'bornDead' || !survey.widths.includes(check.width)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'checkpoint'],
            message:
              'bornDeadShare needs a bornDead action in the same step that includes its width',
          });
        }
      }
    });
  });
export type Script = z.infer<typeof scriptSchema>;
/** A script as written in its JSON file, before defaults are filled in. */
export type ScriptInput = z.input<typeof scriptSchema>;

export function isMetricCheck(check: Check): check is MetricCheck {
  return 'metric' in check;
}
