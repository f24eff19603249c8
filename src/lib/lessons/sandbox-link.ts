/**
 * "Open in the sandbox": the link that carries an experiment's exact configuration (network,
 * training settings as changed live, target and seed) into the sandbox, through the sandbox's own
 * URL encoder, so the sandbox rebuilds the same network from the same seed.
 */
import type { ExperimentConfig, TrainingConfig } from '../engine/types';
import { encodeState, fromExperiment } from '../sandbox/settings';

export function sandboxHref(
  config: ExperimentConfig,
  training: Partial<TrainingConfig> = {},
): string {
  const merged: ExperimentConfig = { ...config, training: { ...config.training, ...training } };
  return `/sandbox/#${encodeState(fromExperiment(merged))}`;
}
