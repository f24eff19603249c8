/**
 * From a script's `load` action to a full, seeded ExperimentConfig: the preset's configuration
 * with the action's overrides applied. Pure: the same action always gives the same configuration.
 */
import type { ExperimentConfig, LayerConfig } from '../engine/types';
import { presetById } from '../presets';
import type { Overrides } from './schema';

export function buildConfig(presetId: string, overrides: Overrides = {}): ExperimentConfig {
  const base = presetById(presetId).config();
  const template: LayerConfig = base.network.hidden[0] ?? {
    units: 8,
    activation: 'relu',
    weightInit: { kind: 'uniform', min: -0.1, max: 0.1 },
    biasInit: { kind: 'uniform', min: -0.1, max: 0.1 },
  };
  let hidden: LayerConfig[] = overrides.hidden
    ? overrides.hidden.map((units, i) => ({ ...(base.network.hidden[i] ?? template), units }))
    : base.network.hidden.map((layer) => ({ ...layer }));
  hidden = hidden.map((layer, i) => {
    const activation = overrides.activations?.[i] ?? overrides.activation ?? layer.activation;
    const next: LayerConfig = {
      ...layer,
      activation,
      weightInit: overrides.weightInit ?? layer.weightInit,
      biasInit: overrides.biasInit ?? layer.biasInit,
    };
    return next;
  });
  return {
    network: {
      hidden,
      output: overrides.outputActivation
        ? { ...base.network.output, activation: overrides.outputActivation }
        : base.network.output,
      fastMath: overrides.fastMath ?? base.network.fastMath,
    },
    training: {
      ...base.training,
      learningRate: overrides.learningRate ?? base.training.learningRate,
      schedule: overrides.schedule ?? base.training.schedule,
    },
    data: overrides.target
      ? { ...base.data, target: { kind: 'builtin', id: overrides.target } }
      : base.data,
    seed: overrides.seed ?? base.seed,
  };
}

/** Total hidden neurons of a configuration (the denominator of "k of N neurons are dead"). */
export function hiddenNeurons(config: ExperimentConfig): number {
  return config.network.hidden.reduce((sum, layer) => sum + layer.units, 0);
}
