/**
 * Named experiment set-ups shared by the lessons and the sandbox. Each is a full, seeded
 * ExperimentConfig; lessons refer to them by id, and the sandbox lists them.
 */
import type {
  Activation,
  ExperimentConfig,
  Initializer,
  LayerConfig,
  TargetId,
  TrainingConfig,
} from './engine/types';

const U_TENTH: Initializer = { kind: 'uniform', min: -0.1, max: 0.1 };
const U_ONE: Initializer = { kind: 'uniform', min: -1, max: 1 };

/** A hidden layer with the original sandbox's default initialization. */
export function hiddenLayer(
  units: number,
  activation: Activation,
  init: Partial<Pick<LayerConfig, 'weightInit' | 'biasInit' | 'activationParam'>> = {},
): LayerConfig {
  return {
    units,
    activation,
    weightInit: init.weightInit ?? U_TENTH,
    biasInit: init.biasInit ?? U_TENTH,
    ...(init.activationParam === undefined ? {} : { activationParam: init.activationParam }),
  };
}

/** The original sandbox's output neuron: sigmoid, weights uniform in [−1, 1]; we add a bias. */
export function outputLayer(activation: Activation = 'sigmoid', bias = true): LayerConfig {
  return {
    units: 1,
    activation,
    weightInit: U_ONE,
    biasInit: { kind: 'constant', value: 0 },
    bias,
  };
}

export function sgdTraining(learningRate: number, batchSize = 1): TrainingConfig {
  return {
    loss: { kind: 'mse' },
    optimizer: { kind: 'sgd' },
    batchSize,
    learningRate,
    schedule: { kind: 'constant' },
    warmupExamples: 0,
    l1: 0,
    l2: 0,
  };
}

function experiment(
  hidden: LayerConfig[],
  target: TargetId,
  learningRate: number,
  seed: number,
): ExperimentConfig {
  return {
    network: { hidden, output: outputLayer(), fastMath: true },
    training: sgdTraining(learningRate),
    data: { target: { kind: 'builtin', id: target }, mode: { kind: 'fresh' } },
    seed,
  };
}

export interface Preset {
  id: string;
  title: string;
  /** One sentence: what to look for. */
  description: string;
  config: () => ExperimentConfig;
}

export const PRESETS: Preset[] = [
  {
    id: 'original-default',
    title: 'The original default',
    description:
      'Hidden layers of 64 and 32 leaky ReLU neurons learning the “fancy sine thing” at learning rate 0.15.',
    config: () =>
      experiment(
        [hiddenLayer(64, 'leakyRelu'), hiddenLayer(32, 'leakyRelu')],
        'fancySine',
        0.15,
        1,
      ),
  },
  {
    id: 'first-look',
    title: 'A first look',
    description: 'A small tanh network learning a circle: watch the response sharpen into a disc.',
    config: () =>
      experiment(
        [
          hiddenLayer(12, 'tanh', { weightInit: U_ONE, biasInit: U_ONE }),
          hiddenLayer(8, 'tanh', { weightInit: U_ONE, biasInit: U_ONE }),
        ],
        'circle',
        0.1,
        7,
      ),
  },
  {
    id: '4-layer-neuron-response',
    title: 'Four layers of features',
    description:
      'Layers of 64, 32, 16 and 8 leaky ReLU neurons on the tiled square root: deeper neurons respond to richer shapes.',
    config: () =>
      experiment(
        [64, 32, 16, 8].map((n) => hiddenLayer(n, 'leakyRelu')),
        'tiledSqrt',
        0.08,
        1,
      ),
  },
  {
    id: 'dying-relu',
    title: 'Dying ReLU',
    description: 'Hidden layers of 54 and 22 ReLU neurons on the fancy sine: some neurons die.',
    config: () =>
      experiment([hiddenLayer(54, 'relu'), hiddenLayer(22, 'relu')], 'fancySine', 0.15, 1),
  },
  {
    id: 'gcu-small',
    title: 'A small GCU network',
    description: '16 Growing Cosine Units and 12 leaky ReLU neurons fit the fancy sine quickly.',
    config: () =>
      experiment([hiddenLayer(16, 'gcu'), hiddenLayer(12, 'leakyRelu')], 'fancySine', 0.1, 1),
  },
];

export function presetById(id: string): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset)
    throw new Error(`Unknown preset “${id}”. Known: ${PRESETS.map((p) => p.id).join(', ')}`);
  return preset;
}
