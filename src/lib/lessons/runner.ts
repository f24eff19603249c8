/**
 * The step runner: plays a script's actions on one or two networks, evaluates each checkpoint's
 * metric, and saves the full state of every network at each checkpoint so the reader can go back.
 *
 * Framework-free and transport-free: it drives `NetworkBackend`s, which the island implements on
 * top of trainer workers (`fromTrainer`) and the replay test on top of the engine in Node
 * (`fromEngine`). The same script, with the same seeds, therefore gives the same numbers in both.
 */
import type { LossPoint } from '../trainer/protocol';
import type { EngineApi } from '../engine/api';
import type { ExperimentConfig, NeuronStat, TrainingConfig, TrainReport } from '../engine/types';
import { formatCount, formatLoss } from '../format';
import { signRegions } from '../plots/regions';
import { firesNowhere } from '../neuron-state';
import { bornDeadSurvey, type BornDeadRequest, type BornDeadRow } from './born-dead';
import { buildConfig, hiddenNeurons } from './config';
import type { Action, Check, MetricCheck, NetworkId, Script, Step } from './schema';

/** What the runner needs from one network. Every call may be asynchronous (a worker) or not (Node). */
export interface NetworkBackend {
  configure(config: ExperimentConfig): Promise<void>;
  setTraining(training: Partial<TrainingConfig>): Promise<void>;
  /** Train up to `examples`; may stop early when paused (the runner then waits and resumes). */
  train(examples: number): Promise<TrainReport>;
  trainOn(inputs: Float32Array, targets: Float32Array): Promise<TrainReport>;
  testLoss(): Promise<number>;
  neuronStats(): Promise<NeuronStat[]>;
  /** One neuron's output on an R×R grid (`EngineApi.neuron`). */
  neuron(layer: number, index: number, resolution: number): Promise<Float32Array>;
  /** The network's output (last layer) at one input point. */
  outputAt(a: number, b: number): Promise<number>;
  snapshot(): Promise<Uint8Array>;
  restore(state: Uint8Array): Promise<void>;
  bornDead(request: BornDeadRequest): Promise<BornDeadRow[]>;
  /**
   * Told before a speed measurement's timings and after them, so that whatever else the backend
   * does while it trains (a worker's plots) is not timed with the training.
   */
  measuring?(on: boolean): Promise<void>;
}

/** A point a network was trained on by itself, with its label. */
export interface TrainedPoint {
  a: number;
  b: number;
  target: number;
}

/** The network behind a backend, as the runner last configured it. */
export interface NetworkInfo {
  config: ExperimentConfig | null;
  /** Shown under the network's plots. */
  label: string;
  /** Set when the last training stopped on NaN/Infinity. */
  diverged: TrainReport['diverged'];
  /** Live training changes made since the load (for "open in the sandbox"). */
  training: Partial<TrainingConfig>;
  /**
   * The explicit points (`trainOn`: XOR's four corners) it was trained on since the load, if any
   * (empty: none). Drawn on its response; and the sandbox draws its examples from the whole
   * square, so a link cannot repeat that. Always set, so that a page merging the info into its
   * store drops an old value.
   */
  trainedOn: TrainedPoint[];
}

/**
 * The points network `id` has been trained on by themselves (`trainOn`) after step `step` of
 * `script`: the last `trainOn`'s since its last load (empty: none).
 */
export function trainedOnAt(script: Script, step: number, id: NetworkId): TrainedPoint[] {
  let points: TrainedPoint[] = [];
  for (const { actions } of script.steps.slice(0, step + 1))
    for (const action of actions) {
      if (action.do === 'load' && action.network === id) points = [];
      if (action.do === 'trainOn' && action.network === id) points = pointsOf(action);
    }
  return points;
}

/** A `trainOn` action's points, copied (not the script's own objects). */
function pointsOf(action: Extract<Action, { do: 'trainOn' }>): TrainedPoint[] {
  return action.points.map(({ a, b, target }) => ({ a, b, target }));
}

/** A network with nothing configured on it (yet, or any more). */
function blankNetwork(): NetworkInfo {
  return { config: null, label: '', diverged: null, training: {}, trainedOn: [] };
}

export interface CheckResult {
  passed: boolean;
  /** Measured values, by placeholder name: `value` always; `total`, `a`, `b` for some metrics. */
  values: Record<string, string>;
  /** The raw number behind `value` (a count, a loss, a share), for tests and reports. */
  raw: number;
}

export interface BenchmarkRow {
  label: string;
  examplesPerSecond: number;
}

/**
 * How far a step's work on a borrowed engine has got, for the page's progress bar: its snapshots
 * are not the network's (network A's panel keeps showing A), and a survey sends none, so they
 * cannot say it. `done` of `total` parts:
 * - a survey's widths, `trials` networks each; the one under way is `width` neurons wide;
 * - a measurement's timings, each of `examples`; the one under way is variant `variant` (from 1)
 *   of `variants` in round `round` of `rounds`, and `label` names it.
 */
export type WorkProgress = { done: number; total: number } & (
  | { kind: 'survey'; width: number; trials: number }
  | {
      kind: 'measurement';
      label: string;
      variant: number;
      variants: number;
      round: number;
      rounds: number;
      examples: number;
    }
);

interface SavedNetwork {
  info: NetworkInfo;
  state: Uint8Array | null;
  /** The page's loss curve of the network at the checkpoint, when it gives one to `save`. */
  curve?: LossPoint[];
}

export interface SavedCheckpoint {
  step: number;
  networks: Partial<Record<NetworkId, SavedNetwork>>;
  survey: BornDeadRow[] | null;
  benchmark: BenchmarkRow[] | null;
  result: CheckResult | null;
}

export interface RunnerHooks {
  /** Called before each action runs. */
  onAction?: (step: number, action: number, what: Action) => void;
  /** Called after any network is (re)configured or restored. */
  onNetworkChange?: (network: NetworkId, info: NetworkInfo) => void;
  /**
   * Network A's engine is lent to a survey or a measurement (`'lend'`, before it is used) and
   * then gets its network back (`'return'`, before the restore): the page keeps its curve.
   */
  onBorrow?: (network: NetworkId, phase: 'lend' | 'return') => void;
  onSurvey?: (rows: BornDeadRow[]) => void;
  onBenchmark?: (rows: BenchmarkRow[]) => void;
  /**
   * After each part of a train action's training of a network (one job, or one chunk of paced
   * training): the examples the network had seen when that training began, and how many of
   * `total` are done. Exact where snapshots are not: the page may see none of the first chunks.
   */
  onTrain?: (network: NetworkId, progress: { from: number; done: number; total: number }) => void;
  /** Before each part of a survey or a measurement, and once more when it is done (`done` = `total`). */
  onWork?: (work: WorkProgress) => void;
  /** After the saved checkpoints change (saved, remembered, forgotten): the steps saved, in order. */
  onCheckpoints?: (steps: number[]) => void;
  now?: () => number;
  /** When given, `train` actions with a `pace` are slowed to it by sleeping between chunks (the page). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How many hidden neurons (layers below `hidden`, the output excluded) are dead (output and
 * gradient 0 over the whole square) or silent (output never above 0: a ReLU or leaky ReLU neuron
 * that fires nowhere), in every hidden layer or in `layer` alone. The checkpoints count with it,
 * and so do the panels beside them.
 */
export function countNeurons(
  stats: readonly NeuronStat[],
  hidden: number,
  kind: 'dead' | 'silent',
  layer?: number,
): number {
  return stats.filter(
    (s) =>
      s.layer < hidden &&
      (layer === undefined || s.layer === layer) &&
      (kind === 'dead' ? s.dead : firesNowhere(s)),
  ).length;
}

export class CancelledError extends Error {
  constructor() {
    super('The step was cancelled.');
    this.name = 'CancelledError';
  }
}

/** Fill `{name}` placeholders with measured values. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** 0.51 → "51%"; shares under 1% keep one decimal (0.004 → "0.4%") so they do not read as none. */
export function percent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return share > 0 && share < 0.01 ? `${(share * 100).toFixed(1)}%` : `${Math.round(share * 100)}%`;
}

export class LessonRunner {
  readonly networks: Record<NetworkId, NetworkInfo>;
  survey: BornDeadRow[] | null = null;
  benchmark: BenchmarkRow[] | null = null;
  private saved = new Map<number, SavedCheckpoint>();
  private generation = 0;
  private gate: Promise<void> = Promise.resolve();
  private openGate: (() => void) | null = null;

  constructor(
    readonly script: Script,
    private backends: Partial<Record<NetworkId, NetworkBackend>>,
    private readonly hooks: RunnerHooks = {},
  ) {
    this.networks = { a: blankNetwork(), b: blankNetwork() };
  }

  /**
   * Carry on with new backends after the old ones died (a crashed or killed worker): whatever was
   * running is cancelled, the networks are blank again, and the saved checkpoints are kept, so the
   * caller can `restore` the latest one into the new trainers.
   */
  reattach(backends: Partial<Record<NetworkId, NetworkBackend>>): void {
    this.cancel();
    this.backends = backends;
    for (const id of this.script.networks) {
      this.networks[id] = blankNetwork();
    }
  }

  private backend(id: NetworkId): NetworkBackend {
    const backend = this.backends[id];
    if (!backend)
      throw new Error(`Script “${this.script.id}” uses network “${id}”, which has no trainer.`);
    return backend;
  }

  /** Stop between actions (and between training slices) until `resume`. Training already requested is paused by the caller. */
  hold(): void {
    if (this.openGate) return;
    this.gate = new Promise((resolve) => {
      this.openGate = () => {
        this.openGate = null;
        resolve();
      };
    });
  }

  resume(): void {
    this.openGate?.();
  }

  get held(): boolean {
    return this.openGate !== null;
  }

  /** Abandon the step that is running (its promise rejects with CancelledError). */
  cancel(): void {
    this.generation++;
    this.resume();
  }

  /** Run step `index`'s actions, then evaluate its checkpoint (reader checks come back unmet). */
  async runStep(index: number): Promise<CheckResult | null> {
    const step = this.script.steps[index];
    const generation = ++this.generation;
    const live = async () => {
      await this.gate;
      if (generation !== this.generation) throw new CancelledError();
    };
    for (let i = 0; i < step.actions.length; i++) {
      await live();
      this.hooks.onAction?.(index, i, step.actions[i]);
      await this.perform(step.actions[i], live);
    }
    await live();
    return this.evaluate(step);
  }

  private async perform(action: Action, live: () => Promise<void>): Promise<void> {
    switch (action.do) {
      case 'load': {
        const config = buildConfig(action.preset, action.overrides);
        await this.backend(action.network).configure(config);
        this.networks[action.network] = {
          config,
          label: action.label ?? '',
          diverged: null,
          training: {},
          trainedOn: [],
        };
        this.hooks.onNetworkChange?.(action.network, this.networks[action.network]);
        return;
      }
      case 'set': {
        const change: Partial<TrainingConfig> = {};
        if (action.learningRate !== undefined) change.learningRate = action.learningRate;
        if (action.schedule !== undefined) change.schedule = action.schedule;
        await this.changeTraining(action.network, change);
        return;
      }
      case 'train':
        await Promise.all(
          action.networks.map((id) => this.trainFully(id, action.examples, live, action.pace)),
        );
        return;
      case 'trainOn': {
        const n = action.points.length * action.repeat;
        const inputs = new Float32Array(2 * n);
        const targets = new Float32Array(n);
        for (let r = 0, k = 0; r < action.repeat; r++) {
          for (const p of action.points) {
            inputs[2 * k] = p.a;
            inputs[2 * k + 1] = p.b;
            targets[k++] = p.target;
          }
        }
        const report = await this.backend(action.network).trainOn(inputs, targets);
        const info = this.networks[action.network];
        info.diverged = report.diverged;
        const points = pointsOf(action);
        if (JSON.stringify(info.trainedOn) !== JSON.stringify(points)) {
          info.trainedOn = points;
          this.hooks.onNetworkChange?.(action.network, info);
        }
        return;
      }
      case 'bornDead': {
        const request: BornDeadRequest = {
          widths: action.widths,
          depth: action.depth,
          trials: action.trials,
          activation: action.activation,
          weightInit: action.weightInit,
          biasInit: action.biasInit,
        };
        const work = (done: number): WorkProgress => ({
          kind: 'survey',
          done,
          total: action.widths.length,
          width: action.widths[Math.min(done, action.widths.length - 1)],
          trials: action.trials,
        });
        this.survey = await this.borrowingNetworkA(async (backend) => {
          // A width at a time, so the page can say how far it has got (a survey sends no
          // snapshots) and a pause takes hold between widths. Each width's networks have seeds
          // 1…trials, so the rows are those of one survey of every width.
          const rows: BornDeadRow[] = [];
          for (const [k, width] of action.widths.entries()) {
            await live();
            this.hooks.onWork?.(work(k));
            rows.push(...(await backend.bornDead({ ...request, widths: [width] })));
          }
          this.hooks.onWork?.(work(action.widths.length));
          return rows;
        });
        this.hooks.onSurvey?.(this.survey);
        return;
      }
      case 'benchmark': {
        const now = this.hooks.now ?? (() => performance.now());
        const rows = await this.borrowingNetworkA(async (backend) => {
          const measured: BenchmarkRow[] = action.variants.map((v) => ({
            label: v.label,
            examplesPerSecond: 0,
          }));
          const variants = action.variants.length;
          const work = (done: number, k: number, round: number): WorkProgress => ({
            kind: 'measurement',
            done,
            total: action.rounds * variants,
            label: action.variants[k].label,
            variant: k + 1,
            variants,
            round: round + 1,
            rounds: action.rounds,
            examples: action.examples,
          });
          await backend.measuring?.(true);
          try {
            // Interleaved rounds, best kept: a slow moment (the page drawing, another tab) then
            // costs one timing of one variant, not the comparison.
            for (let round = 0; round < action.rounds; round++) {
              for (const [k, variant] of action.variants.entries()) {
                await live();
                this.hooks.onWork?.(work(round * variants + k, k, round));
                const config = buildConfig(action.preset, {
                  hidden: action.hidden,
                  activation: variant.activation,
                  fastMath: variant.fastMath,
                });
                await backend.configure(config);
                // A short warm-up so the engine's first-call costs are not measured.
                await backend.train(Math.min(2000, action.examples));
                const t0 = now();
                await this.trainFully('a', action.examples, live);
                const seconds = Math.max(1e-6, (now() - t0) / 1000);
                const rate = action.examples / seconds;
                if (rate > measured[k].examplesPerSecond) measured[k].examplesPerSecond = rate;
              }
            }
          } finally {
            await backend.measuring?.(false);
          }
          this.hooks.onWork?.(work(action.rounds * variants, variants - 1, action.rounds - 1));
          return measured;
        });
        this.benchmark = rows;
        this.hooks.onBenchmark?.(rows);
        return;
      }
    }
  }

  /**
   * Change a network's training settings live (a script's `set`, the reader lowering the rate):
   * kept with the network, so its checkpoints and its sandbox link carry them.
   */
  async changeTraining(id: NetworkId, change: Partial<TrainingConfig>): Promise<void> {
    await this.backend(id).setTraining(change);
    const info = this.networks[id];
    info.training = { ...info.training, ...change };
    this.hooks.onNetworkChange?.(id, info);
  }

  /**
   * Run `use` on network A's engine (the survey and the measurement borrow it), then put A's
   * network back as it was: its snapshot holds its configuration, live changes included.
   */
  private async borrowingNetworkA<T>(use: (backend: NetworkBackend) => Promise<T>): Promise<T> {
    const backend = this.backend('a');
    const kept = this.networks.a.config ? await backend.snapshot() : null;
    if (kept) this.hooks.onBorrow?.('a', 'lend');
    const result = await use(backend);
    if (kept) {
      this.hooks.onBorrow?.('a', 'return');
      await backend.restore(kept);
      this.hooks.onNetworkChange?.('a', this.networks.a);
    } else {
      this.networks.a = blankNetwork();
    }
    return result;
  }

  /** Train exactly `examples` (resuming after pauses) unless training diverges. */
  private async trainFully(
    id: NetworkId,
    examples: number,
    live: () => Promise<void>,
    pace?: number,
  ): Promise<void> {
    const backend = this.backend(id);
    const sleep = this.hooks.sleep;
    // Paced: chunks of a tenth of a second's worth, with a pause after each.
    const chunk = pace && sleep ? Math.max(1, Math.round(pace / 10)) : Infinity;
    let remaining = examples;
    let from: number | null = null;
    this.networks[id].diverged = null;
    while (remaining > 0) {
      await live();
      const report = await backend.train(Math.min(remaining, chunk));
      from ??= report.examplesSeen - report.examples;
      this.hooks.onTrain?.(id, {
        from,
        done: examples - remaining + report.examples,
        total: examples,
      });
      if (chunk !== Infinity && sleep) await sleep(100);
      remaining -= report.examples;
      if (report.diverged) {
        this.networks[id].diverged = report.diverged;
        return;
      }
    }
  }

  /** Evaluate a step's check now. Reader checks are unmet here: the island ticks them. */
  async evaluate(step: Step): Promise<CheckResult | null> {
    const check: Check = step.checkpoint.check;
    if (!('metric' in check)) return null;
    return this.measure(check);
  }

  async measure(check: MetricCheck): Promise<CheckResult> {
    switch (check.metric) {
      case 'testLoss': {
        const loss = await this.backend(check.network).testLoss();
        return { passed: loss < check.below, raw: loss, values: { value: formatLoss(loss) } };
      }
      case 'deadNeurons':
      case 'silentNeurons': {
        const info = this.networks[check.network];
        const hidden = info.config?.network.hidden.length ?? 0;
        const stats = await this.backend(check.network).neuronStats();
        const dead = countNeurons(
          stats,
          hidden,
          check.metric === 'deadNeurons' ? 'dead' : 'silent',
          check.layer,
        );
        const passed =
          (check.atLeast === undefined || dead >= check.atLeast) &&
          (check.atMost === undefined || dead <= check.atMost);
        const total =
          check.layer !== undefined
            ? stats.filter((s) => s.layer === check.layer).length
            : info.config
              ? hiddenNeurons(info.config)
              : 0;
        return { passed, raw: dead, values: { value: String(dead), total: String(total) } };
      }
      case 'compareTestLoss': {
        const [a, b] = await Promise.all([
          this.backend(check.lower).testLoss(),
          this.backend(check.than).testLoss(),
        ]);
        const passed = Number.isFinite(a) && a < check.factor * (Number.isFinite(b) ? b : Infinity);
        return {
          passed,
          raw: a / b,
          values: { value: `${(b / a).toFixed(1)}×`, a: formatLoss(a), b: formatLoss(b) },
        };
      }
      case 'classifies': {
        const backend = this.backend(check.network);
        let right = 0;
        for (const p of check.points) {
          const y = await backend.outputAt(p.a, p.b);
          if (y > check.threshold === p.target > check.threshold) right++;
        }
        const n = check.points.length;
        const passed =
          (check.atLeast === undefined
            ? check.atMost !== undefined || right === n
            : right >= check.atLeast) &&
          (check.atMost === undefined || right <= check.atMost);
        return { passed, raw: right, values: { value: String(right), total: String(n) } };
      }
      case 'shapesByDepth': {
        // Sign regions per neuron (regions.ts), averaged over each hidden layer, on 32×32 grids.
        const hidden = this.networks[check.network].config?.network.hidden ?? [];
        const backend = this.backend(check.network);
        const means: number[] = [];
        for (let l = 0; l < hidden.length; l++) {
          // A layer's requests go out together: the worker answers them in order, with no
          // round trip's wait between them.
          const grids = await Promise.all(
            Array.from({ length: hidden[l].units }, (_, i) => backend.neuron(l, i, 32)),
          );
          let total = 0;
          for (const g of grids) {
            const r = signRegions(g, 32);
            total += r.pos + r.neg;
          }
          means.push(total / hidden[l].units);
        }
        const ratio = means.length > 1 ? means[means.length - 1] / means[0] : Number.NaN;
        return {
          passed: ratio >= check.atLeast,
          raw: ratio,
          values: {
            value: means.map((m) => m.toFixed(1)).join(', '),
            ratio: `${ratio.toFixed(1)}×`,
          },
        };
      }
      case 'bornDeadShare': {
        const rows = [...(this.survey ?? [])].sort((p, q) => p.width - q.width);
        const row = rows.find((r) => r.width === check.width);
        const share = row ? row.share : Number.NaN;
        const widest = rows[rows.length - 1];
        let passed = share > check.above;
        if (check.fallsWithWidth)
          passed &&=
            rows.every((r, k) => k === 0 || r.share <= rows[k - 1].share) &&
            widest.share < check.above;
        return {
          passed,
          raw: share,
          values: {
            value: percent(share),
            widest: widest ? percent(widest.share) : '',
            widestWidth: widest ? String(widest.width) : '',
          },
        };
      }
      case 'diverged': {
        const d = this.networks[check.network].diverged;
        return {
          passed: (d !== null) === check.expected,
          raw: d ? d.atExample : Number.NaN,
          values: { value: d ? formatCount(d.atExample) : 'never' },
        };
      }
    }
  }

  /** Save every network's full state as checkpoint `step`, with the page's loss curves if given. */
  async save(
    step: number,
    result: CheckResult | null,
    curves: Partial<Record<NetworkId, LossPoint[]>> = {},
  ): Promise<SavedCheckpoint> {
    const networks: SavedCheckpoint['networks'] = {};
    for (const id of this.script.networks) {
      const info = this.networks[id];
      const state = info.config ? await this.backend(id).snapshot() : null;
      networks[id] = { info: structuredClone(info), state, curve: curves[id] };
    }
    const saved: SavedCheckpoint = {
      step,
      networks,
      survey: this.survey,
      benchmark: this.benchmark,
      result,
    };
    this.saved.set(step, saved);
    this.checkpointsChanged();
    return saved;
  }

  private checkpointsChanged(): void {
    this.hooks.onCheckpoints?.([...this.saved.keys()].sort((p, q) => p - q));
  }

  savedCheckpoint(step: number): SavedCheckpoint | undefined {
    return this.saved.get(step);
  }

  /** Take back a checkpoint kept from an earlier visit (saved-checkpoints.ts), so it can be restored. */
  remember(checkpoint: SavedCheckpoint): void {
    this.saved.set(checkpoint.step, checkpoint);
    this.checkpointsChanged();
  }

  /** Drop the checkpoints after step `after` (−1: all of them). */
  forget(after: number): void {
    for (const key of [...this.saved.keys()]) if (key > after) this.saved.delete(key);
    this.checkpointsChanged();
  }

  /**
   * Put the networks back as they were before step 1: none loaded (the engines keep what they
   * held, unused until a load), no survey or measurement, and no checkpoint saved.
   */
  restoreStart(): void {
    this.cancel();
    for (const id of this.script.networks) {
      this.networks[id] = blankNetwork();
      this.hooks.onNetworkChange?.(id, this.networks[id]);
    }
    this.survey = null;
    this.benchmark = null;
    this.forget(-1);
  }

  /** Put every network back as it was at checkpoint `step`. */
  async restore(step: number): Promise<void> {
    const saved = this.saved.get(step);
    if (!saved) throw new Error(`No checkpoint saved for step ${step + 1}.`);
    this.cancel();
    for (const id of this.script.networks) {
      const net = saved.networks[id];
      if (!net?.info.config || !net.state) {
        // Not loaded yet at that checkpoint: it is not loaded now either. Said even when the
        // runner holds no network for it (after a reattach), since the page may still show one.
        this.networks[id] = blankNetwork();
        this.hooks.onNetworkChange?.(id, this.networks[id]);
        continue;
      }
      // The snapshot holds the network's configuration, live changes included.
      await this.backend(id).restore(net.state);
      // The points it was trained on are the script's, up to this step (a kept checkpoint's
      // fingerprint vouches for those actions): not read from the record, which a version before
      // `trainedOn` kept as a count (`pointsOnly`).
      const { pointsOnly: _count, ...info } = structuredClone(net.info) as NetworkInfo & {
        pointsOnly?: number;
      };
      this.networks[id] = { ...info, trainedOn: trainedOnAt(this.script, step, id) };
      this.hooks.onNetworkChange?.(id, this.networks[id]);
    }
    this.survey = saved.survey;
    this.benchmark = saved.benchmark;
    // Checkpoints after this one no longer describe the networks.
    this.forget(step);
  }
}

/** A backend on a bare engine (Node tests and the benchmark). */
export function fromEngine(engine: EngineApi): NetworkBackend {
  return {
    configure: async (config) => engine.configure(config),
    setTraining: async (training) => engine.setTraining(training),
    train: async (examples) => engine.train(examples),
    trainOn: async (inputs, targets) => engine.trainOn(inputs, targets),
    testLoss: async () => engine.testLoss(),
    neuronStats: async () => engine.neuronStats(64),
    neuron: async (layer, index, resolution) => engine.neuron(layer, index, resolution),
    outputAt: async (a, b) => {
      const layers = engine.neuronValuesAt(a, b);
      return layers[layers.length - 1][0];
    },
    snapshot: async () => engine.snapshot(),
    restore: async (state) => engine.restore(state),
    bornDead: async (request) => bornDeadSurvey(engine, request),
  };
}

/**
 * The script's first action of kind `kind` (its survey, its measurement), if it has one. Here,
 * not in schema.ts: a page that imports a value from there ships zod with it.
 */
export function firstAction<K extends Action['do']>(
  script: Script,
  kind: K,
): Extract<Action, { do: K }> | undefined {
  for (const step of script.steps)
    for (const a of step.actions) if (a.do === kind) return a as Extract<Action, { do: K }>;
  return undefined;
}
