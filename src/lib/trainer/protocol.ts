/**
 * The typed protocol between the UI and the trainer worker. Commands go down (configure, reset,
 * train, play, pause, …); snapshots come up, at a bounded rate, with their grids transferred
 * (not copied). Both sides import this file; nothing in it touches the DOM or the engine.
 */
import type { EngineApi } from '../engine/api';
import type { LayerParams, NeuronStat, TrainReport } from '../engine/types';
import type { BornDeadRequest, BornDeadRow } from '../lessons/born-dead';

/** The worker posts `{ heartbeat: time }` this often, outside Comlink, so the UI can tell it is alive. */
export const HEARTBEAT_MS = 500;

/**
 * A heartbeat may carry `quietMs`: the worker is reading a test loss over a large set on a large
 * network, and may be silent for up to that long. The UI's watchdog waits that much longer before
 * it calls the worker dead. Such beats come as the reading starts and every quarter of a second
 * while it goes on, with how many of its points are read.
 */
export type Heartbeat = { heartbeat: number } | ({ heartbeat: number } & LongReading);

/** How far a long test-loss reading has got (TrainerCore's `onLongReading`). */
export interface LongReading {
  /** The silence the rest of the reading may take, ms. */
  quietMs: number;
  /** Points read so far… */
  done: number;
  /** …of this many. */
  testPoints: number;
}

/** What the UI wants drawn: the sizes of the grids each snapshot carries. */
export interface ViewRequest {
  /** Resolution of the network-response grid (2–256). */
  resolution: number;
  /** Resolution of every neuron's thumbnail (0 = none, up to 64). */
  thumbResolution: number;
  /** Compute the held-out test loss with each snapshot. */
  testLoss: boolean;
  /** Compute dead/alive statistics of every neuron with each snapshot (costs one 32×32 pass). */
  neuronStats: boolean;
  /**
   * Minimum time between two snapshots while training, ms (default: the trainer's own, 45).
   * The sandbox asks for 30 so its plots refresh well over 20 times a second.
   */
  publishIntervalMs?: number;
}

export const DEFAULT_VIEW: ViewRequest = {
  resolution: 64,
  thumbResolution: 0,
  testLoss: true,
  neuronStats: false,
};

/**
 * One point of the loss curve: a bucket of training examples (`loss-history.ts` says where buckets
 * end). Its ends depend only on the examples seen, never on the machine's speed.
 */
export interface LossPoint {
  /** Examples seen at the bucket's end. */
  examples: number;
  /** Examples in the bucket: it covers examples − count + 1 … examples. */
  count: number;
  /** Mean training loss over the bucket's examples, each taken before the update it led to. */
  trainLoss: number;
  /**
   * The test loss read at the bucket's end, or NaN: read 16 times per doubling of the examples
   * seen and wherever a job or pause ends a bucket early (`readsTestLoss` in loss-history.ts),
   * when the view asks for a test loss.
   */
  testLoss: number;
  /** The learning rate of the bucket's last step (EngineApi.lastLearningRate). */
  learningRate: number;
}

/** Where the worker is: idle, training a fixed number of examples, or running until paused. */
export type TrainerStatus = 'idle' | 'training' | 'running' | 'diverged';

/** A picture of the trainer at one moment, published while training and after every command. */
export interface TrainerSnapshot {
  /** Increases by one with every snapshot; lets the UI drop stale ones. */
  sequence: number;
  /**
   * Which loss curve `history` continues: it changes at every configure, reset and restore, after
   * which the curve starts again from nothing (the page may put back a restored state's own).
   */
  curve: number;
  status: TrainerStatus;
  simd: boolean;
  examplesSeen: number;
  /**
   * The learning rate of the last step (a finished run's last rate), or the next step's before
   * any step and after a change (EngineApi.lastLearningRate).
   */
  learningRate: number;
  /**
   * Mean training loss over the latest closed loss-curve buckets that hold at least 1,000
   * examples (all of them if fewer): by examples, so the same commands show the same number.
   * NaN before any training.
   */
  trainLoss: number;
  testLoss: number;
  /** Training throughput measured over the last slices, examples per second of wall time. */
  examplesPerSecond: number;
  /** Progress of the current `train(n)` job, or null. */
  job: null | { done: number; total: number };
  /** Loss-curve buckets completed since the previous snapshot. */
  history: LossPoint[];
  /** Neurons per layer, output layer last. */
  layerSizes: number[];
  resolution: number;
  output: Float32Array;
  target: Float32Array;
  thumbResolution: number;
  /** Every neuron's thumbnail, layer by layer, neuron by neuron, or null. */
  neurons: Float32Array | null;
  neuronStats: NeuronStat[] | null;
  /**
   * Per layer, output layer last: the norm of the weight gradient of the last step trained (of
   * the last step before the divergence, after one); zeros before any training.
   */
  gradientNorms: number[];
  diverged: TrainReport['diverged'];
}

/**
 * The engine verbs the worker passes straight through (see `EngineApi` for their contracts);
 * `configure`, `reset`, `setParams`, `restore` and `trainOn` also publish a snapshot afterwards,
 * and `setTraining` and `setFastMath` do when the trainer is idle (a running job publishes on its
 * own; `setTraining` also after a divergence).
 */
type PassThrough = Pick<
  EngineApi,
  | 'configure'
  | 'reset'
  | 'setTraining'
  | 'setFastMath'
  | 'neuron'
  | 'neuronValuesAt'
  | 'neuronStats'
  | 'getParams'
  | 'setParams'
  | 'snapshot'
  | 'testLoss'
  | 'trainOn'
  | 'dataSets'
>;

/** The worker's API, as the UI sees it through Comlink (every method returns a Promise there). */
export interface TrainerApi extends PassThrough {
  /**
   * EngineApi.restore, then a new curve. `past`, the loss curve that led to the state (the page
   * keeps it), gives the snapshots' training loss at once: without it the loss reads NaN until
   * the next 1,000 examples. Its last RECENT_EXAMPLES points are plenty (each holds at least one
   * example).
   */
  restore(state: Uint8Array, past?: readonly LossPoint[]): void;
  /**
   * The weights, the full state (EngineApi.snapshot) and the examples seen, taken together:
   * between two separate calls a running job trains on, and they would not match. With
   * `params: false` the weights are left out (`params` is then empty): the state holds them.
   */
  saveState(options?: { params?: boolean }): {
    params: LayerParams[];
    snapshot: Uint8Array;
    examplesSeen: number;
  };
  /** Load the engine (SIMD when the browser has it, unless `forceScalar`). */
  init(options?: { forceScalar?: boolean }): Promise<{ simd: boolean }>;
  /** Register the function that receives snapshots. */
  subscribe(listener: (snapshot: TrainerSnapshot) => void): void;
  setView(view: Partial<ViewRequest>): void;
  /** Train `examples` more examples in slices; resolves when done, paused or diverged. */
  train(examples: number): Promise<TrainReport>;
  /** Train until paused. */
  play(): void;
  pause(): void;
  /** Publish a fresh snapshot now. */
  refresh(): void;
  /** Bare snapshots (the response only) while a speed measurement runs (TrainerCore.setMeasuring). */
  setMeasuring(measuring: boolean): void;
  /**
   * The lessons' born-dead survey (`src/lib/lessons/born-dead.ts`): initializes many networks in
   * this worker's engine, so the network it held is gone afterwards (configure again).
   */
  bornDeadSurvey(request: BornDeadRequest): BornDeadRow[];
}
