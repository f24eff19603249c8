/**
 * The sandbox's settings, declared once. One table drives the URL (encode/decode) and the
 * controls (label, range, choices, whether a change applies live or on reset), in the manner of
 * TensorFlow Playground's state.ts. Per-layer settings are comma-separated lists, one entry per
 * hidden layer.
 *
 * `SandboxState` is flat and serialisable; `toExperiment` turns it into the engine's
 * `ExperimentConfig`, `fromExperiment` the other way (for presets).
 */
import {
  ACTIVATIONS,
  ORIGINAL_INITIALIZERS,
  originalInitializer,
  TARGETS,
  type Activation,
  type ExperimentConfig,
  type Initializer,
  type LayerConfig,
  type Target,
  type TargetId,
  type TrainingConfig,
} from '../engine/types';
import { cloneConfig } from '../engine/clone-config';
import { ExpressionError, sampleExpression } from './expression';
import { formatValue } from '../format';

export interface LayerState {
  units: number;
  activation: Activation;
  /** Leaky ReLU's negative slope or ELU's alpha (ignored by other activations). */
  activationParam: number;
  weightInit: Initializer;
  biasInit: Initializer;
}

export const LOSSES = ['mse', 'bce', 'huber'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine', 'sgdr'] as const;
export const DATA_MODES = ['fresh', 'fixed'] as const;
/** Built-in targets plus a user-typed expression. */
export const TARGET_CHOICES = [...TARGETS, 'custom'] as const;

export interface SandboxState {
  layers: LayerState[];
  outputActivation: Activation;
  outputBias: boolean;
  outputWeightInit: Initializer;
  fastMath: boolean;
  loss: (typeof LOSSES)[number];
  huberDelta: number;
  optimizer: (typeof OPTIMIZERS)[number];
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon: number;
  batchSize: number;
  learningRate: number;
  schedule: (typeof SCHEDULES)[number];
  /** Step/exponential: examples per γ; cosine/SGDR: period in examples. */
  scheduleEvery: number;
  gamma: number;
  minRate: number;
  sgdrMult: number;
  warmup: number;
  l1: number;
  l2: number;
  target: (typeof TARGET_CHOICES)[number];
  expression: string;
  dataMode: (typeof DATA_MODES)[number];
  trainSize: number;
  testSize: number;
  noise: number;
  seed: number;
}

/** A learner-visible scalar setting: its URL key, control label, range and when it applies. */
interface BaseSetting<K extends keyof SandboxState> {
  key: K;
  /** Short key in the URL hash. */
  url: string;
  label: string;
  /** 'live': applies at once while training; 'reset': needs a rebuild, applied on reset. */
  applies: 'live' | 'reset';
  /**
   * One or two plain sentences under the control: what the setting does and when a reader would
   * change it. Every fact is the engine's (engine/assembly/): keep them in step.
   */
  help?: string;
}
export interface NumberSetting<
  K extends keyof SandboxState = keyof SandboxState,
> extends BaseSetting<K> {
  type: 'number';
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  /** Shown on a logarithmic slider. */
  log?: boolean;
}
export interface ChoiceSetting<
  K extends keyof SandboxState = keyof SandboxState,
> extends BaseSetting<K> {
  type: 'choice';
  options: readonly string[];
  /** Help for each option, shown under the menu for the chosen one (after `help`, if any). */
  choiceHelp?: Readonly<Record<string, string>>;
}
export interface BoolSetting<
  K extends keyof SandboxState = keyof SandboxState,
> extends BaseSetting<K> {
  type: 'bool';
}
export interface TextSetting<
  K extends keyof SandboxState = keyof SandboxState,
> extends BaseSetting<K> {
  type: 'text';
  maxLength: number;
}
export type Setting = NumberSetting | ChoiceSetting | BoolSetting | TextSetting;

export const MAX_LAYERS = 8;
export const MAX_UNITS = 256;
export const MAX_EXPRESSION = 300;

/** The scalar settings, in the order the controls show them. */
export const SETTINGS: Setting[] = [
  {
    key: 'seed',
    url: 'seed',
    label: 'Seed',
    type: 'number',
    min: 0,
    max: 4294967295,
    step: 1,
    integer: true,
    applies: 'reset',
    help: 'Picks the random starting weights and the examples drawn; the same seed and settings give the same run.',
  },
  {
    key: 'target',
    url: 'target',
    label: 'Target function',
    type: 'choice',
    options: TARGET_CHOICES,
    applies: 'reset',
  },
  {
    key: 'expression',
    url: 'expr',
    label: 'Your function of a and b',
    type: 'text',
    maxLength: MAX_EXPRESSION,
    applies: 'reset',
  },
  {
    key: 'dataMode',
    url: 'data',
    label: 'Examples',
    type: 'choice',
    options: DATA_MODES,
    applies: 'reset',
    choiceHelp: {
      fresh:
        'Each example is a new random point with its exact target, as in the original: nothing to memorise. The test loss is read on a 64×64 grid.',
      fixed:
        'Training draws, with repeats, from one set of points made at reset; separate test points, never trained on, show whether it learned the function or the points.',
    },
  },
  {
    key: 'trainSize',
    url: 'ntrain',
    label: 'Training set size',
    type: 'number',
    min: 10,
    max: 100000,
    step: 1,
    integer: true,
    applies: 'reset',
    help: 'The points the network trains on. With few of them it can fit the points and miss the function between them.',
  },
  {
    key: 'testSize',
    url: 'ntest',
    label: 'Test set size',
    type: 'number',
    min: 10,
    max: 100000,
    step: 1,
    integer: true,
    applies: 'reset',
    help: 'Points kept out of training, with exact targets: the test loss is measured on them.',
  },
  {
    key: 'noise',
    url: 'noise',
    label: 'Label noise (std)',
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    applies: 'reset',
    help: 'The spread (standard deviation) of random errors added once to the training targets, like a measurement’s; the test set stays exact.',
  },
  {
    key: 'outputActivation',
    url: 'out',
    label: 'Output activation',
    type: 'choice',
    options: ACTIVATIONS,
    applies: 'reset',
  },
  {
    key: 'outputBias',
    url: 'outbias',
    label: 'Output bias',
    type: 'bool',
    applies: 'reset',
    help: 'A number added to the output neuron’s weighted sum, learned like a weight (it starts at 0). The original sandbox’s output had none: untick to match it.',
  },
  {
    key: 'fastMath',
    url: 'fast',
    label: 'Fast approximate activations',
    type: 'bool',
    applies: 'live',
    help: 'Quick approximations of exp, log, sine and cosine inside the activations, off by less than 0.001; untick for exact values.',
  },
  {
    key: 'loss',
    url: 'loss',
    label: 'Loss',
    type: 'choice',
    options: LOSSES,
    applies: 'live',
    choiceHelp: {
      mse: 'Mean squared error: the average of (output\u00a0−\u00a0target)².',
      bce: 'Binary cross-entropy: reads the output as a probability, so it needs an output between 0 and 1 (a sigmoid); made for targets of 0 or 1.',
      huber:
        'Huber: squared error for small misses, growing only linearly beyond δ, so a few far-off examples pull less.',
    },
  },
  {
    key: 'huberDelta',
    url: 'delta',
    label: 'Huber δ',
    type: 'number',
    min: 0.001,
    max: 10,
    step: 0.001,
    applies: 'live',
    help: 'Misses smaller than δ count as ½·miss²; beyond δ the loss grows linearly, so no example pulls harder than one missed by δ.',
  },
  {
    key: 'optimizer',
    url: 'opt',
    label: 'Optimizer',
    type: 'choice',
    options: OPTIMIZERS,
    applies: 'live',
    choiceHelp: {
      sgd: 'SGD (stochastic gradient descent): each step moves every weight against its gradient, by learning rate × gradient.',
      momentum:
        'Steps follow a velocity, a fading sum of past gradients: they build up along a steady slope and zigzag less.',
      adam: 'Each weight’s step is divided by the size of its recent gradients, so steps are near the learning rate in size; try a rate of 0.001–0.01.',
    },
  },
  {
    key: 'momentum',
    url: 'mom',
    label: 'Momentum μ',
    type: 'number',
    min: 0,
    max: 0.999,
    step: 0.001,
    applies: 'live',
    help: 'The share of the velocity each step keeps: 0 is plain SGD, 0.9 is usual; higher goes faster but overshoots more.',
  },
  {
    key: 'nesterov',
    url: 'nesterov',
    label: 'Nesterov',
    type: 'bool',
    applies: 'live',
    help: 'Steps by the gradient plus μ × the new velocity, instead of by the velocity: a look ahead that often overshoots less.',
  },
  {
    key: 'beta1',
    url: 'b1',
    label: 'Adam β₁',
    type: 'number',
    min: 0,
    max: 0.9999,
    step: 0.0001,
    applies: 'live',
    help: 'How long Adam’s average of the gradient remembers: 0.9 averages about the last 10 steps.',
  },
  {
    key: 'beta2',
    url: 'b2',
    label: 'Adam β₂',
    type: 'number',
    min: 0,
    max: 0.99999,
    step: 0.00001,
    applies: 'live',
    help: 'The same for the squared gradient, which sets each step’s scale: 0.999 averages about the last 1,000 steps.',
  },
  {
    key: 'epsilon',
    url: 'eps',
    label: 'Adam ε',
    type: 'number',
    min: 1e-12,
    max: 1,
    step: 1e-9,
    log: true,
    applies: 'live',
    help: 'Added to the gradient’s size before dividing by it, so a weight whose gradients are near 0 takes no huge step. Rarely changed.',
  },
  {
    key: 'batchSize',
    url: 'batch',
    label: 'Batch size',
    type: 'number',
    min: 1,
    max: 1024,
    step: 1,
    integer: true,
    applies: 'live',
    help: 'How many examples each step averages before the network changes: 1 (the original’s) changes it after every example; more give fewer, smoother steps.',
  },
  {
    key: 'learningRate',
    url: 'lr',
    label: 'Learning rate',
    type: 'number',
    min: 1e-5,
    max: 10,
    step: 1e-5,
    log: true,
    applies: 'live',
    help: 'Applies at once, to every weight and bias.',
  },
  {
    key: 'schedule',
    url: 'sched',
    label: 'Schedule',
    type: 'choice',
    options: SCHEDULES,
    applies: 'live',
    choiceHelp: {
      constant:
        'The learning rate stays as set. The others lower it as training goes on, which lets the loss settle lower.',
      step: 'Step decay: the rate is multiplied by γ once every period, in steps.',
      exponential:
        'Exponential decay: the same fall by γ per period, spread smoothly over every step.',
      cosine:
        'The rate glides from the learning rate down to the minimum along half a cosine wave over one period, then stays there.',
      sgdr: 'SGDR (SGD with warm restarts): the cosine glide repeats, back at the full rate each time; each cycle is the multiplier times longer.',
    },
  },
  {
    key: 'scheduleEvery',
    url: 'every',
    label: 'Every / period (examples)',
    type: 'number',
    min: 1,
    max: 1e9,
    step: 1,
    integer: true,
    applies: 'live',
  },
  {
    key: 'gamma',
    url: 'gamma',
    label: 'Factor γ',
    type: 'number',
    min: 0.001,
    max: 1,
    step: 0.001,
    applies: 'live',
    help: 'What the rate is multiplied by each period: 0.5 halves it; 0.9 lowers it gently.',
  },
  {
    key: 'minRate',
    url: 'lrmin',
    label: 'Minimum rate',
    type: 'number',
    min: 0,
    max: 10,
    step: 1e-5,
    applies: 'live',
    help: 'The rate at the bottom of each cosine glide.',
  },
  {
    key: 'sgdrMult',
    url: 'mult',
    label: 'Cycle multiplier',
    type: 'number',
    min: 1,
    max: 10,
    step: 0.1,
    applies: 'live',
    help: 'Each cycle lasts this many times the one before: 2 doubles them; 1 keeps them equal.',
  },
  {
    key: 'warmup',
    url: 'warmup',
    label: 'Warm-up (examples)',
    type: 'number',
    min: 0,
    max: 1e8,
    step: 1,
    integer: true,
    applies: 'live',
    help: 'The rate climbs in a straight line from 0 to the learning rate over this many examples; then the schedule starts. Helps a large rate that upsets the first steps.',
  },
  {
    key: 'l1',
    url: 'l1',
    label: 'L1',
    type: 'number',
    min: 0,
    max: 1,
    step: 1e-6,
    applies: 'live',
    help: 'Adds L1 × the weight’s sign to its gradient: the same pull on every weight, so small ones end near\u00a00.',
  },
  {
    key: 'l2',
    url: 'l2',
    label: 'L2',
    type: 'number',
    min: 0,
    max: 1,
    step: 1e-6,
    applies: 'live',
    help: 'Adds L2 × the weight to its gradient: a pull in proportion to its size, so large weights shrink most.',
  },
];

export function setting<K extends keyof SandboxState>(key: K): Setting {
  const s = SETTINGS.find((x) => x.key === key);
  if (!s) throw new Error(`No setting ${String(key)}`);
  return s;
}

/** The help under a setting's control for its current value: its own help, then the chosen option's. */
export function settingHelp(s: Setting, value: unknown): string {
  const chosen = s.type === 'choice' ? s.choiceHelp?.[String(value)] : undefined;
  return [s.help, chosen].filter(Boolean).join(' ');
}

/**
 * Help for a group of controls, shown once above them rather than under each. The facts are the
 * engine's: `draw` in engine/assembly/network.ts for the initializers, kernels/optimizers.ts for
 * the penalties (added to the weights' gradients only).
 */
export const GROUP_HELP = {
  /** The layers' "Initializers" and the output neuron's "Initializer". */
  initializers:
    'Where the weights and biases start. Xavier (Glorot), He (Kaiming) and LeCun scale their spread to the layer’s size: He suits ReLUs, Xavier tanh and sigmoid.',
  regularization:
    'Both pull the weights toward 0 (biases are left alone), which can keep a network from fitting the noise in a fixed training set. 0: off.',
} as const;

/** Help for the schedule's period ("Every / period (examples)"), by schedule: what it counts. */
export const SCHEDULE_PERIOD_HELP: Record<Exclude<SandboxState['schedule'], 'constant'>, string> = {
  step: 'How many examples pass between two drops of the rate.',
  exponential: 'How many examples it takes for the rate to be multiplied by γ.',
  cosine: 'How many examples the glide down to the minimum takes.',
  sgdr: 'How many examples the first cycle takes.',
};

/** Help for a hidden layer's activation parameter (`LayerState.activationParam`), by activation. */
export const ACTIVATION_PARAM_HELP: Partial<Record<Activation, string>> = {
  leakyRelu:
    'The slope for negative inputs: above 0, a neuron whose weighted sum is negative still learns a little; 0 makes a plain ReLU.',
  elu: 'For negative inputs the output curves down toward −α.',
};

/** Per-layer settings: one comma-separated list each in the URL. */
export const LAYER_URL = {
  units: 'h',
  activation: 'act',
  activationParam: 'ap',
  weightInit: 'wi',
  biasInit: 'bi',
} as const;
/** The output neuron's weight initializer. */
export const OUTPUT_INIT_URL = 'outw';

/** The original's defaults (frozen): compared with, and copied into a state, never stored. */
export const U_TENTH: Initializer = ORIGINAL_INITIALIZERS.uniformTenth;
export const U_ONE: Initializer = ORIGINAL_INITIALIZERS.uniformOne;

export function defaultActivationParam(activation: Activation): number {
  return activation === 'elu' ? 1 : 0.01;
}

export function newLayer(units = 8, activation: Activation = 'sigmoid'): LayerState {
  return {
    units,
    activation,
    activationParam: defaultActivationParam(activation),
    weightInit: originalInitializer('uniformTenth'),
    biasInit: originalInitializer('uniformTenth'),
  };
}

/**
 * The hidden layer "+ Add a hidden layer" appends: a copy of the last hidden layer (its neurons,
 * activation, activation parameter and initializers), so a network of leaky ReLU layers grows by
 * another leaky ReLU layer, with the initializer chosen for it. With no hidden layer to copy, the
 * original sandbox's 8 sigmoid neurons.
 */
export function nextLayer(layers: readonly LayerState[]): LayerState {
  const last = layers.at(-1);
  if (!last) return newLayer(8, 'sigmoid');
  return {
    units: last.units,
    activation: last.activation,
    activationParam: last.activationParam,
    weightInit: { ...last.weightInit },
    biasInit: { ...last.biasInit },
  };
}

/** The original sandbox's default network, with our defaults for everything it lacked. */
export function defaultState(): SandboxState {
  return {
    layers: [newLayer(64, 'leakyRelu'), newLayer(32, 'leakyRelu')],
    outputActivation: 'sigmoid',
    outputBias: true,
    outputWeightInit: originalInitializer('uniformOne'),
    fastMath: true,
    loss: 'mse',
    huberDelta: 1,
    optimizer: 'sgd',
    momentum: 0.9,
    nesterov: false,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    batchSize: 1,
    learningRate: 0.15,
    schedule: 'constant',
    scheduleEvery: 100000,
    gamma: 0.5,
    minRate: 0.001,
    sgdrMult: 2,
    warmup: 0,
    l1: 0,
    l2: 0,
    target: 'fancySine',
    expression: 'sin(6*a)*cos(6*b)*0.5 + 0.5',
    dataMode: 'fresh',
    trainSize: 500,
    testSize: 500,
    noise: 0,
    seed: 1,
  };
}

// ───────────────────────────── initializers as short strings ─────────────────────────────

/** "c:0", "u:-0.1:0.1", "n:0:1", "xu", "xn", "hu", "hu:0.01", "hn", "ln". */
export function encodeInitializer(init: Initializer): string {
  switch (init.kind) {
    case 'constant':
      return `c:${init.value}`;
    case 'uniform':
      return `u:${init.min}:${init.max}`;
    case 'normal':
      return `n:${init.mean}:${init.std}`;
    case 'xavierUniform':
      return 'xu';
    case 'xavierNormal':
      return 'xn';
    case 'heUniform':
      return init.slope !== undefined ? `hu:${init.slope}` : 'hu';
    case 'heNormal':
      return init.slope !== undefined ? `hn:${init.slope}` : 'hn';
    case 'lecunNormal':
      return 'ln';
  }
}

const INIT_LIMIT = 100;

/** The inverse of `encodeInitializer`; null when malformed or out of range. */
export function decodeInitializer(text: string): Initializer | null {
  const parts = text.split(':');
  const nums = parts.slice(1).map(strictNumber);
  if (nums.some((n) => n === null || Math.abs(n) > INIT_LIMIT)) return null;
  const v = nums as number[];
  switch (parts[0]) {
    case 'c':
      return v.length === 1 ? { kind: 'constant', value: v[0] } : null;
    case 'u':
      return v.length === 2 && v[0] <= v[1] ? { kind: 'uniform', min: v[0], max: v[1] } : null;
    case 'n':
      return v.length === 2 && v[1] >= 0 ? { kind: 'normal', mean: v[0], std: v[1] } : null;
    case 'xu':
      return v.length === 0 ? { kind: 'xavierUniform' } : null;
    case 'xn':
      return v.length === 0 ? { kind: 'xavierNormal' } : null;
    case 'hu':
    case 'hn': {
      const kind = parts[0] === 'hu' ? 'heUniform' : 'heNormal';
      if (v.length === 0) return { kind };
      return v.length === 1 && v[0] >= 0 && v[0] < 1 ? { kind, slope: v[0] } : null;
    }
    case 'ln':
      return v.length === 0 ? { kind: 'lecunNormal' } : null;
    default:
      return null;
  }
}

/** A finite number written plainly ("0.1", "-2", "1e-4"); null for anything else. */
export function strictNumber(text: string): number | null {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

// ───────────────────────────── validation of one value ─────────────────────────────

/** Clamp (and round) a number into a setting's range: the value, and why it moved ('' if not). */
export function clampToSetting(
  s: NumberSetting,
  value: number,
): { value: number; reason: 'range' | 'whole' | '' } {
  const v = Math.min(s.max, Math.max(s.min, s.integer ? Math.round(value) : value));
  const reason = value < s.min || value > s.max ? 'range' : v !== value ? 'whole' : '';
  return { value: v, reason };
}

/**
 * A number typed for a setting, kept within it: the value, and the note that says why it changed
 * ('' where it was kept). Under a field the note is short; for a number from a link (`linkText`,
 * as the link wrote it) it names the setting.
 */
export function clampTyped(
  s: NumberSetting,
  typed: number,
  linkText?: string,
): { value: number; note: string } {
  const { value, reason } = clampToSetting(s, typed);
  if (!reason) return { value, note: '' };
  const [field, link] =
    reason === 'range'
      ? [
          `Kept within ${s.min}–${s.max}: set to ${value}.`,
          `is outside ${s.min}–${s.max}; it was set to ${value}.`,
        ]
      : [
          `Whole numbers only: rounded to ${value}.`,
          `is not a whole number; it was rounded to ${value}.`,
        ];
  return { value, note: linkText === undefined ? field : `“${s.label}” ${linkText} ${link}` };
}

// ───────────────────────────── notes on combinations ─────────────────────────────

/** Output activations whose values stay within [0, 1] (the sigmoid in (0, 1), e^(−x²) in (0, 1]). */
const UNIT_RANGE_OUTPUTS: readonly Activation[] = ['sigmoid', 'gaussian'];

/**
 * The note shown beside the loss when the combination trains on nonsense, or ''. Binary
 * cross-entropy reads the output as a probability (its logs need 0 < y < 1); the engine clamps y
 * into [1e-7, 1 − 1e-7], so an output that leaves (0, 1) trains on a clipped loss whose gradient
 * is huge there. `name` is the output activation as the control shows it.
 */
export function lossNote(
  loss: SandboxState['loss'],
  outputActivation: Activation,
  name: string,
): string {
  if (loss !== 'bce' || UNIT_RANGE_OUTPUTS.includes(outputActivation)) return '';
  return (
    `Binary cross-entropy needs an output between 0 and 1 (a probability), and the ${name} ` +
    'output can leave that range, where the loss is clipped and training goes astray. Choose the ' +
    'sigmoid output activation (Network, Output neuron), or another loss.'
  );
}

/** A number as prose writes it: every digit, a true minus sign (−3, not -3). */
const prose = (v: number) => formatValue(v);

/**
 * A uniform initializer after one of its bounds is typed. A bound typed past the other swaps the
 * two (the range the reader most likely meant), with a note saying so: the range is never
 * collapsed silently to a point. Equal bounds are a valid range (every value the same).
 */
export function uniformWithBound(
  range: { min: number; max: number },
  bound: 'min' | 'max',
  value: number,
): { init: Initializer; note: string } {
  const [min, max] = bound === 'min' ? [value, range.max] : [range.min, value];
  if (min <= max) return { init: { kind: 'uniform', min, max }, note: '' };
  const [lo, hi] = [max, min];
  const note =
    bound === 'min'
      ? `“from” ${prose(value)} was above “to” ${prose(range.max)}`
      : `“to” ${prose(value)} was below “from” ${prose(range.min)}`;
  return {
    init: { kind: 'uniform', min: lo, max: hi },
    note: `${note}: swapped, now from ${prose(lo)} to ${prose(hi)}.`,
  };
}

// ───────────────────────────── URL hash ─────────────────────────────

export interface DecodeResult {
  state: SandboxState;
  /** Human-readable notices about fields that were ignored or corrected. */
  notices: string[];
}

const MAX_HASH = 8000;
const MAX_NOTICES = 8;

function short(text: string): string {
  const t = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return Array.from(t, (c) => (c.charCodeAt(0) < 32 || c === '<' || c === '>' ? '?' : c)).join('');
}

/** The hash for a state: only the fields that differ from the defaults, plus the seed. */
export function encodeState(state: SandboxState): string {
  const defaults = defaultState();
  const params = new URLSearchParams();
  for (const s of SETTINGS) {
    const v = state[s.key];
    if (s.key !== 'seed' && v === defaults[s.key]) continue;
    if (s.key === 'expression' && state.target !== 'custom') continue;
    params.set(s.url, s.type === 'bool' ? (v ? '1' : '0') : String(v));
  }
  params.set(LAYER_URL.units, state.layers.map((l) => l.units).join(',') || '0');
  params.set(LAYER_URL.activation, state.layers.map((l) => l.activation).join(','));
  if (state.layers.some((l) => l.activationParam !== defaultActivationParam(l.activation))) {
    params.set(LAYER_URL.activationParam, state.layers.map((l) => l.activationParam).join(','));
  }
  const wi = state.layers.map((l) => encodeInitializer(l.weightInit));
  if (wi.some((w) => w !== encodeInitializer(U_TENTH)))
    params.set(LAYER_URL.weightInit, wi.join(','));
  const bi = state.layers.map((l) => encodeInitializer(l.biasInit));
  if (bi.some((w) => w !== encodeInitializer(U_TENTH)))
    params.set(LAYER_URL.biasInit, bi.join(','));
  if (encodeInitializer(state.outputWeightInit) !== encodeInitializer(U_ONE)) {
    params.set(OUTPUT_INIT_URL, encodeInitializer(state.outputWeightInit));
  }
  // Commas and colons are safe in a fragment; keeping them readable keeps links readable.
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

/** The hidden layers a units list asks for ("0" or empty: none), with a notice for each bad entry. */
function parseUnits(raw: string, say: Say): LayerState[] {
  const entries = raw === '0' || raw === '' ? [] : raw.split(',');
  if (entries.length > MAX_LAYERS)
    say(
      `The link asks for ${entries.length} hidden layers; the first ${MAX_LAYERS} were kept.`,
      `The file asks for ${entries.length} hidden layers; there can be at most ${MAX_LAYERS}.`,
    );
  const layers: LayerState[] = [];
  for (const entry of entries.slice(0, MAX_LAYERS)) {
    const n = strictNumber(entry);
    if (n === null || !Number.isInteger(n)) {
      say(
        `Layer size “${short(entry)}” is not a whole number; that layer was skipped.`,
        `Layer size “${short(entry)}” in the file is not a whole number.`,
      );
      continue;
    }
    const units = Math.min(MAX_UNITS, Math.max(1, n));
    if (units !== n)
      say(
        `A layer of ${n} neurons is outside 1–${MAX_UNITS}; it was set to ${units}.`,
        `A layer of ${n} neurons in the file is outside 1–${MAX_UNITS}.`,
      );
    layers.push(newLayer(units, 'sigmoid'));
  }
  return layers;
}

/**
 * Where settings are read from, as their notices name it: the page's link, or a network file.
 * A link's problems are put right and the rest of it applies, so its notices say what was done
 * ("the default was kept"); a file with any problem is refused whole (`importNetwork`) and the
 * current network stays, so its notices name the problem alone.
 */
export type SettingsSource = 'link' | 'file';

/** Give a notice: its text for a link, or for a file. */
type Say = (link: string, file: string) => void;

/**
 * Read a hash (with or without the leading "#"). Never throws: unknown keys, malformed or
 * out-of-range values are ignored or clamped, each with a notice; the rest of the hash applies.
 * The notices name the `source` the settings came from (see `SettingsSource`).
 */
export function decodeState(hash: string, source: SettingsSource = 'link'): DecodeResult {
  const state = defaultState();
  const notices: string[] = [];
  const say: Say = (link, file) => {
    if (notices.length < MAX_NOTICES) notices.push(source === 'link' ? link : file);
    else if (notices.length === MAX_NOTICES)
      notices.push(
        source === 'link'
          ? '…and more problems in the link; they were ignored too.'
          : '…and more problems in the file.',
      );
  };
  let text = typeof hash === 'string' ? hash : '';
  if (text.startsWith('#')) text = text.slice(1);
  if (!text) return { state, notices };
  if (text.length > MAX_HASH) {
    say(
      `The link’s settings are too long (${text.length} characters); the defaults were loaded instead.`,
      `The file’s settings are too long (${text.length} characters; at most ${MAX_HASH}).`,
    );
    return { state, notices };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    say(
      'The link’s settings could not be read; the defaults were loaded instead.',
      'The file’s settings could not be read.',
    );
    return { state, notices };
  }
  const known = new Set<string>([
    ...SETTINGS.map((s) => s.url),
    ...Object.values(LAYER_URL),
    OUTPUT_INIT_URL,
  ]);
  const seen = new Set<string>();
  for (const [key] of params) {
    if (!known.has(key) && !seen.has(key))
      say(
        `Unknown setting “${short(key)}” in the link was ignored.`,
        `The file has an unknown setting, “${short(key)}”.`,
      );
    seen.add(key);
  }
  const record = state as unknown as Record<string, unknown>;
  for (const s of SETTINGS) {
    const raw = params.get(s.url);
    if (raw === null) continue;
    const bad = () =>
      say(
        `“${s.label}” in the link (${short(raw)}) is not valid; the default was kept.`,
        `“${s.label}” in the file (${short(raw)}) is not valid.`,
      );
    switch (s.type) {
      case 'number': {
        const n = strictNumber(raw);
        if (n === null) {
          bad();
          break;
        }
        const kept = clampTyped(s, n, short(raw));
        const { reason } = clampToSetting(s, n);
        if (kept.note)
          say(
            kept.note,
            `“${s.label}” in the file (${short(raw)}) ${reason === 'range' ? `is outside ${s.min}–${s.max}` : 'is not a whole number'}.`,
          );
        record[s.key] = kept.value;
        break;
      }
      case 'choice':
        if (s.options.includes(raw)) record[s.key] = raw;
        else bad();
        break;
      case 'bool':
        if (raw === '1' || raw === 'true') record[s.key] = true;
        else if (raw === '0' || raw === 'false') record[s.key] = false;
        else bad();
        break;
      case 'text':
        if (raw.length <= s.maxLength) record[s.key] = raw;
        else
          say(
            `“${s.label}” in the link is longer than ${s.maxLength} characters; the default was kept.`,
            `“${s.label}” in the file is longer than ${s.maxLength} characters.`,
          );
        break;
    }
  }

  // A broken function (one the Data panel would refuse) is kept, as it may be the reader's work in
  // progress, but never silently, whatever the target (the reader may switch to it). Only a link
  // that carries a function pays for the check.
  if (params.has('expr')) {
    try {
      sampleExpression(state.expression);
    } catch (e) {
      const why = e instanceof ExpressionError ? e.message : 'it could not be read';
      say(
        `Your function in the link has an error (${short(why)}); fix it under Data.`,
        `The function in the file has an error (${short(why)}).`,
      );
    }
  }

  // Layers: the units list decides how many; the other lists fill in, entry by entry.
  // Without a units list the default layers stay, and the other lists still apply to them.
  const unitsRaw = params.get(LAYER_URL.units);
  const layers = unitsRaw === null ? state.layers : parseUnits(unitsRaw, say);
  // An empty list ("act=", which a network with no hidden layer writes) lists nothing.
  const list = (key: string) => {
    const raw = params.get(key);
    return raw ? raw.split(',') : [];
  };
  const acts = list(LAYER_URL.activation);
  const aps = list(LAYER_URL.activationParam);
  const wis = list(LAYER_URL.weightInit);
  const bis = list(LAYER_URL.biasInit);
  // A hand-edited link may list fewer (or more) entries than it has layers: say which went unset.
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  for (const [values, what] of [
    [acts, 'activation'],
    [aps, 'activation parameter'],
    [wis, 'weight initializer'],
    [bis, 'bias initializer'],
  ] as const) {
    if (values.length > 0 && values.length < layers.length)
      say(
        `The link gives ${what}s for ${values.length} of ${layers.length} layers; ${
          values.length + 1 === layers.length
            ? `layer ${layers.length} kept its default`
            : `layers ${values.length + 1}–${layers.length} kept their defaults`
        }.`,
        `The file gives ${what}s for ${values.length} of ${layers.length} layers.`,
      );
    else if (values.length > layers.length)
      say(
        `The link gives ${plural(values.length, what)} for ${plural(layers.length, 'layer')}; the extra ones were ignored.`,
        `The file gives ${plural(values.length, what)} for ${plural(layers.length, 'layer')}.`,
      );
  }
  layers.forEach((layer, i) => {
    const act = acts[i];
    if (act !== undefined) {
      if ((ACTIVATIONS as readonly string[]).includes(act)) layer.activation = act as Activation;
      else
        say(
          `Activation “${short(act)}” of layer ${i + 1} is unknown; ${layer.activation} was used.`,
          `Activation “${short(act)}” of layer ${i + 1} in the file is unknown.`,
        );
      layer.activationParam = defaultActivationParam(layer.activation);
    }
    if (aps[i] !== undefined) {
      const p = strictNumber(aps[i]);
      if (p !== null && p >= 0 && p <= 10) layer.activationParam = p;
      else
        say(
          `The activation parameter of layer ${i + 1} (${short(aps[i])}) is not valid; the default was kept.`,
          `The activation parameter of layer ${i + 1} in the file (${short(aps[i])}) is not valid.`,
        );
    }
    for (const [values, field, name] of [
      [wis, 'weightInit', 'weight'],
      [bis, 'biasInit', 'bias'],
    ] as const) {
      if (values[i] === undefined) continue;
      const init = decodeInitializer(values[i]);
      if (init) layer[field] = init;
      else
        say(
          `The ${name} initializer of layer ${i + 1} (${short(values[i])}) is not valid; the default was kept.`,
          `The ${name} initializer of layer ${i + 1} in the file (${short(values[i])}) is not valid.`,
        );
    }
  });
  state.layers = layers;
  const outInit = params.get(OUTPUT_INIT_URL);
  if (outInit !== null) {
    const init = decodeInitializer(outInit);
    if (init) state.outputWeightInit = init;
    else
      say(
        `The output weight initializer (${short(outInit)}) is not valid; the default was kept.`,
        `The output weight initializer in the file (${short(outInit)}) is not valid.`,
      );
  }
  return { state, notices };
}

// ───────────────────────────── to and from the engine's config ─────────────────────────────

export function trainingOf(state: SandboxState): TrainingConfig {
  const loss: TrainingConfig['loss'] =
    state.loss === 'huber' ? { kind: 'huber', delta: state.huberDelta } : { kind: state.loss };
  const optimizer: TrainingConfig['optimizer'] =
    state.optimizer === 'momentum'
      ? { kind: 'momentum', momentum: state.momentum, nesterov: state.nesterov }
      : state.optimizer === 'adam'
        ? { kind: 'adam', beta1: state.beta1, beta2: state.beta2, epsilon: state.epsilon }
        : { kind: 'sgd' };
  let schedule: TrainingConfig['schedule'];
  switch (state.schedule) {
    case 'step':
    case 'exponential':
      schedule = { kind: state.schedule, every: state.scheduleEvery, gamma: state.gamma };
      break;
    case 'cosine':
      schedule = { kind: 'cosine', period: state.scheduleEvery, min: state.minRate };
      break;
    case 'sgdr':
      schedule = {
        kind: 'sgdr',
        period: state.scheduleEvery,
        mult: state.sgdrMult,
        min: state.minRate,
      };
      break;
    default:
      schedule = { kind: 'constant' };
  }
  return {
    loss,
    optimizer,
    batchSize: state.batchSize,
    learningRate: state.learningRate,
    schedule,
    warmupExamples: state.warmup,
    l1: state.l1,
    l2: state.l2,
  };
}

/**
 * The engine's configuration for a state. A custom target needs its sampled grid (from
 * `expression.ts`); without one, the built-in default target stands in.
 */
export function toExperiment(state: SandboxState, customGrid?: Target): ExperimentConfig {
  const hidden: LayerConfig[] = state.layers.map((l) => ({
    units: l.units,
    activation: l.activation,
    ...(l.activation === 'leakyRelu' || l.activation === 'elu'
      ? { activationParam: l.activationParam }
      : {}),
    weightInit: l.weightInit,
    biasInit: l.biasInit,
  }));
  const target: Target =
    state.target === 'custom'
      ? (customGrid ?? { kind: 'builtin', id: 'fancySine' })
      : { kind: 'builtin', id: state.target as TargetId };
  return {
    network: {
      hidden,
      output: {
        units: 1,
        activation: state.outputActivation,
        weightInit: state.outputWeightInit,
        biasInit: { kind: 'constant', value: 0 },
        bias: state.outputBias,
      },
      fastMath: state.fastMath,
    },
    training: trainingOf(state),
    data: {
      target,
      mode:
        state.dataMode === 'fixed'
          ? {
              kind: 'fixed',
              trainSize: state.trainSize,
              testSize: state.testSize,
              noise: state.noise,
            }
          : { kind: 'fresh' },
    },
    seed: state.seed >>> 0,
  };
}

/** A state from an engine configuration (presets). Grid targets become an empty custom target. */
export function fromExperiment(source: ExperimentConfig): SandboxState {
  // A copy: the state goes into a UI store, which may later rewrite its objects in place, and
  // they must not be the preset's own (the source may itself be a store's proxy).
  const config = cloneConfig(source);
  const s = defaultState();
  s.layers = config.network.hidden.map((l) => ({
    units: l.units,
    activation: l.activation,
    activationParam: l.activationParam ?? defaultActivationParam(l.activation),
    weightInit: l.weightInit,
    biasInit: l.biasInit,
  }));
  s.outputActivation = config.network.output.activation;
  s.outputBias = config.network.output.bias ?? true;
  s.outputWeightInit = config.network.output.weightInit;
  s.fastMath = config.network.fastMath;
  const t = config.training;
  s.loss = t.loss.kind;
  if (t.loss.kind === 'huber') s.huberDelta = t.loss.delta;
  s.optimizer = t.optimizer.kind;
  if (t.optimizer.kind === 'momentum') {
    s.momentum = t.optimizer.momentum;
    s.nesterov = t.optimizer.nesterov;
  } else if (t.optimizer.kind === 'adam') {
    s.beta1 = t.optimizer.beta1;
    s.beta2 = t.optimizer.beta2;
    s.epsilon = t.optimizer.epsilon;
  }
  s.batchSize = t.batchSize;
  s.learningRate = t.learningRate;
  s.schedule = t.schedule.kind;
  if (t.schedule.kind === 'step' || t.schedule.kind === 'exponential') {
    s.scheduleEvery = t.schedule.every;
    s.gamma = t.schedule.gamma;
  } else if (t.schedule.kind === 'cosine') {
    s.scheduleEvery = t.schedule.period;
    s.minRate = t.schedule.min;
  } else if (t.schedule.kind === 'sgdr') {
    s.scheduleEvery = t.schedule.period;
    s.minRate = t.schedule.min;
    s.sgdrMult = t.schedule.mult;
  }
  s.warmup = t.warmupExamples;
  s.l1 = t.l1;
  s.l2 = t.l2;
  s.target = config.data.target.kind === 'builtin' ? config.data.target.id : 'custom';
  if (config.data.mode.kind === 'fixed') {
    s.dataMode = 'fixed';
    s.trainSize = config.data.mode.trainSize;
    s.testSize = config.data.mode.testSize;
    s.noise = config.data.mode.noise;
  } else s.dataMode = 'fresh';
  s.seed = config.seed >>> 0;
  return s;
}

/** Fields whose change needs a rebuild (applied on reset). */
export function rebuildKey(state: SandboxState): string {
  const picked: Record<string, unknown> = {
    layers: state.layers,
    outputWeightInit: state.outputWeightInit,
  };
  for (const s of SETTINGS)
    if (s.applies === 'reset' && s.key !== 'seed') picked[s.key] = state[s.key];
  if (state.target !== 'custom') delete picked.expression;
  return JSON.stringify(picked);
}

/**
 * The settings of `state` that apply at once to a trained network (the rate, the optimizer, the
 * fast maths…): what a saved network brings back to the controls when it is continued.
 */
export function liveSettingsOf(state: SandboxState): Partial<SandboxState> {
  return Object.fromEntries(
    SETTINGS.filter((s) => s.applies === 'live').map((s) => [s.key, state[s.key]]),
  ) as Partial<SandboxState>;
}

/**
 * Which network the settings build: the settings that need a rebuild, and the seed. The browser
 * keeps a trained network under it (saved-session.ts), so only the same network is offered back.
 */
export function networkIdentity(state: SandboxState): string {
  return JSON.stringify([rebuildKey(state), state.seed]);
}

/**
 * The settings of the network as built: `edited` (the controls now) with every setting that needs
 * a rebuild (the layers, the output neuron, the data, the seed) taken from `built`, the state the
 * network was last built from. Live settings apply to the running network at once, so their
 * current values are the ones it trains with. Used to export the trained network while edits wait
 * for "Apply and reset": its weights belong to the built settings, not to the edits.
 */
export function asBuilt(edited: SandboxState, built: SandboxState): SandboxState {
  const out: SandboxState = {
    ...edited,
    layers: built.layers.map((l) => ({
      ...l,
      weightInit: { ...l.weightInit },
      biasInit: { ...l.biasInit },
    })),
    outputWeightInit: { ...built.outputWeightInit },
  };
  const take = <K extends keyof SandboxState>(key: K) => (out[key] = built[key]);
  for (const s of SETTINGS) if (s.applies === 'reset') take(s.key);
  return out;
}

/**
 * The sandbox's address for an experiment, for "open this in the sandbox" links from lessons:
 * `sandboxHref(presetById('dying-relu').config())`. A grid target (a typed function) cannot be
 * recovered from its samples: it opens as a typed function with the sandbox's example expression.
 */
export function sandboxHref(config: ExperimentConfig, base = '/sandbox/'): string {
  return `${base}#${encodeState(fromExperiment(config))}`;
}
