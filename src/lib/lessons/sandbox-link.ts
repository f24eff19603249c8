/**
 * "Open in the sandbox": the link that carries an experiment's exact configuration (network,
 * training settings as changed live, target and seed) into the sandbox, through the sandbox's own
 * encoder (`sandboxHref` in src/lib/sandbox/settings.ts), so it rebuilds the same network from
 * the same seed.
 */
import type { ExperimentConfig, TrainingConfig } from '../engine/types';
import { sandboxHref as encode } from '../sandbox/settings';

export function sandboxHref(
  config: ExperimentConfig,
  training: Partial<TrainingConfig> = {},
): string {
  return encode({ ...config, training: { ...config.training, ...training } });
}
