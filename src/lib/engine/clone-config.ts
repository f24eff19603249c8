import type { ExperimentConfig } from './types';

/**
 * A deep copy of a configuration, through JSON: it also copies a Solid store's proxy (which
 * structuredClone refuses), and a grid target's Float32Array becomes a plain array.
 */
export function cloneConfig(config: ExperimentConfig): ExperimentConfig {
  return JSON.parse(
    JSON.stringify(config, (key, value) =>
      key === 'values' && ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value,
    ),
  ) as ExperimentConfig;
}
