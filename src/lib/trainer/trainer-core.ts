/**
 * The trainer: owns one engine and trains it in short slices, so commands (pause, a new learning
 * rate, a request for a neuron's plot) are served between slices and the UI never waits behind a
 * long blocking call. Snapshots are published at a bounded rate. Framework-free and
 * worker-agnostic: the worker wraps it with Comlink, and Node tests drive it directly.
 */
import type { EngineApi } from '../engine/api';
import { checkExamples } from '../engine/engine';
import { FRESH_TEST_POINTS, MAX_RESOLUTION, MAX_THUMB, testPointsOf } from '../engine/limits';
import type { ExperimentConfig, LayerParams, TrainingConfig, TrainReport } from '../engine/types';
import { layerSizesOf, weightCount } from '../network-size';
import { bucketEnd, bucketSize, bucketUnit, readsTestLoss, RECENT_EXAMPLES } from './loss-history';
import {
  DEFAULT_VIEW,
  type LongReading,
  type LossPoint,
  type TrainerSnapshot,
  type TrainerStatus,
  type ViewRequest,
} from './protocol';

export interface TrainerOptions {
  /** Target wall time of one training slice, ms. Short enough to keep commands responsive. */
  sliceMs?: number;
  /** Minimum time between two published snapshots while training, ms. */
  publishIntervalMs?: number;
  /** Yield to the event loop between slices (the worker passes a MessageChannel-based yield). */
  yieldToEvents?: () => Promise<void>;
  now?: () => number;
  /**
   * Told as a test-loss reading that may keep the trainer busy for over a second starts, and
   * every READING_REPORT_MS while it goes on: a generous bound on how long the rest of it takes
   * in ms (the worker tells the UI's watchdog, which the reading would otherwise silence), how
   * many points are read so far, and of how many.
   */
  onLongReading?: (reading: LongReading) => void;
}

/** How often a long test-loss reading says how far it has got, ms. */
export const READING_REPORT_MS = 250;

/**
 * Multiply-adds per ms that a long call's bound assumes: a slow device on the scalar build
 * (about a fifth of what the scalar build does here), so that the bound is not too short.
 */
const SLOW_MAC_PER_MS = 2.5e5;

const defaultYield = (): Promise<void> =>
  new Promise((resolve) => {
    // A MessageChannel round trip is not clamped to 4 ms the way nested timers are.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });

export class TrainerCore {
  private view: ViewRequest = { ...DEFAULT_VIEW };
  private measuring = false;
  private status: TrainerStatus = 'idle';
  private sequence = 0;
  private lastPublish = -Infinity;
  private listener: ((s: TrainerSnapshot) => void) | null = null;
  /** Loss-curve buckets completed since the last snapshot. */
  private pendingHistory: LossPoint[] = [];
  /** The open bucket: examples seen at its start, the loss summed over its examples, how many. */
  private bucketFrom = 0;
  private bucketSum = 0;
  private bucketCount = 0;
  /**
   * The last test-loss reading and the state it was read in: the examples seen and `version`,
   * which every command that can change the network or its data bumps (the same examples seen can
   * be another network after an import, or other outputs after a switch to exact maths).
   */
  private testReading = { examples: -1, version: -1, value: Number.NaN };
  private version = 0;
  /** Which curve the snapshots continue: a new one at every configure, reset and restore. */
  private curve = 0;
  /** Time spent reading the test loss, ms: taken out of a slice's time, which measures training. */
  private readingMs = 0;
  /** The latest closed buckets, newest last, covering at least RECENT_EXAMPLES: `trainLoss`. */
  private recent: { count: number; sum: number }[] = [];
  /** Neurons per layer, output last: set by `configure` and `restore`, not recomputed per snapshot. */
  private layerSizes: number[] = [];
  /**
   * The batch size in force: every slice but a job's last is a whole number of batches, so the
   * batches (and so the numbers) do not depend on how fast the machine is.
   */
  private batchSize = 1;
  /** The points the test loss is read on, and a generous bound on a reading's time (ms). */
  private testPoints = FRESH_TEST_POINTS;
  private readingBoundMs = 0;
  /** The loss function in force, as JSON: a setTraining that changes it empties `recent`. */
  private lossKey = '';
  private slice = 64;
  private rate = 0;
  private job: null | { done: number; total: number } = null;
  /** Bumped by every command that must stop the current loop (pause, configure, reset, restore). */
  private generation = 0;
  private diverged: TrainReport['diverged'] = null;
  private readonly sliceMs: number;
  private readonly publishIntervalMs: number;
  private readonly yieldToEvents: () => Promise<void>;
  private readonly now: () => number;
  private readonly onLongReading: (reading: LongReading) => void;

  constructor(
    readonly engine: EngineApi,
    options: TrainerOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? 12;
    this.publishIntervalMs = options.publishIntervalMs ?? 45;
    this.yieldToEvents = options.yieldToEvents ?? defaultYield;
    this.now = options.now ?? (() => performance.now());
    this.onLongReading = options.onLongReading ?? (() => {});
  }

  subscribe(listener: (snapshot: TrainerSnapshot) => void): void {
    this.listener = listener;
  }

  /** Checked here, so that a bad view fails at the call instead of in a later publish. */
  setView(view: Partial<ViewRequest>): void {
    const next = { ...this.view, ...view };
    const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
    if (!int(next.resolution, 2, MAX_RESOLUTION))
      throw new RangeError(
        `setView: resolution must be an integer in 2…${MAX_RESOLUTION} (got ${next.resolution})`,
      );
    if (!int(next.thumbResolution, 0, MAX_THUMB) || next.thumbResolution === 1)
      throw new RangeError(
        `setView: thumbResolution must be 0 or an integer in 2…${MAX_THUMB} (got ${next.thumbResolution})`,
      );
    const ms = next.publishIntervalMs;
    if (ms !== undefined && !(ms >= 0 && ms <= 60_000))
      throw new RangeError(`setView: publishIntervalMs must be in 0…60000 (got ${ms})`);
    this.view = next;
  }

  // configure, reset and restore call the engine first: one it refuses changes nothing, so a run
  // it would have stopped goes on (stopped first, it ended with no snapshot to say so).
  configure(config: ExperimentConfig): void {
    this.engine.configure(config);
    this.stop();
    this.version++;
    this.adopt(config);
    this.clearProgress();
    this.publish();
  }

  /** What the trainer keeps of the network the engine now holds (configure, restore). */
  private adopt(config: ExperimentConfig): void {
    this.layerSizes = layerSizesOf(config.network);
    this.batchSize = config.training.batchSize;
    this.testPoints = testPointsOf(config);
    this.readingBoundMs = (this.testPoints * weightCount(this.layerSizes)) / SLOW_MAC_PER_MS;
    this.lossKey = JSON.stringify(config.training.loss);
  }

  reset(seed?: number): void {
    this.engine.reset(seed);
    this.stop();
    this.version++;
    this.clearProgress();
    this.publish();
  }

  setTraining(training: Partial<TrainingConfig>): void {
    this.engine.setTraining(training);
    this.version++;
    // Another loss function: the shown training loss starts again rather than mix the two. (The
    // sandbox sends every training setting at each edit, the rate slider at each step of a drag:
    // the same loss again is no change, and the comparison takes no copy of the configuration.)
    if (training.loss !== undefined) {
      const key = JSON.stringify(training.loss);
      if (key !== this.lossKey) this.recent = [];
      this.lossKey = key;
    }
    if (training.batchSize !== undefined) this.batchSize = training.batchSize;
    if (this.status === 'idle' || this.status === 'diverged') this.publish();
  }

  setFastMath(fast: boolean): void {
    this.engine.setFastMath(fast);
    this.version++;
    if (this.status === 'idle') this.publish();
  }

  /** New weights and biases (an imported network); a snapshot follows. */
  setParams(params: LayerParams[]): void {
    this.engine.setParams(params);
    this.version++;
    this.publish();
  }

  /**
   * For callers that changed the engine behind the trainer's back (the born-dead survey
   * configures other networks in it): readings taken before are stale.
   */
  engineChanged(): void {
    this.version++;
  }

  /** See TrainerApi.restore: `past` is the curve that led to `state`. */
  restore(state: Uint8Array, past: readonly LossPoint[] = []): void {
    this.engine.restore(state);
    this.stop();
    this.version++;
    // The engine reconfigures itself when the snapshot holds another network: read its sizes back.
    this.adopt(this.engine.currentConfig);
    this.clearProgress();
    // The training loss of the points the page kept, as if their buckets had just closed.
    const seen = this.engine.examplesSeen;
    // Every point holds at least one example: the last RECENT_EXAMPLES cover the window.
    for (const p of past.slice(-RECENT_EXAMPLES))
      if (p.examples <= seen && p.count > 0 && Number.isFinite(p.trainLoss))
        this.keepRecent(p.count, p.trainLoss * p.count);
    this.publish();
  }

  pause(): void {
    if (this.status === 'training' || this.status === 'running') {
      this.stop();
      this.closeBucket(true);
      this.publish();
    }
  }

  /** Train until paused. */
  play(): void {
    if (this.status === 'running') return;
    // Nobody awaits an endless run: an engine error ends it (run resets the status) and is logged.
    this.run(Infinity).catch((e: unknown) => console.error('trainer: training stopped:', e));
  }

  /** Train `examples` more examples; resolves with what was done. */
  train(examples: number): Promise<TrainReport> {
    if (!(examples >= 1) || !Number.isFinite(examples)) {
      throw new RangeError(`train: examples must be a positive finite number, got ${examples}`);
    }
    return this.run(Math.floor(examples));
  }

  refresh(): void {
    this.publish();
  }

  /**
   * While a speed measurement runs on this trainer, its snapshots carry the network's response
   * only: no test loss, no neuron pictures or statistics. Those are worked out in the same worker
   * between training slices, and the measurement would time them with the training: for a layer
   * of 256 GCU neurons they took two thirds of the time (a lesson measured 250,000 examples/s
   * with the exact cosine, where the engine trains 760,000).
   */
  setMeasuring(measuring: boolean): void {
    this.measuring = measuring;
  }

  /** The view in force: the one asked for, or its bare minimum while measuring. */
  private get shown(): ViewRequest {
    return this.measuring
      ? { ...this.view, thumbResolution: 0, testLoss: false, neuronStats: false }
      : this.view;
  }

  /**
   * Train on explicit examples (small sets: XOR's corners), in calls that stop at the loss curve's
   * bucket ends as `train` does (whole batches from the set's start, so the batches are the same
   * as in one call); its loss joins the curve.
   */
  trainOn(inputs: Float32Array, targets: Float32Array): TrainReport {
    // The whole set is checked first: the parts would each be checked only when trained.
    checkExamples(inputs, targets, 'trainOn');
    this.stop();
    this.version++;
    let at = 0;
    const report = this.trainInBuckets(targets.length, targets.length, (m) => {
      const r = this.engine.trainOn(
        inputs.subarray(2 * at, 2 * (at + m)),
        targets.subarray(at, at + m),
      );
      at += r.examples;
      return r;
    });
    this.closeBucket(true);
    this.diverged = report.diverged;
    this.status = report.diverged ? 'diverged' : 'idle';
    this.publish();
    return report;
  }

  private stop(): void {
    this.generation++;
    this.status = this.diverged ? 'diverged' : 'idle';
    this.job = null;
  }

  private clearProgress(): void {
    this.pendingHistory = [];
    this.bucketFrom = this.engine.examplesSeen;
    this.bucketSum = 0;
    this.bucketCount = 0;
    this.testReading = { examples: -1, version: -1, value: Number.NaN };
    this.recent = [];
    this.curve++;
    this.diverged = null;
    this.status = 'idle';
    this.rate = 0;
  }

  private async run(total: number): Promise<TrainReport> {
    this.stop();
    const generation = this.generation;
    try {
      return await this.runSlices(total, generation);
    } catch (e) {
      // An engine error (not configured, out of memory) must not leave the trainer "running",
      // which would turn every later play() into a no-op, nor the page showing it: say so.
      if (generation === this.generation) {
        this.stop();
        try {
          this.publish();
        } catch {
          /* the engine cannot even describe itself: the error thrown below says enough */
        }
      }
      throw e;
    }
  }

  private async runSlices(total: number, generation: number): Promise<TrainReport> {
    this.diverged = null;
    this.status = Number.isFinite(total) ? 'training' : 'running';
    this.job = Number.isFinite(total) ? { done: 0, total } : null;
    let done = 0;
    let lossSum = 0;
    let lossCount = 0;
    while (generation === this.generation && done < total) {
      // Whole batches: the engine trains a remainder as a smaller batch of its own.
      const batches = Math.max(1, Math.floor(this.slice / this.batchSize));
      const n = Math.min(batches * this.batchSize, total - done);
      const t0 = this.now();
      const read0 = this.readingMs;
      const report = this.trainInBuckets(n, total - done, (m) => this.engine.train(m));
      const dt = this.now() - t0 - (this.readingMs - read0);
      done += report.examples;
      if (report.examples > 0 && Number.isFinite(report.loss)) {
        lossSum += report.loss * report.examples;
        lossCount += report.examples;
      }
      if (this.job) this.job.done = done;
      this.adaptSlice(report.examples, dt);
      if (report.diverged) {
        this.diverged = report.diverged;
        this.status = 'diverged';
        this.job = null;
        this.closeBucket(true);
        this.publish();
        return { ...report, examples: done, loss: lossCount ? lossSum / lossCount : Number.NaN };
      }
      if (this.now() - this.lastPublish >= (this.view.publishIntervalMs ?? this.publishIntervalMs))
        this.publish();
      await this.yieldToEvents();
    }
    const finished = generation === this.generation;
    if (finished) {
      this.status = 'idle';
      this.job = null;
      this.closeBucket(true);
      this.publish();
    }
    // This job's examples: a reset or another job may have changed examplesSeen since it began.
    return {
      examples: done,
      examplesSeen: this.engine.examplesSeen,
      loss: lossCount ? lossSum / lossCount : Number.NaN,
      learningRate: this.engine.learningRate,
      diverged: null,
    };
  }

  /** Grow or shrink the slice so one slice takes about `sliceMs`. */
  private adaptSlice(examples: number, dt: number): void {
    if (examples <= 0) return;
    const perMs = examples / Math.max(dt, 0.05);
    // Exponential moving average of throughput, in examples per second.
    this.rate = this.rate === 0 ? perMs * 1000 : 0.8 * this.rate + 0.2 * perMs * 1000;
    const ideal = Math.round(perMs * this.sliceMs);
    this.slice = Math.max(1, Math.min(1_000_000, Math.round(0.5 * this.slice + 0.5 * ideal)));
  }

  /**
   * Train about `n` examples (at most `limit`) by `call`, in calls that stop at the loss curve's
   * bucket ends, so a bucket's mean covers exactly its examples however the work was sliced. A
   * call is whole batches (a bucket end off a batch boundary closes at the first one after it);
   * only a job's last call may be a smaller batch. The slice runs on to the end of the bucket it
   * is in when that at most doubles it. One report for the whole slice.
   */
  private trainInBuckets(n: number, limit: number, call: (m: number) => TrainReport): TrainReport {
    const engine = this.engine;
    const b = this.batchSize;
    let done = 0;
    let lossSum = 0;
    let lossCount = 0;
    let last: TrainReport | null = null;
    while (done < n) {
      const end = bucketEnd(this.bucketFrom, bucketUnit(b));
      const toEnd = Math.max(b, Math.ceil((end - engine.examplesSeen) / b) * b);
      const want = done + toEnd <= Math.min(2 * n, limit) ? toEnd : Math.min(toEnd, n - done);
      last = call(want);
      done += last.examples;
      if (last.examples > 0 && Number.isFinite(last.loss)) {
        lossSum += last.loss * last.examples;
        lossCount += last.examples;
      }
      // The job's last call ends its bucket (with a test-loss reading) wherever it stops.
      this.account(last, done >= limit);
      if (last.diverged || last.examples === 0) break;
    }
    return {
      examples: done,
      examplesSeen: engine.examplesSeen,
      loss: lossCount ? lossSum / lossCount : Number.NaN,
      learningRate: engine.learningRate,
      diverged: last?.diverged ?? null,
    };
  }

  /**
   * Add a call's loss to the open bucket, and close the bucket once the examples seen reach its
   * end, or early where the job ends.
   */
  private account(report: TrainReport, jobEnd: boolean): void {
    if (report.examples > 0 && Number.isFinite(report.loss)) {
      this.bucketSum += report.loss * report.examples;
      this.bucketCount += report.examples;
    }
    if (
      jobEnd ||
      this.engine.examplesSeen >= bucketEnd(this.bucketFrom, bucketUnit(this.batchSize))
    )
      this.closeBucket(jobEnd);
  }

  /**
   * End the open bucket: at its end (`early` false), or where a job ends, a pause or a divergence
   * stops training, or an explicit set was trained (`early`), so the curve reaches the last
   * example; the next bucket then runs to the next end of the schedule. The test loss is read at
   * the schedule's points (`readsTestLoss`: 16 per doubling) and at every early end: by
   * examples, never by time, so the same commands give the same readings.
   */
  private closeBucket(early: boolean): void {
    const seen = this.engine.examplesSeen;
    if (this.bucketCount > 0) {
      const unit = bucketUnit(this.batchSize);
      const size = bucketSize(this.bucketFrom, unit);
      const read = this.shown.testLoss && (early || readsTestLoss(seen, size, unit));
      this.pendingHistory.push({
        examples: seen,
        count: this.bucketCount,
        trainLoss: this.bucketSum / this.bucketCount,
        testLoss: read ? this.readTestLoss() : Number.NaN,
        learningRate: this.engine.lastLearningRate,
      });
      this.keepRecent(this.bucketCount, this.bucketSum);
    }
    this.bucketFrom = seen;
    this.bucketSum = 0;
    this.bucketCount = 0;
  }

  /**
   * A closed bucket (`count` examples, losses summing to `sum`) joins the window the snapshots'
   * training loss is the mean of: the latest buckets holding at least RECENT_EXAMPLES.
   */
  private keepRecent(count: number, sum: number): void {
    this.recent.push({ count, sum });
    let covered = 0;
    for (const r of this.recent) covered += r.count;
    while (this.recent.length > 1 && covered - this.recent[0].count >= RECENT_EXAMPLES)
      covered -= this.recent.shift()!.count;
  }

  /**
   * The test loss of the engine's current state, read once per state. A reading that may take
   * over a second goes in parts, and says how far it has got (`onLongReading`) as it goes.
   */
  private readTestLoss(): number {
    const seen = this.engine.examplesSeen;
    const r = this.testReading;
    if (r.examples !== seen || r.version !== this.version) {
      const t0 = this.now();
      let value: number;
      if (this.readingBoundMs > 1000) {
        // Each report allows the silence the rest of the reading may take, not the whole again.
        const bound = this.readingBoundMs;
        const testPoints = this.testPoints;
        const tell = (done: number) =>
          this.onLongReading({
            quietMs: Math.ceil((bound * (testPoints - done)) / testPoints),
            done,
            testPoints,
          });
        tell(0);
        let told = t0;
        value = this.engine.testLoss((done, total) => {
          const now = this.now();
          if (done < total && now - told >= READING_REPORT_MS) {
            told = now;
            tell(done);
          }
        });
      } else value = this.engine.testLoss();
      this.testReading = { examples: seen, version: this.version, value };
      this.readingMs += this.now() - t0;
    }
    return this.testReading.value;
  }

  private publish(): void {
    this.lastPublish = this.now();
    const engine = this.engine;
    let sum = 0;
    let count = 0;
    for (const r of this.recent) {
      sum += r.sum;
      count += r.count;
    }
    const trainLoss = count > 0 ? sum / count : Number.NaN;
    const view = this.shown;
    const testLoss = view.testLoss ? this.readTestLoss() : Number.NaN;
    const grids = engine.evaluate(view.resolution, view.thumbResolution);
    const snapshot: TrainerSnapshot = {
      sequence: ++this.sequence,
      curve: this.curve,
      status: this.status,
      simd: engine.simd,
      examplesSeen: engine.examplesSeen,
      learningRate: engine.lastLearningRate,
      trainLoss,
      testLoss,
      // Only while training: a stopped trainer (at rest, or stopped by a divergence) trains none.
      examplesPerSecond: this.status === 'training' || this.status === 'running' ? this.rate : 0,
      job: this.job ? { ...this.job } : null,
      history: this.pendingHistory,
      layerSizes: this.layerSizes,
      resolution: view.resolution,
      output: grids.output,
      target: grids.target,
      thumbResolution: view.thumbResolution,
      neurons: grids.neurons,
      neuronStats: view.neuronStats ? engine.neuronStats(32) : null,
      gradientNorms: engine.gradientNorms(),
      diverged: this.diverged,
    };
    this.pendingHistory = [];
    this.listener?.(snapshot);
  }
}

/** The buffers of a snapshot that can be transferred rather than copied. */
export function snapshotTransferables(snapshot: TrainerSnapshot): ArrayBuffer[] {
  const list = [snapshot.output.buffer, snapshot.target.buffer];
  if (snapshot.neurons) list.push(snapshot.neurons.buffer);
  return list.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
