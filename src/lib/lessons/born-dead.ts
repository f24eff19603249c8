/**
 * The born-dead survey (Lu, Shin, Su & Karniadakis, arXiv 1903.06733): initialize many deep,
 * narrow networks and count those whose output is already constant over the whole input square
 * before any training. Such a network is "born dead": every gradient that reaches its early
 * layers is zero, so training cannot bring it back.
 *
 * Framework-free; runs on any EngineApi (the worker calls it in the browser, the replay test in
 * Node). Trials use seeds 1…trials, so the same survey always gives the same counts.
 */
import type { EngineApi } from '../engine/api';
import type { Activation, ExperimentConfig, Initializer, LayerConfig } from '../engine/types';

export interface BornDeadRequest {
  widths: number[];
  /** Hidden layers per network. */
  depth: number;
  trials: number;
  activation: Activation;
  weightInit: Initializer;
  biasInit: Initializer;
}

export interface BornDeadRow {
  width: number;
  trials: number;
  /** Networks whose output is constant over the square at initialization. */
  bornDead: number;
  /** bornDead / trials. */
  share: number;
}

/** Grid on which constancy is checked (both edges included). */
const GRID = 16;

export function bornDeadConfig(
  request: BornDeadRequest,
  width: number,
  seed: number,
): ExperimentConfig {
  const layer: LayerConfig = {
    units: width,
    activation: request.activation,
    weightInit: request.weightInit,
    biasInit: request.biasInit,
  };
  return {
    network: {
      hidden: Array.from({ length: request.depth }, () => ({ ...layer })),
      // A linear output, so a constant response can only come from the hidden layers.
      output: {
        units: 1,
        activation: 'identity',
        weightInit: request.weightInit,
        biasInit: { kind: 'constant', value: 0 },
      },
      fastMath: false,
    },
    training: {
      loss: { kind: 'mse' },
      optimizer: { kind: 'sgd' },
      batchSize: 1,
      learningRate: 0.01,
      schedule: { kind: 'constant' },
      warmupExamples: 0,
      l1: 0,
      l2: 0,
    },
    data: { target: { kind: 'builtin', id: 'fancySine' }, mode: { kind: 'fresh' } },
    seed,
  };
}

/** True when the network's output does not vary over the input square. */
export function isConstant(output: ArrayLike<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < output.length; i++) {
    const v = output[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= 1e-7 * Math.max(1, Math.abs(max));
}

export function bornDeadSurvey(engine: EngineApi, request: BornDeadRequest): BornDeadRow[] {
  return request.widths.map((width) => {
    let bornDead = 0;
    for (let seed = 1; seed <= request.trials; seed++) {
      engine.configure(bornDeadConfig(request, width, seed));
      if (isConstant(engine.evaluate(GRID, 0).output)) bornDead++;
    }
    return { width, trials: request.trials, bornDead, share: bornDead / request.trials };
  });
}
