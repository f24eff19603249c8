/**
 * Named experiment set-ups shared by the lessons and the sandbox. Each is a full, seeded
 * ExperimentConfig; lessons refer to them by id, and the sandbox lists them.
 */
import type {
  Activation,
  ExperimentConfig,
  LayerConfig,
  TargetId,
  TrainingConfig,
} from './engine/types';
import { originalInitializer } from './engine/types';

/** A hidden layer with the original sandbox's default initialization. */
export function hiddenLayer(
  units: number,
  activation: Activation,
  init: Partial<Pick<LayerConfig, 'weightInit' | 'biasInit' | 'activationParam'>> = {},
): LayerConfig {
  return {
    units,
    activation,
    weightInit: init.weightInit ?? originalInitializer('uniformTenth'),
    biasInit: init.biasInit ?? originalInitializer('uniformTenth'),
    ...(init.activationParam === undefined ? {} : { activationParam: init.activationParam }),
  };
}

/** The original sandbox's output neuron: sigmoid, weights uniform in [−1, 1]; we add a bias. */
export function outputLayer(activation: Activation = 'sigmoid', bias = true): LayerConfig {
  return {
    units: 1,
    activation,
    weightInit: originalInitializer('uniformOne'),
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
      'Hidden layers of 64 and 32 leaky ReLU neurons learning the “fancy sine” (the original sandbox’s “fancy sine thing”) at learning rate 0.15. One change: the output neuron has a bias, which the original’s lacked (untick “Output bias” to match it exactly).',
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
          hiddenLayer(12, 'tanh', {
            weightInit: originalInitializer('uniformOne'),
            biasInit: originalInitializer('uniformOne'),
          }),
          hiddenLayer(8, 'tanh', {
            weightInit: originalInitializer('uniformOne'),
            biasInit: originalInitializer('uniformOne'),
          }),
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
  // The sandbox's own presets: each shows something the original could not.
  {
    id: 'tiny-xor',
    title: 'Eight neurons solve xor',
    description:
      'Two layers of 4 tanh neurons with Xavier weights and Adam: the smallest kind of network that can carve xor’s four squares.',
    config: () => ({
      ...experiment(
        [4, 4].map((n) => hiddenLayer(n, 'tanh', { weightInit: { kind: 'xavierUniform' } })),
        'xor',
        0.01,
        3,
      ),
      training: {
        ...sgdTraining(0.01),
        optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      },
    }),
  },
  {
    id: 'overfitting',
    title: 'Overfitting a small training set',
    description:
      'A big ReLU network on only 60 noisy examples: the training loss falls towards zero while the test loss stalls far above it.',
    config: () => ({
      ...experiment(
        [64, 64].map((n) =>
          hiddenLayer(n, 'relu', {
            weightInit: { kind: 'heUniform' },
            biasInit: { kind: 'constant', value: 0 },
          }),
        ),
        'fancySine',
        0.003,
        1,
      ),
      training: {
        ...sgdTraining(0.003),
        optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      },
      data: {
        target: { kind: 'builtin', id: 'fancySine' },
        mode: { kind: 'fixed', trainSize: 60, testSize: 500, noise: 0.1 },
      },
    }),
  },
  {
    id: 'cosine-decay',
    title: 'Lowering the learning rate',
    description:
      'The original default network with a cosine schedule from 0.3 down to 0.005 over 2 million examples: watch the rate axis and the loss settle lower.',
    config: () => ({
      ...experiment(
        [hiddenLayer(64, 'leakyRelu'), hiddenLayer(32, 'leakyRelu')],
        'fancySine',
        0.3,
        1,
      ),
      training: {
        ...sgdTraining(0.3),
        schedule: { kind: 'cosine', period: 2_000_000, min: 0.005 },
      },
    }),
  },
  {
    id: 'deep-spiral',
    title: 'A deep net winds a spiral',
    description:
      'Four layers of 16 tanh neurons with Adam learn the spiral arm by arm; look at how the layers’ responses grow more curved.',
    config: () => ({
      ...experiment(
        [16, 16, 16, 16].map((n) =>
          hiddenLayer(n, 'tanh', {
            weightInit: { kind: 'xavierUniform' },
            biasInit: { kind: 'constant', value: 0 },
          }),
        ),
        'spiral',
        0.005,
        1,
      ),
      training: {
        ...sgdTraining(0.005),
        optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      },
    }),
  },
];

export function presetById(id: string): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset)
    throw new Error(`Unknown preset “${id}”. Known: ${PRESETS.map((p) => p.id).join(', ')}`);
  return preset;
}
