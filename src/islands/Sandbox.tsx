/**
 * The free-play sandbox: build any network, train it live in a worker, and see every neuron.
 * Wiring only: settings live in a store whose shape and URL encoding come from
 * `lib/sandbox/settings.ts`; the trainer worker publishes snapshots, which are drawn on animation
 * frames (training never waits for drawing); plots are framework-free classes from `lib/plots`.
 */
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
  untrack,
} from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { ExperimentConfig, LayerParams, NeuronStat, Target } from '../lib/engine/types';
import { countOf, formatCount, formatLoss, formatRate } from '../lib/format';
import { CALM_FRAME_MS, reducedMotion, scrollBehavior } from '../lib/motion';
import { FRESH_TEST_POINTS, testPointsOf } from '../lib/engine/limits';
import { weightCount } from '../lib/network-size';
import { MAX_EDGES } from '../lib/plots/edges';
import { outputDomain } from '../lib/plots/color';
import { LossChart } from '../lib/plots/loss-chart';
import LossLegend from './sandbox/LossLegend';
import PointLegend from './sandbox/PointLegend';
import Question from './sandbox/Question';
import {
  clearSession,
  loadSession,
  saveSession,
  type SavedSession,
} from '../lib/sandbox/saved-session';
import { pointScales, type NeuronRef } from '../lib/plots/neuron-grid';
import { PRESETS } from '../lib/presets';
import { ExpressionError, sampleExpression, tooFineNote } from '../lib/sandbox/expression';
import { exportNetwork, importNetwork } from '../lib/sandbox/network-file';
import {
  asBuilt,
  clampTyped,
  decodeState,
  encodeState,
  fromExperiment,
  liveSettingsOf,
  networkIdentity,
  rebuildKey,
  setting,
  strictNumber,
  toExperiment,
  trainingOf,
  type NumberSetting,
  type SandboxState,
} from '../lib/sandbox/settings';
import { deadLayersOf, stuckNote } from '../lib/sandbox/stuck';
import { neuronResolution, viewFor } from '../lib/sandbox/view-budget';
import { RECENT_EXAMPLES } from '../lib/trainer/loss-history';
import { makeTrainer, type Trainer } from '../lib/trainer/client';
import type { LossPoint, TrainerSnapshot } from '../lib/trainer/protocol';
import { SANDBOX_TAGLINE, SCALAR_ENGINE_NOTE } from './sandbox/copy';
import NetworkBuilder from './sandbox/NetworkBuilder';
import NeuronDetail from './sandbox/NeuronDetail';
import NeuronGrid from './sandbox/NeuronGrid';
import { nextTask } from './sandbox/next-task';
import { LiveNote } from './sandbox/Fields';
import { DataPanel, TrainingPanel } from './sandbox/Panels';
import ResponseView from './sandbox/ResponseView';
import './sandbox/sandbox.css';

const TRAIN_STEPS = [1, 1_000, 100_000, 1_000_000];

/** How long typing must pause before a typed function's too-fine check runs. */
const TOO_FINE_PAUSE_MS = 300;

/** The largest share of the main thread the plots' drawing may take while training (draw). */
const DRAW_SHARE = 0.4;

/** The longest a link followed from the sandbox waits for the network to be saved. */
const LEAVE_SAVE_MS = 2000;

/**
 * The page's parts in the order they are mounted, one task each after the header (see
 * `mountInSteps`): building the whole island at once took one task of 350 ms on a throttled
 * phone, during which the page ignores the reader. The order is the page's top-to-bottom order on
 * a phone (run and plots first, then the settings) and each part only adds below the ones
 * before it, so nothing already on screen moves.
 */
const PARTS = [
  'run',
  'response',
  'loss',
  'graph',
  'neurons',
  'network',
  'training',
  'data',
] as const;
type Part = (typeof PARTS)[number];

type Checkpoint = { bytes: Uint8Array; examples: number };

/**
 * Whether a URL fragment is a place on the page (the skip link's "#main"), not settings: it holds
 * no setting (no '=') and names an element. Read as settings, it reset the network to the defaults
 * with a notice about an unknown setting.
 */
function isPlaceOnPage(hash: string): boolean {
  const name = hash.replace(/^#/, '');
  if (!name || name.includes('=')) return false;
  try {
    return document.getElementById(decodeURIComponent(name)) !== null;
  } catch {
    return false; // not valid percent-encoding: not an element's id either
  }
}

export default function Sandbox() {
  const initial = decodeState(isPlaceOnPage(location.hash) ? '' : location.hash);
  const [state, setState] = createStore<SandboxState>(initial.state);
  const [notices, setNotices] = createSignal<string[]>(initial.notices);
  const [snapshot, setSnapshot] = createSignal<TrainerSnapshot | null>(null);
  const [graphSnapshot, setGraphSnapshot] = createSignal<TrainerSnapshot | null>(null);
  const [ready, setReady] = createSignal(false);
  const [workerError, setWorkerError] = createSignal('');
  const [actionError, setActionError] = createSignal('');
  const [fileMessage, setFileMessage] = createSignal('');
  /** A network trained here before a reload, offered back when the link's settings match. */
  const [resumable, setResumable] = createSignal<SavedSession | null>(null);
  /** Examples of the network last kept in the browser (tests wait on it before a reload). */
  const [savedExamples, setSavedExamples] = createSignal(0);
  /** The settings it was last kept with (tests wait on it too). */
  const [savedSettings, setSavedSettings] = createSignal('');
  const [trainPoints, setTrainPoints] = createSignal<Float32Array | null>(null);
  /** The browser's saved session has been looked at (tests wait on it). */
  const [sessionChecked, setSessionChecked] = createSignal(false);
  /** A replacement of the trained network waiting for the reader's yes (confirmReplace). */
  const [pendingReplace, setPendingReplace] = createSignal<{
    what: string;
    trained: number;
    replace: () => unknown;
    keep?: () => unknown;
    /** The control that raised it (focus goes to the question, then back there). */
    from?: HTMLElement;
  } | null>(null);
  /**
   * The network in the trainer: the settings it was built from (a copy, not the store), with
   * their rebuild key and seed, which the edited settings are compared with.
   */
  const [applied, setApplied] = createSignal<{
    key: string;
    seed: number;
    settings: SandboxState;
  } | null>(null);
  /**
   * The engine is ready and holds a network: not when the link's typed function could not be
   * read, where the page waits for it to be fixed (and every engine call would fail).
   */
  const built = () => ready() && applied() !== null;
  const apply = (settings: SandboxState) => {
    setApplied({
      key: rebuildKey(settings),
      seed: settings.seed,
      settings: structuredClone(unwrap(settings)),
    });
    // An offer of a saved network is for the network it was saved as: another one built (a
    // rebuild, a file) ends it.
    if (resumable()?.network !== networkIdentity(unwrap(settings))) setResumable(null);
  };
  /**
   * The preset last loaded, with the settings' hash it loaded: its name and what to look for are
   * shown until the settings change.
   */
  const [presetShown, setPresetShown] = createSignal<{
    title: string;
    description: string;
    hash: string;
  } | null>(null);
  const [selected, setSelected] = createSignal<NeuronRef | null>(null);
  const [neuronGrid, setNeuronGrid] = createSignal<{
    values: Float32Array;
    resolution: number;
  } | null>(null);
  // Weights are fetched again after every snapshot at rest; the same values must not redraw the
  // network graph's thousands of edges.
  const [params, setParams] = createSignal<LayerParams[] | null>(null, { equals: sameParams });
  const [point, setPoint] = createSignal<[number, number] | null>(null);
  const [pointValues, setPointValues] = createSignal<Float32Array[] | null>(null);
  const [graphMode, setGraphMode] = createSignal<'response' | 'point'>('response');
  const [checkpoint, setCheckpoint] = createSignal<Checkpoint | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [liveTestLoss, setLiveTestLoss] = createSignal(true);
  const [copied, setCopied] = createSignal('');
  const [partsShown, setPartsShown] = createSignal(0);
  const shown = (part: Part) => partsShown() > PARTS.indexOf(part);
  /** Neurons per layer of the running network (output last), or of the settings before it runs. */
  const layerSizes = () => snapshot()?.layerSizes ?? [...state.layers.map((l) => l.units), 1];

  let trainer: Trainer | null = null;
  /** Points the applied network's test loss evaluates (view-budget.ts). */
  let testPoints = FRESH_TEST_POINTS;
  let history: LossPoint[] = [];
  let pending: TrainerSnapshot | null = null;
  /** The newest snapshot received, drawn or not (the drawn one, `snapshot()`, can lag a frame). */
  let latest: TrainerSnapshot | null = null;
  let frame = 0;
  let chart: LossChart | null = null;
  let lastChart = 0;
  let lastGraph = 0;
  /** What the last frame's drawing took, and the graph's last refresh, in ms (see draw). */
  let drawCost = 0;
  let graphCost = 0;
  /** The wait before the next frame, while training, until the frame gap is over (see draw). */
  let frameWait: ReturnType<typeof setTimeout> | undefined;
  let lastDetail = 0;
  let lastParams = 0;
  let lastPoint = 0;
  let lastCheckpoint = 0;
  /** Saves since training last started (the first comes sooner than the rest). */
  let periodicSaves = 0;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let detailInFlight = false;
  /** Plot frames drawn, and when the last was. */
  let frames = 0;
  let lastDrawn = -Infinity;
  let rootEl!: HTMLDivElement;

  // ─── the custom target ───
  const custom = createMemo(() => {
    if (state.target !== 'custom')
      return { grid: undefined as Target | undefined, error: '', note: '', check: undefined };
    try {
      const t = sampleExpression(state.expression);
      return {
        grid: { kind: 'grid', size: t.size, values: t.values } as Target,
        error: '',
        note: t.outOfRange ?? '',
        check: { source: state.expression, sampled: t },
      };
    } catch (e) {
      const message =
        e instanceof ExpressionError ? e.message : `The function could not be read (${String(e)}).`;
      return { grid: undefined, error: message, note: '', check: undefined };
    }
  });
  /**
   * The too-fine note, worked out once typing pauses: it evaluates the function twice as often
   * again as the sampling does (10–25 ms here), which each keystroke should not wait for. It
   * keeps the last function's note until then, and goes at once with an error or another target.
   */
  const [tooFine, setTooFine] = createSignal('');
  let tooFineTimer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    const check = custom().check;
    clearTimeout(tooFineTimer);
    if (!check) setTooFine('');
    else
      tooFineTimer = setTimeout(
        () => setTooFine(tooFineNote(check.source, check.sampled) ?? ''),
        TOO_FINE_PAUSE_MS,
      );
  });
  onCleanup(() => clearTimeout(tooFineTimer));

  // ─── what needs a rebuild ───
  const currentKey = createMemo(() => rebuildKey(state));
  const pendingRebuild = createMemo(() => {
    const a = applied();
    // No network built yet, the engine ready (the link's typed function could not be read):
    // every setting waits for "Apply and reset".
    if (!a) return ready();
    return a.key !== currentKey() || a.seed !== state.seed;
  });
  /** Which keys differ from the running network (for the "on reset" marks). */
  const pendingKeys = createMemo(() => {
    const a = applied();
    const out = new Set<string>();
    if (!a) return out;
    const was = JSON.parse(a.key) as Record<string, unknown>;
    const now = JSON.parse(currentKey()) as Record<string, unknown>;
    for (const k of Object.keys(now))
      if (JSON.stringify(was[k]) !== JSON.stringify(now[k])) out.add(k);
    if (a.seed !== state.seed) out.add('seed');
    return out;
  });
  const isPending = (key: string) => pendingKeys().has(key);

  // ─── snapshots → frames ───
  /**
   * At most one frame per animation frame; with reduced motion, at most one a second while
   * training (as the lessons do), so the plots do not flicker ~18 times a second. A snapshot at
   * rest (a pause, the end of a job) is drawn at once.
   */
  const draw = () => {
    frame = 0;
    const s = pending;
    if (!s) return;
    const now = performance.now();
    const settled = s.status !== 'running' && s.status !== 'training';
    // While training, a frame waits until the last one's drawing is at most DRAW_SHARE of the
    // time since it: on a slow phone drawing every frame took half the main thread, and each
    // tap waited a third of a second behind it. A fast machine still draws every frame.
    const gap = Math.max(reducedMotion() ? CALM_FRAME_MS : 0, drawCost / DRAW_SHARE);
    if (!settled && now - lastDrawn < gap) {
      // Back when the gap is over, not at every frame meanwhile (a second, with reduced motion).
      clearTimeout(frameWait);
      frameWait = setTimeout(
        () => {
          frame = requestAnimationFrame(draw);
        },
        gap - (now - lastDrawn),
      );
      frame = -1; // a frame is on its way: a snapshot meanwhile only replaces `pending`
      return;
    }
    pending = null;
    lastDrawn = now;
    frames++;
    // Counted for the smoothness benchmark (bench/page-smoothness.mjs) and the tests.
    rootEl.dataset.plotFrames = String(frames);
    setSnapshot(s);
    drawCost = performance.now() - now;
    // The network graph (hundreds of thumbnails and edges) refreshes ten times a second at most,
    // less where it costs more (as above), in a task of its own: with the response plot in the
    // same one, the first snapshot's drawing was one long task.
    if (settled || now - lastGraph > Math.max(100, graphCost / DRAW_SHARE)) {
      lastGraph = now;
      void nextTask().then(() => {
        const t = performance.now();
        setGraphSnapshot(s);
        graphCost = performance.now() - t;
      });
    }
    if (chart && (now - lastChart > 500 || settled)) {
      lastChart = now;
      chart.update(history, { now: { examples: s.examplesSeen, testLoss: s.testLoss } });
    }
    void refreshDetails(s, now);
  };

  /**
   * A long test-loss reading under way (the worker sends no snapshot meanwhile): the points read
   * and their total, shown only once it has gone on for a moment (most bounds are generous).
   */
  const [reading, setReading] = createSignal<{ done: number; total: number } | null>(null);
  let readingTimer: ReturnType<typeof setTimeout> | undefined;
  let readingShown = false;
  let readingNow = { done: 0, total: 0 };
  /** What the status line says of a reading: the same words from start to end, so said once. */
  const readingStatus = createMemo(() => {
    const total = reading()?.total;
    return total ? `Reading the test loss over ${formatCount(total)} points…` : '';
  });
  const endReading = () => {
    clearTimeout(readingTimer);
    readingShown = false;
    setReading(null);
  };
  const onLongReading = (done: number, total: number) => {
    readingNow = { done, total };
    if (readingShown) setReading(readingNow);
    else if (done === 0) {
      clearTimeout(readingTimer);
      readingTimer = setTimeout(() => {
        readingShown = true;
        setReading(readingNow);
      }, 400);
    }
  };
  const onSnapshot = (s: TrainerSnapshot) => {
    endReading(); // the snapshot comes after the reading

    // Buckets by examples (loss-history.ts): a few thousand points however long the run.
    if (s.history.length) history.push(...s.history);
    pending = s;
    latest = s;
    // A snapshot at rest (a pause, a job's end) is drawn at once, not after the frame gap.
    if (frame === -1 && s.status !== 'running' && s.status !== 'training') {
      clearTimeout(frameWait);
      frame = 0;
    }
    if (!frame) frame = requestAnimationFrame(draw);
  };

  /** Refresh what is fetched on demand: the selected neuron, weights, the picked point's values. */
  const refreshDetails = async (s: TrainerSnapshot, now: number) => {
    const remote = trainer?.remote;
    if (!remote) return;
    const training = s.status === 'running' || s.status === 'training';
    const sel = selected();
    if (sel && !detailInFlight && (!training || now - lastDetail > 150)) {
      lastDetail = now;
      detailInFlight = true;
      try {
        const resolution = neuronResolution(s.layerSizes, sel.layer);
        const values = await remote.neuron(sel.layer, sel.index, resolution);
        if (selected() === sel) setNeuronGrid({ values, resolution });
      } catch {
        /* the network changed under the request; the next frame asks again */
      } finally {
        detailInFlight = false;
      }
    }
    // Large networks' weights cost more to copy than they are worth while training (the graph
    // then draws only the selected neuron's edges): fetch them at rest only.
    if (
      (!training && now - lastParams > 100) ||
      (training && weightCount(s.layerSizes) <= 20_000 && now - lastParams > 400)
    ) {
      lastParams = now;
      try {
        setParams(await remote.getParams());
      } catch {
        /* as above */
      }
    }
    const p = point();
    if (p && graphMode() === 'point' && (!training || now - lastPoint > 200)) {
      lastPoint = now;
      try {
        setPointValues(await remote.neuronValuesAt(p[0], p[1]));
      } catch {
        /* as above */
      }
    }
    // While training (playing or a job), every few seconds: the first a second in, so that a
    // short run is kept too. Nothing runs as the page goes, so what these keep is what a reload
    // can offer back.
    const every = periodicSaves === 0 ? 1000 : 5000;
    if (
      (s.status === 'running' || s.status === 'training') &&
      now - lastCheckpoint > every &&
      !s.diverged
    ) {
      lastCheckpoint = now;
      periodicSaves++;
      try {
        // The state and its count together: the job trains on while the call waits its turn.
        const c = await checkpointNow();
        setCheckpoint(c);
        void persist(c);
      } catch {
        /* keep the previous checkpoint */
      }
    }
  };

  // ─── the trainer ───
  const start = async () => {
    trainer?.dispose();
    endReading();
    setReady(false);
    setWorkerError('');
    trainer = makeTrainer({
      onSnapshot,
      onLongReading,
      onError: (message) => {
        endReading();
        setWorkerError(message);
        setReady(false);
      },
    });
    try {
      await trainer.ready;
      await trainer.remote.setView(viewFor(layerSizes(), false));
      await rebuild();
      setReady(true);
      // The same network (its live settings, such as the rate, may have changed since).
      const saved = await loadSession(networkIdentity(unwrap(state)), (settings) =>
        networkIdentity(decodeState(settings).state),
      );
      if (saved) setResumable(saved);
      setSessionChecked(true);
    } catch (e) {
      setWorkerError(e instanceof Error ? e.message : String(e));
    }
  };

  /** Build the network from the edited settings (applies every pending change) at the seed. */
  const rebuild = async () => {
    if (!trainer) return;
    // What the status line said of the network before is not said of the next one.
    setSaid(null);
    const c = custom();
    if (state.target === 'custom' && !c.grid) {
      setActionError(
        'Your target function has an error (see Data); fix it or pick another target, then reset.',
      );
      return;
    }
    setActionError('');
    history = [];
    chart?.update(history);
    setCheckpoint(null);
    const config = toExperiment(unwrap(state), c.grid);
    // The output neuron is the last layer of the network as built: a selected output neuron stays
    // the output neuron in the new network (by its old index it would be a hidden neuron there).
    const builtHidden = layerSizes().length - 1;
    try {
      setLiveTestLoss(true);
      await trainer.remote.setView(viewFor([...state.layers.map((l) => l.units), 1], false));
      await configureTrainer(config);
      apply(state);
      const sel = selected();
      if (sel && sel.layer >= builtHidden) setSelected({ layer: state.layers.length, index: 0 });
      else if (
        sel &&
        (sel.layer >= state.layers.length || sel.index >= state.layers[sel.layer].units)
      ) {
        setSelected(null);
      }
      setNeuronGrid(null);
    } catch (e) {
      setActionError(
        `The network could not be built: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };

  const runAction = async (fn: () => Promise<unknown>) => {
    setActionError('');
    try {
      await fn();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
  };

  /** Build a network in the trainer; what its test loss costs goes with it (view-budget.ts). */
  const configureTrainer = async (config: ExperimentConfig) => {
    if (!trainer) return;
    await trainer.remote.configure(config);
    testPoints = testPointsOf(config);
    // A fixed training set is drawn over the response, so overfitting can be seen.
    setTrainPoints(
      config.data.mode.kind === 'fixed' ? (await trainer.remote.dataSets()).train : null,
    );
  };

  /** Every neuron's value at a picked point, for the graph's "value at one point" view. */
  const readValuesAt = ([a, b]: [number, number]) => {
    if (!built()) return;
    void trainer?.remote
      .neuronValuesAt(a, b)
      .then(setPointValues)
      .catch(() => undefined); // the trainer restarting: the next snapshot brings them
  };

  /** The trainer's full state with the examples it holds, taken in one call. */
  const checkpointNow = async (): Promise<Checkpoint> => {
    const saved = await trainer!.remote.saveState({ params: false });
    return { bytes: saved.snapshot, examples: saved.examplesSeen };
  };

  const saveCheckpoint = async () => {
    const s = snapshot();
    if (!trainer || !s || s.diverged) return;
    setCheckpoint(await checkpointNow());
    lastCheckpoint = performance.now();
    periodicSaves = 0;
  };

  /**
   * Keep the trained network in the browser (saved-session.ts), so a reload can offer it back:
   * after every job, on pause, when the page is hidden or a link is followed, and every few
   * seconds while training. Not while edits wait for a reset (the link then describes another
   * network than the one trained).
   */
  const persist = async (taken?: Checkpoint) => {
    if (!keepable()) return;
    try {
      const c = taken ?? (await checkpointNow());
      const settings = encodeState(unwrap(state));
      const saved = await saveSession({
        network: networkIdentity(unwrap(state)),
        settings,
        snapshot: c.bytes,
        examples: c.examples,
        history: history.filter((p) => p.examples <= c.examples),
        savedAt: Date.now(),
      });
      if (saved) {
        setSavedExamples(c.examples);
        setSavedSettings(settings);
      }
    } catch {
      /* storage full or blocked: the sandbox works on without it */
    }
  };

  /** Whether the trainer's network is one `persist` keeps: trained, finite, and the link's own. */
  function keepable(): boolean {
    // The trainer publishes before it answers, so after an awaited call `latest` is current.
    const s = latest;
    // Nor while a saved network of the same settings is offered back: it stays kept until the
    // reader chooses (a shorter run trained meanwhile overwrote a longer one without asking).
    return (
      !!trainer && !!s && !s.diverged && s.examplesSeen > 0 && !pendingRebuild() && !resumable()
    );
  }
  /** Whether it has trained past what the browser keeps of it. */
  const unsavedTraining = () =>
    keepable() &&
    (latest!.status === 'running' ||
      latest!.status === 'training' ||
      latest!.examplesSeen !== savedExamples());

  /**
   * While training, ask for a view the network's size can afford (see view-budget.ts); at rest,
   * for the full view, and publish it at once so the test loss and dead marks are current.
   */
  const useTrainingView = async (on: boolean) => {
    if (!trainer) return;
    const view = viewFor(layerSizes(), on, testPoints);
    setLiveTestLoss(view.testLoss);
    await trainer.remote.setView(view);
    if (!on) await trainer.remote.refresh();
  };

  /**
   * What the status line says once a job or a reset is over (it said "Training…" then "Paused.",
   * never the result): set once per job, cleared when training starts. An object, so that the
   * same words again (a second reset) are a new line, said again.
   */
  const [said, setSaid] = createSignal<{ text: string } | null>(null);
  /** A job has stopped and its result is being read: the status line still says "Training…". */
  const [jobEnding, setJobEnding] = createSignal(false);
  const train = (n: number) =>
    runAction(async () => {
      if (!trainer) return;
      setAppliedHere(false);
      setSaid(null);
      await saveCheckpoint();
      const from = latest?.examplesSeen ?? 0;
      setBusy(true);
      setJobEnding(true);
      try {
        try {
          await useTrainingView(true);
          await trainer.remote.train(n);
        } finally {
          setBusy(false);
          await useTrainingView(false);
          await persist();
        }
        // The trainer publishes before it answers: `latest` is the network at rest, its test
        // loss read in full. A diverged run says so in its own alert.
        const s = latest;
        if (s && !s.diverged) {
          const done = s.examplesSeen - from;
          const loss = `test loss ${formatLoss(s.testLoss)}`;
          setSaid({
            text:
              done < n
                ? `Stopped after ${formatCount(done)} of ${countOf(n, 'example')}: ${loss}.`
                : `Trained ${countOf(n, 'example')}: ${loss}.`,
          });
        }
      } finally {
        setJobEnding(false);
      }
    });
  const play = () =>
    runAction(async () => {
      setAppliedHere(false);
      setSaid(null);
      await saveCheckpoint();
      await useTrainingView(true);
      await trainer?.remote.play();
    });
  const pause = () =>
    runAction(async () => {
      await trainer?.remote.pause();
      await useTrainingView(false);
      await persist();
    });
  /** Take back the network saved before the reload, with its loss curve. */
  const resume = () =>
    runAction(async () => {
      const saved = resumable();
      if (!saved) return;
      // It goes on as it was trained: its rate, optimizer and the rest come back to the controls
      // (the link may have been opened without them, as the site's own "Sandbox" link is).
      const before = liveSettingsOf(unwrap(state));
      setState(liveSettingsOf(decodeState(saved.settings).state));
      const c = { bytes: saved.snapshot, examples: saved.examples };
      try {
        await restoreTo(c, saved.history);
      } catch (e) {
        // Not this engine's (another version of NN Lab saved it) or damaged: it would be offered
        // again at every visit and fail again, so it goes, and the controls are as they were.
        setState(before);
        setResumable(null);
        void clearSession(saved.network).then(() => setSavedExamples(-1));
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(
          `The network saved in your browser could not be read back (${
            /version/.test(why) ? 'it was saved by another version of NN Lab' : 'it is damaged'
          }), so it was removed. This one is as it was.`,
        );
      }
      setCheckpoint(c);
      setResumable(null);
      // Restoring stops a run that was going: the view at rest, as a pause gives.
      await useTrainingView(false);
    });
  /** Examples the network on the page has trained (the resume offer says what it would replace). */
  const trainedNow = () => stats()?.examplesSeen ?? 0;
  const startFresh = () => {
    const saved = resumable();
    setResumable(null);
    if (!saved) return;
    // Forgotten (under the key it was saved as: edits waiting for a reset make another), and the
    // network trained here since, if any, kept in its place.
    void clearSession(saved.network).then(() => {
      setSavedExamples(-1);
      return persist();
    });
  };
  /** Say that the network was rebuilt, if it was (a broken typed function leaves it waiting). */
  const sayReset = () => {
    if (applied() && !pendingRebuild()) setSaid({ text: `Network reset, seed ${state.seed}.` });
  };
  /** The visually hidden status line under the run bar. */
  const statusLine = () =>
    readingStatus() ||
    (!ready()
      ? 'Loading the engine…'
      : running()
        ? 'Training continuously.'
        : training() || jobEnding()
          ? 'Training…'
          : (said()?.text ?? 'Paused.'));
  const reset = () =>
    runAction(async () => {
      await rebuild();
      sayReset();
    });
  /** Reset from the settings' own bar (a phone's): it then offers the way back to the run bar. */
  const [appliedHere, setAppliedHere] = createSignal(false);
  createEffect(() => {
    if (pendingRebuild()) setAppliedHere(false);
  });
  const applyFromBar = async () => {
    await reset();
    // Built (not refused: a broken function leaves the edits waiting): the way back up, focused,
    // as the pressed button has gone.
    if (!applied() || pendingRebuild()) return;
    setAppliedHere(true);
    rootEl
      .querySelector<HTMLElement>('[data-testid="applied-settings"] button')
      ?.focus({ preventScroll: true });
  };
  const goToRun = () => {
    setAppliedHere(false);
    const play = rootEl.querySelector<HTMLElement>('[data-testid="play"]');
    const motion = scrollBehavior();
    rootEl.querySelector('.sb-run')?.scrollIntoView({ block: 'start', behavior: motion });
    play?.focus({ preventScroll: true });
  };
  const reseed = () =>
    runAction(async () => {
      setState('seed', (Math.random() * 2 ** 32) >>> 0);
      await rebuild();
      sayReset();
    });
  /**
   * Go back to checkpoint `c`: its weights, and the loss history `past` (the current one unless
   * given) up to the checkpoint's example count.
   */
  const restoreTo = async (c: Checkpoint, past = history) => {
    if (!trainer) return;
    setSaid(null);
    const kept = past.filter((p) => p.examples <= c.examples);
    await trainer.remote.restore(c.bytes, kept.slice(-RECENT_EXAMPLES));
    // Once the state is back (a snapshot that cannot be read leaves the curve as it was).
    history = kept;
    chart?.update(history);
    // The snapshot brings back the rate, optimizer and schedule it was taken under; the controls
    // may say otherwise since (a rate lowered after a divergence): they are what trains on.
    await trainer.remote.setTraining(trainingOf(unwrap(state)));
    await trainer.remote.setFastMath(state.fastMath);
  };
  /**
   * After a crash: a new worker, then the last checkpoint (taken when training last started) if
   * the network it belongs to is still the one the settings describe, so the reader's training,
   * and its loss curve up to the checkpoint, are not lost (the rebuild clears the history).
   */
  const restart = async () => {
    const saved = checkpoint();
    const sameNetwork = !pendingRebuild();
    const past = history;
    await start();
    if (!saved || !sameNetwork || !trainer || !ready()) return;
    await runAction(async () => {
      await restoreTo(saved, past);
      setCheckpoint(saved);
      setFileMessage(`Restarted at the last checkpoint (${formatCount(saved.examples)} examples).`);
    });
  };
  /** Restart from its button, which goes as the worker starts: focus Play once it can be pressed. */
  const restartAndFocus = async () => {
    await restart();
    if (built()) focusPlay();
    else rootEl.querySelector<HTMLElement>('[data-testid="restart"]')?.focus();
  };
  const restoreCheckpoint = () =>
    runAction(async () => {
      const c = checkpoint();
      if (c) await restoreTo(c);
    });

  /** Mount the parts one task at a time (see PARTS); the trainer starts loading meanwhile. */
  const mountInSteps = async () => {
    for (let k = 1; k <= PARTS.length; k++) {
      await nextTask();
      if (disposed) return;
      setPartsShown(k);
    }
  };
  let disposed = false;
  const makeChart = (host: HTMLDivElement) => {
    const width = Math.max(300, Math.min(720, host.clientWidth || 560));
    chart = new LossChart(host, {
      width,
      // About square: beside the response plot it filled only half its panel at 290.
      height: Math.round(Math.max(290, Math.min(440, width))),
      showLearningRate: true,
      // About a point per 3 px: per-example losses are noisy, and finer is only hair.
      maxPoints: Math.round(width / 3),
    });
    chart.update(history);
  };

  onMount(() => {
    void start();
    void mountInSteps();
    // A reader who switches away (another tab, another app) may not come back to this page:
    // keep the network as it is now, not as the last periodic save had it.
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void persist();
    };
    document.addEventListener('visibilitychange', onHidden);
    onCleanup(() => document.removeEventListener('visibilitychange', onHidden));
    // Nor can a save finish as the page goes, so a link followed in this tab waits for one (at
    // most LEAVE_SAVE_MS): the reader who trains and then opens a lesson keeps it all.
    const onLink = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
        return;
      const link = (e.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download')) return;
      if (link.target && link.target !== '_self') return;
      const to = new URL(link.href, location.href);
      // Another place on this page (a hash link) is handled as a link to the sandbox is.
      if (to.pathname === location.pathname && to.search === location.search) return;
      if (!unsavedTraining()) return;
      e.preventDefault();
      void Promise.race([persist(), new Promise((r) => setTimeout(r, LEAVE_SAVE_MS))]).then(() =>
        location.assign(to.href),
      );
    };
    document.addEventListener('click', onLink);
    onCleanup(() => document.removeEventListener('click', onLink));
  });
  onCleanup(() => {
    disposed = true;
    if (frame > 0) cancelAnimationFrame(frame);
    clearTimeout(frameWait);
    clearTimeout(readingTimer);
    clearTimeout(persistTimer);
    trainer?.dispose();
  });

  // ─── live settings go to the engine at once ───
  createEffect(
    on(
      () => JSON.stringify(trainingOf(state)),
      (json) => {
        if (!built() || !trainer) return;
        // The kept network follows its live settings too, so that it comes back with them: once
        // the reader has stopped changing them (a slider sends many).
        clearTimeout(persistTimer);
        persistTimer = setTimeout(() => void persist(), 500);
        trainer.remote
          .setTraining(JSON.parse(json))
          .catch((e: unknown) =>
            setActionError(
              `That setting could not be applied: ${e instanceof Error ? e.message : String(e)}`,
            ),
          );
      },
    ),
  );
  createEffect(
    on(
      () => state.fastMath,
      (fast) => {
        if (built()) void trainer?.remote.setFastMath(fast);
      },
    ),
  );
  // When the engine becomes ready after a restart, push the live settings once.
  createEffect(on(built, (r) => r && trainer?.remote.setFastMath(untrack(() => state.fastMath))));

  // A run that diverged has stopped: go back to the full view.
  createEffect(
    on(
      () => snapshot()?.status,
      (status, previous) => {
        if (status === 'diverged' && previous !== 'diverged') void useTrainingView(false);
      },
    ),
  );

  // ─── the URL follows the settings ───
  /** The settings as a link's hash: worked out once per change, for the URL and the preset note. */
  const settingsHash = createMemo(() => encodeState(state));
  let lastHash = '';
  let urlTimer = 0;
  createEffect(() => {
    const hash = settingsHash();
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => {
      lastHash = hash;
      history_replace(hash);
    }, 200);
  });
  const onHashChange = (event: HashChangeEvent) => {
    // Read the hash the event carries, not location.hash: the URL-writing timer above may have
    // replaced the URL between the change and this handler, and the new link must win.
    const hash = new URL(event.newURL).hash.replace(/^#/, '');
    if (hash === lastHash) return;
    // A place on the page, not a link to settings: the network stays, and the address goes back
    // to its settings.
    if (isPlaceOnPage(hash)) {
      lastHash = settingsHash();
      history_replace(lastHash);
      return;
    }
    const decoded = decodeState(hash);
    const open = () => {
      setState(reconcile(decoded.state));
      setNotices(decoded.notices);
      return rebuild();
    };
    // Kept: the address goes back to the settings in the page (the URL effect only writes on a
    // change of settings, and none happened).
    const keep = () => {
      lastHash = settingsHash();
      history_replace(lastHash);
    };
    // A link whose typed function cannot be read builds nothing: its settings wait in the
    // controls and the trained network stays, so there is nothing to ask about.
    const builds =
      decoded.state.target !== 'custom' || safeGrid(decoded.state.expression) !== undefined;
    if (builds) confirmReplace('the network in the link', open, keep);
    else void open();
  };
  window.addEventListener('hashchange', onHashChange);
  onCleanup(() => window.removeEventListener('hashchange', onHashChange));

  // ─── presets, share, export, import ───
  /**
   * Replacing a network that has been trained (a preset, an imported file, an opened link) asks
   * first: the training would be lost. An untrained one is replaced at once. `keep` runs when the
   * reader keeps theirs. `from`, the control the reader used, if any: the question takes the focus
   * and gives it back there once answered (a link opened from the address bar takes no focus, and
   * its answer leaves the focus on Play).
   */
  const confirmReplace = (
    what: string,
    replace: () => unknown,
    keep?: () => unknown,
    from?: HTMLElement,
  ) => {
    const trained = latest?.examplesSeen ?? 0;
    if (trained > 0) setPendingReplace({ what, trained, replace, keep, from });
    else void replace();
  };
  /** Focus Play: where the reader goes on from once a question or a notice has gone. */
  const focusPlay = () =>
    rootEl.querySelector<HTMLElement>('[data-testid="play"]')?.focus({ preventScroll: true });
  /** Focus `el` if it is still there to take it, else Play. */
  const focusBack = (el?: HTMLElement) => {
    if (el?.isConnected && !(el as HTMLButtonElement).disabled) el.focus();
    else focusPlay();
  };
  /** The preset chosen in the menu, loaded by "Load preset" only. */
  const [presetChoice, setPresetChoice] = createSignal('');
  const applyPreset = (id: string, from: HTMLElement) => {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) return;
    confirmReplace(
      `the “${preset.title}” preset`,
      // eslint-disable-next-line solid/reactivity -- run from "Load preset" or the confirmation's button
      async () => {
        setState(reconcile(fromExperiment(preset.config())));
        setSelected(null);
        await rebuild();
        const { title, description } = preset;
        setPresetShown({ title, description, hash: settingsHash() });
      },
      undefined,
      from,
    );
  };
  // Any change of settings (another preset, a link, a file, a control) ends the preset's note.
  createEffect(
    on(settingsHash, (hash) => {
      if (untrack(presetShown)?.hash !== hash) setPresetShown(null);
    }),
  );
  const copyLink = async () => {
    const url = `${location.origin}${location.pathname}#${settingsHash()}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied.');
    } catch {
      setCopied('Copy the address bar: it holds every setting.');
    }
    setTimeout(() => setCopied(''), 4000);
  };
  /**
   * Save the network in the trainer: its weights with the settings it was built from. Edits that
   * wait for "Apply and reset" are left out (the weights were not trained under them) and stay in
   * the controls; the message says so.
   */
  const exportFile = () =>
    runAction(async () => {
      if (!trainer) return;
      const built = applied()?.settings;
      const settings = built ? asBuilt(unwrap(state), built) : unwrap(state);
      const leftOut = pendingRebuild();
      // Weights, the trainer's full state and its count, taken in one go (training may be
      // running between two calls), and the loss curve: an import carries on where this left off.
      const saved = await trainer.remote.saveState();
      const text = exportNetwork(settings, saved.params, saved.examplesSeen, {
        snapshot: saved.snapshot,
        history,
      });
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `nn-lab-network-${settings.layers.map((l) => l.units).join('-') || 'single'}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setFileMessage(
        leftOut
          ? 'Network saved as a JSON file, as trained: your changes waiting for “Apply and reset” are not in the file.'
          : 'Network saved as a JSON file.',
      );
    });
  const importFile = async (file: File | undefined, from: HTMLElement) => {
    if (!file) return;
    setFileMessage('');
    let text: string;
    try {
      text = await file.text();
    } catch {
      setFileMessage('error:The file could not be read.');
      return;
    }
    const result = importNetwork(text);
    if (!result.ok) {
      setFileMessage(`error:${result.error} Your current network is unchanged.`);
      return;
    }
    confirmReplace(
      `the network in ${file.name}`,
      () => loadImported(file.name, result),
      undefined,
      from,
    );
  };
  const loadImported = (
    name: string,
    result: Extract<ReturnType<typeof importNetwork>, { ok: true }>,
  ) =>
    runAction(async () => {
      if (!trainer) return;
      const before = unwrap(state);
      const c = result.state.target === 'custom' ? safeGrid(result.state.expression) : undefined;
      if (result.state.target === 'custom' && !c) {
        setFileMessage(
          'error:The file’s target function is not valid. Your current network is unchanged.',
        );
        return;
      }
      let whole = false;
      setSaid(null);
      try {
        setLiveTestLoss(true);
        await trainer.remote.setView(
          viewFor([...result.state.layers.map((l) => l.units), 1], false),
        );
        const experiment = toExperiment(result.state, c);
        await configureTrainer(experiment);
        if (result.snapshot) whole = await restoreWhole(result, experiment);
        else await trainer.remote.setParams(result.params);
      } catch (e) {
        // Put the previous network back: the file passed validation but the engine refused it.
        await configureTrainer(toExperiment(before, custom().grid));
        throw new Error(
          `The engine could not load this network (${e instanceof Error ? e.message : String(e)}). Your current network is unchanged.`,
        );
      }
      history = whole ? result.history.slice() : [];
      chart?.update(history);
      setState(reconcile(result.state));
      apply(result.state);
      setSelected(null);
      if (whole) {
        setFileMessage(
          `Loaded ${name}: trained for ${formatCount(result.examplesSeen)} examples. Training goes on where it stopped, with its loss curve.`,
        );
        return;
      }
      // Weights only (an older file, or a state that does not fit): no optimizer state,
      // schedule clock or counters, so the count starts again.
      const scheduled = result.state.schedule !== 'constant' || result.state.warmup > 0;
      const why = result.snapshot
        ? 'The trainer state in the file does not belong to its weights, so only the weights were loaded'
        : 'The file holds the weights only';
      setFileMessage(
        `Loaded ${name}: trained for ${formatCount(result.examplesSeen)} examples when saved. ` +
          `${why}, so the count of examples seen starts again from 0${scheduled ? ', and so does the learning-rate schedule' : ''}.`,
      );
    });
  /**
   * Put a file's trainer state in, on the network `experiment` configured, if it is the state of
   * the file's own network: its weights exactly the file's, its count the file's. Otherwise (a
   * state this engine does not read, or another network's) the network is configured again and
   * takes the file's weights alone. True when the state went in.
   */
  const restoreWhole = async (
    file: Extract<ReturnType<typeof importNetwork>, { ok: true }>,
    experiment: ExperimentConfig,
  ): Promise<boolean> => {
    if (!trainer || !file.snapshot) return false;
    try {
      await trainer.remote.restore(file.snapshot, file.history.slice(-RECENT_EXAMPLES));
      // The trainer publishes before it answers: `latest` is the restored state's.
      const fits =
        latest?.examplesSeen === file.examplesSeen &&
        sameParams(await trainer.remote.getParams(), file.params);
      if (fits) return true;
    } catch {
      /* not a state this engine reads */
    }
    await configureTrainer(experiment);
    await trainer.remote.setParams(file.params);
    return false;
  };

  /**
   * Close the selected neuron's plot, and put keyboard focus back on its cell in the graph: the
   * close button goes with the plot, and focus would otherwise fall to the page's body.
   */
  const closeNeuron = (ref: NeuronRef) => {
    setSelected(null);
    rootEl
      .querySelector<HTMLElement>(
        `.neuron-grid__cell[data-layer="${ref.layer}"][data-index="${ref.index}"]`,
      )
      ?.focus();
  };

  const stats = () => snapshot();
  const hiddenCount = () => (stats()?.layerSizes.length ?? state.layers.length + 1) - 1;
  const statOf = (ref: NeuronRef | null): NeuronStat | null =>
    (ref &&
      graphSnapshot()?.neuronStats?.find((s) => s.layer === ref.layer && s.index === ref.index)) ||
    null;
  const deadCount = () => (graphSnapshot()?.neuronStats ?? []).filter((s) => s.dead).length;
  /** Why the output is the same everywhere, when it is stuck so (stuck.ts). */
  const stuck = createMemo(() => {
    const s = snapshot();
    if (!s || s.diverged) return null;
    return stuckNote({
      output: s.output,
      target: s.target,
      outputActivation: applied()?.settings.outputActivation ?? state.outputActivation,
      // The rate the reader set (a schedule's current one moves at every snapshot).
      learningRate: state.learningRate,
      deadLayers: deadLayersOf(s.layerSizes, s.neuronStats ?? []),
      examples: s.examplesSeen,
    });
  });
  const activations = () => [
    ...state.layers.map((l) => l.activation as string),
    state.outputActivation,
  ];
  const running = () => stats()?.status === 'running';
  const training = () => stats()?.status === 'training' || busy();
  const fileError = () => (fileMessage().startsWith('error:') ? fileMessage().slice(6) : '');

  return (
    <div
      class="sandbox"
      ref={rootEl}
      data-ready={ready() && partsShown() === PARTS.length ? 'true' : 'false'}
      data-saved-examples={savedExamples()}
      data-saved-settings={savedSettings()}
      data-session-checked={sessionChecked() ? 'true' : 'false'}
    >
      <header class="sb-top">
        <div class="sb-top__title">
          <p class="sb-title" aria-hidden="true">
            Sandbox
          </p>
          <p class="sb-sub">{SANDBOX_TAGLINE}</p>
        </div>
        <div class="sb-top__tools">
          <div class="sb-field sb-field--inline">
            <label for="sb-preset">Preset</label>
            {/* Choosing only chooses: "Load preset" (or Enter) loads. Loading on every change
                loaded a preset at each arrow key (change fires per key on Windows and Linux),
                so only the first was reachable by keyboard, each asking "Replace…?". */}
            <select
              id="sb-preset"
              data-testid="preset"
              onChange={(e) => setPresetChoice(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && presetChoice()) {
                  e.preventDefault();
                  applyPreset(presetChoice(), e.currentTarget);
                }
              }}
            >
              <option value="">Choose a preset…</option>
              <For each={PRESETS}>{(p) => <option value={p.id}>{p.title}</option>}</For>
            </select>
            <button
              type="button"
              class="sb-button sb-button--quiet"
              data-testid="load-preset"
              onClick={(e) => applyPreset(presetChoice(), e.currentTarget)}
              disabled={!presetChoice()}
            >
              Load preset
            </button>
          </div>
          <button type="button" class="sb-button sb-button--quiet" onClick={copyLink}>
            Copy link
          </button>
          <button
            type="button"
            class="sb-button sb-button--quiet"
            onClick={exportFile}
            disabled={!built()}
          >
            Export network
          </button>
          <label class="sb-button sb-button--quiet sb-file">
            Import network
            <input
              type="file"
              accept="application/json,.json"
              data-testid="import-file"
              onChange={(e) => {
                void importFile(e.currentTarget.files?.[0], e.currentTarget);
                e.currentTarget.value = '';
              }}
            />
          </label>
        </div>
      </header>
      <div class="sb-messages" aria-live="polite">
        <Show when={presetShown()}>
          {(p) => (
            <p class="sb-preset-note" data-testid="preset-note">
              <strong>Preset: {p().title}.</strong> {p().description}
            </p>
          )}
        </Show>
        <Show when={copied()}>
          <p class="sb-help">{copied()}</p>
        </Show>
        <Show when={fileMessage() && !fileError()}>
          <p class="sb-help">{fileMessage()}</p>
        </Show>
      </div>
      {/* No snapshot comes meanwhile: the plots and the counters wait for this. Outside the live
          region above, since its numbers move four times a second: the status line says once
          that a reading has started (readingStatus). */}
      <Show when={reading()}>
        {(r) => (
          <div class="sb-help sb-reading" data-testid="long-call">
            <label for="sb-reading-bar">
              Reading the test loss over {formatCount(r().total)} points with this network:{' '}
              <span data-testid="long-call-done">{formatCount(r().done)}</span> read so far. The
              plots wait for it.
            </label>
            <progress id="sb-reading-bar" class="sb-progress" max={r().total} value={r().done} />
          </div>
        )}
      </Show>
      <Show when={fileError()}>
        <p class="sb-error" role="alert" data-testid="file-error">
          {fileError()}
        </p>
      </Show>
      <Show when={notices().length}>
        <div class="sb-notice" role="status" data-testid="url-notices">
          <p>
            <strong>Some settings in the link could not be used as given:</strong>
          </p>
          <ul>
            <For each={notices()}>{(n) => <li>{n}</li>}</For>
          </ul>
          <button
            type="button"
            class="sb-button sb-button--quiet"
            onClick={() => {
              setNotices([]);
              focusPlay();
            }}
          >
            Dismiss
          </button>
        </div>
      </Show>
      <Show when={pendingReplace()}>
        {(p) => (
          <Question
            testId="confirm-replace"
            urgent
            focus={!!p().from}
            yes={{
              label: 'Replace it',
              act: () => {
                const { replace, from } = p();
                setPendingReplace(null);
                focusBack(from);
                void replace();
              },
            }}
            no={{
              label: 'Keep mine',
              act: () => {
                const { keep, from } = p();
                setPendingReplace(null);
                focusBack(from);
                void keep?.();
              },
            }}
          >
            Replace the network you trained on {formatCount(p().trained)} examples with {p().what}?
            Its training would be lost (export it first to keep it).
          </Question>
        )}
      </Show>
      <Show when={resumable()}>
        {(saved) => (
          <Question
            testId="resume"
            // Offered at load, so it takes no focus; answered, it leaves the focus on Play.
            yes={{
              label: 'Continue from there',
              act: () => {
                focusPlay();
                void resume();
              },
            }}
            no={{
              label: trainedNow() > 0 ? 'Keep this one' : 'Start fresh',
              act: () => {
                focusPlay();
                startFresh();
              },
            }}
          >
            This network was saved in your browser after{' '}
            <strong data-testid="resume-examples">{formatCount(saved().examples)}</strong> examples
            of training ({new Date(saved().savedAt).toLocaleString()}).
            <Show when={trainedNow() > 0}>
              {' '}
              Continuing it replaces the one trained here since ({formatCount(trainedNow())}{' '}
              examples); keeping this one forgets it. Until you choose, it stays saved, and this one
              is not.
            </Show>
          </Question>
        )}
      </Show>
      <Show when={workerError()}>
        <div class="sb-error sb-banner" role="alert" data-testid="worker-error">
          <p>The trainer stopped: {workerError()}</p>
          <button
            type="button"
            class="sb-button"
            onClick={() => void restartAndFocus()}
            data-testid="restart"
          >
            Restart the trainer
          </button>
        </div>
      </Show>

      <div class="sb-layout">
        {/* The run controls and plots come first in the page (and in keyboard order); on wide
            screens the settings are placed in the left column by the grid. */}
        <div class="sb-main">
          <Show when={shown('run')}>
            <section class="sb-run" aria-label="Run">
              <div class="sb-run__buttons">
                {/* Play, Pause, or Stop while a "Train N" job runs: one button, so that nothing
                    moves along the bar as a job starts and ends. */}
                <button
                  type="button"
                  class="sb-button sb-play"
                  onClick={() => (running() || training() ? pause() : play())}
                  disabled={!built()}
                  aria-pressed={running()}
                  data-testid="play"
                >
                  {/* The glyph is seen, not read: the name is the word alone. */}
                  <span aria-hidden="true">{training() ? '■' : running() ? '❚❚' : '▶'}</span>{' '}
                  {training() ? 'Stop' : running() ? 'Pause' : 'Play'}
                </button>
                <For each={TRAIN_STEPS}>
                  {(n) => (
                    <button
                      type="button"
                      class="sb-button sb-button--quiet"
                      onClick={() => {
                        if (!running() && !training()) void train(n);
                      }}
                      disabled={!built()}
                      // Busy, not disabled, while training: the pressed button keeps the focus
                      // (disabled, it sent a keyboard reader's focus to the page's body).
                      aria-disabled={running() || training()}
                    >
                      Train {formatCount(n)}
                    </button>
                  )}
                </For>
                <button
                  type="button"
                  class="sb-button sb-button--quiet"
                  onClick={reset}
                  disabled={!ready()}
                  data-testid="reset"
                >
                  {pendingRebuild() ? 'Apply and reset' : 'Reset'}
                </button>
                <button
                  type="button"
                  class="sb-button sb-button--quiet"
                  onClick={reseed}
                  disabled={!ready()}
                >
                  New seed
                </button>
              </div>
              <div class="sb-seed">
                <SeedField
                  value={state.seed}
                  onChange={(v) => setState('seed', v)}
                  pending={isPending('seed')}
                />
              </div>
              <Show when={pendingRebuild()}>
                <p class="sb-pending-banner" role="status">
                  <span class="sb-pending">on reset</span> Some changes rebuild the network: press{' '}
                  <strong>Apply and reset</strong> to use them.
                </p>
              </Show>
              {/* Its row is kept while no job runs, so the plots below stay where they are. */}
              <progress
                class="sb-progress"
                classList={{ 'is-idle': !(training() && stats()?.job) }}
                max={(training() && stats()?.job?.total) || 1}
                value={(training() && stats()?.job?.done) || 0}
                aria-label="Training progress"
                data-testid="job-progress"
              />
              <dl class="sb-stats">
                <div>
                  <dt>examples seen</dt>
                  <dd class="num" data-testid="examples">
                    {formatCount(stats()?.examplesSeen ?? 0)}
                  </dd>
                </div>
                <div>
                  <dt>examples / s</dt>
                  <dd class="num" data-testid="rate">
                    {stats()?.examplesPerSecond
                      ? formatCount(stats()?.examplesPerSecond ?? 0)
                      : '—'}
                  </dd>
                </div>
                <div>
                  <dt>learning rate</dt>
                  <dd class="num" data-testid="current-lr">
                    {stats() ? formatRate(stats()?.learningRate ?? 0) : '—'}
                  </dd>
                </div>
                <div>
                  <dt>training loss</dt>
                  <dd class="num" data-testid="train-loss">
                    {formatLoss(stats()?.trainLoss)}
                  </dd>
                </div>
                <div>
                  <dt class="sb-stats__test">
                    {state.dataMode === 'fixed'
                      ? 'test loss (test set)'
                      : `test loss (${Math.sqrt(FRESH_TEST_POINTS)}×${Math.sqrt(FRESH_TEST_POINTS)} grid)`}
                    {liveTestLoss() ? '' : ', when paused'}
                  </dt>
                  <dd class="num" data-testid="test-loss">
                    {formatLoss(stats()?.testLoss)}
                  </dd>
                </div>
              </dl>
              <LiveNote testId="stuck-note" text={stuck() ?? ''} />
              <Show when={!ready() && !workerError()}>
                {/* Seen, not announced: the status line below says it to screen readers. */}
                <p class="sb-loading" aria-hidden="true" data-testid="engine-loading">
                  <span class="sb-spinner" />
                  {reading() ? 'Reading the first test loss…' : 'Loading the training engine…'}
                </p>
              </Show>
              <p class="visually-hidden" role="status">
                {/* Keyed on the message: the same words again are a new node, said again. */}
                <For each={[said()]}>{() => <span>{statusLine()}</span>}</For>
              </p>
              <Show when={actionError()}>
                <p class="sb-error" role="alert">
                  {actionError()}
                </p>
              </Show>
              <Show when={stats()?.diverged}>
                {(d) => (
                  <div class="sb-error sb-banner" role="alert" data-testid="diverged">
                    <p>
                      Training stopped at example {formatCount(d().atExample)}: the{' '}
                      {d().reason === 'loss' ? 'loss' : 'weights'} became infinite or not a number.
                      Lower the learning rate, then reset
                      <Show when={checkpoint()}>
                        {(c) => (
                          <>
                            {' '}
                            or go back to the last good checkpoint ({formatCount(c().examples)}{' '}
                            examples)
                          </>
                        )}
                      </Show>
                      .
                    </p>
                    <Show when={checkpoint()}>
                      <button type="button" class="sb-button" onClick={restoreCheckpoint}>
                        Restore the checkpoint
                      </button>
                    </Show>
                  </div>
                )}
              </Show>
              <Show when={ready() && stats() && !stats()?.simd}>
                <p class="sb-help" data-testid="scalar-note">
                  {SCALAR_ENGINE_NOTE}
                </p>
              </Show>
            </section>
          </Show>

          <Show when={shown('response')}>
            <div class="sb-views">
              <section class="sb-card" aria-labelledby="sb-response-title">
                <h2 id="sb-response-title">Network response</h2>
                <ResponseView
                  snapshot={stats()}
                  point={point()}
                  trainPoints={trainPoints()}
                  onPick={(a, b) => {
                    setPoint([a, b]);
                    setGraphMode('point');
                    lastPoint = 0;
                    readValuesAt([a, b]);
                  }}
                />
              </section>
              <Show when={shown('loss')}>
                <section class="sb-card" aria-labelledby="sb-loss-title">
                  <h2 id="sb-loss-title">Loss</h2>
                  <LossPlot onMount={makeChart} />
                  <LossLegend class="sb-legend" />
                </section>
              </Show>
            </div>
          </Show>

          <Show when={shown('graph')}>
            <section class="sb-card sb-graph" aria-labelledby="sb-graph-title">
              <div class="sb-graph__head">
                <h2 id="sb-graph-title">Every neuron</h2>
                <div class="sb-tabs" role="radiogroup" aria-label="What each neuron shows">
                  <label class="sb-tab">
                    <input
                      type="radio"
                      name="sb-graph-mode"
                      checked={graphMode() === 'response'}
                      onChange={() => setGraphMode('response')}
                    />
                    <span>Response over the square</span>
                  </label>
                  <label class="sb-tab">
                    <input
                      type="radio"
                      name="sb-graph-mode"
                      checked={graphMode() === 'point'}
                      onChange={() => {
                        if (!point()) setPoint([0.5, 0.5]);
                        setGraphMode('point');
                        readValuesAt(point() ?? [0.5, 0.5]);
                      }}
                    />
                    <span>Value at one point</span>
                  </label>
                </div>
              </div>
              <Show when={graphMode() === 'point'}>
                <PointPicker
                  point={point() ?? [0.5, 0.5]}
                  onChange={(p) => {
                    setPoint(p);
                    readValuesAt(p);
                  }}
                />
                <Show when={pointValues()}>
                  {(values) => <PointLegend scales={pointScales(values())} />}
                </Show>
              </Show>
              <p class="sb-help" data-testid="dead-summary">
                {graphMode() === 'response'
                  ? 'Each square is one neuron’s output over the input square (orange negative, blue positive; the output neuron in viridis). '
                  : 'Each square is one neuron’s value at the picked point. '}
                {weightCount(layerSizes()) > MAX_EDGES
                  ? `Lines: the selected neuron’s weights only, since this network has too many (${formatCount(weightCount(layerSizes()))}) to draw them all (blue solid positive, orange dashed negative; thicker is larger). `
                  : 'Lines: weights (blue solid positive, orange dashed negative; thicker is larger). '}
                Select a neuron to see it large; arrow keys move between neurons.{' '}
                <Show when={deadCount() > 0}>
                  <strong>
                    <span aria-hidden="true">⊘</span> {deadCount()} dead neuron
                    {deadCount() === 1 ? '' : 's'} (hatched)
                  </strong>
                </Show>
              </p>
              <Show when={shown('neurons')}>
                <div class="sb-graph__body">
                  <NeuronGrid
                    layerSizes={graphSnapshot()?.layerSizes ?? layerSizes()}
                    thumbResolution={graphSnapshot()?.thumbResolution ?? 0}
                    thumbs={graphSnapshot()?.neurons ?? null}
                    stats={graphSnapshot()?.neuronStats ?? null}
                    weights={params()}
                    pointValues={graphMode() === 'point' ? pointValues() : null}
                    point={graphMode() === 'point' ? point() : null}
                    activations={activations()}
                    selected={selected()}
                    onSelect={(ref) => {
                      setSelected(ref);
                      setNeuronGrid(null);
                      lastDetail = 0;
                      const remote = built() ? trainer?.remote : undefined;
                      if (remote) {
                        const resolution = neuronResolution(layerSizes(), ref.layer);
                        void remote
                          .neuron(ref.layer, ref.index, resolution)
                          // eslint-disable-next-line solid/reactivity -- when the neuron arrives: an answer for a neuron no longer selected is dropped
                          .then((values) => {
                            const sel = selected();
                            if (sel && sel.layer === ref.layer && sel.index === ref.index)
                              setNeuronGrid({ values, resolution });
                          })
                          .catch(() => undefined); // the trainer restarting: the next snapshot redraws it
                      }
                    }}
                  />
                  <Show
                    when={selected()}
                    fallback={
                      <p class="sb-help sb-graph__hint">
                        Select a neuron to see its response, its incoming weights and its bias.
                      </p>
                    }
                  >
                    {(sel) => (
                      <For each={[`${sel().layer}:${sel().index}`]}>
                        {() => (
                          <NeuronDetail
                            neuron={sel()}
                            hiddenCount={hiddenCount()}
                            grid={neuronGrid()}
                            stat={statOf(sel())}
                            params={params()}
                            activation={activations()[sel().layer]}
                            outputScale={outputDomain(snapshot()?.target ?? [])}
                            onClose={() => closeNeuron(sel())}
                          />
                        )}
                      </For>
                    )}
                  </Show>
                </div>
              </Show>
            </section>
          </Show>
        </div>

        <aside class="sb-controls" aria-label="Settings">
          <Show when={shown('network')}>
            <details class="sb-section" open>
              <summary>
                <h2>Network</h2>
              </summary>
              <NetworkBuilder state={state} setState={setState} pending={isPending} />
            </details>
          </Show>
          <Show when={shown('training')}>
            <details class="sb-section" open>
              <summary>
                <h2>Training</h2>
                <span class="sb-help">changes apply live</span>
              </summary>
              <TrainingPanel state={state} setState={setState} pending={isPending} />
            </details>
          </Show>
          <Show when={shown('data')}>
            <details class="sb-section" open>
              <summary>
                <h2>Data</h2>
              </summary>
              <DataPanel
                state={state}
                setState={setState}
                pending={isPending}
                expressionError={custom().error}
                expressionNote={[
                  state.outputActivation === 'sigmoid' ? custom().note : '',
                  tooFine(),
                ]
                  .filter(Boolean)
                  .join(' ')}
              />
            </details>
          </Show>
          {/* On a phone the run bar is far above these settings: its reset, again, beside them
              (shown by sandbox.css in the one-column layout only). */}
          <Show
            when={pendingRebuild()}
            fallback={
              <Show when={appliedHere() && !running() && !training()}>
                {/* Applied from here: the network to train is a screen or ten above. */}
                <div class="sb-apply-bar" data-testid="applied-settings">
                  <p>Reset: the new network is untrained.</p>
                  <button type="button" class="sb-button" onClick={goToRun}>
                    ↑ Go to Play
                  </button>
                </div>
              </Show>
            }
          >
            <div class="sb-apply-bar" data-testid="apply-settings">
              <p>
                <span class="sb-pending">on reset</span> Some changes rebuild the network.
              </p>
              <button
                type="button"
                class="sb-button"
                onClick={() => void applyFromBar()}
                disabled={!ready()}
              >
                Apply and reset
              </button>
            </div>
          </Show>
        </aside>
      </div>
    </div>
  );
}

/** The loss chart's host; the chart is made once the host is in the page (it reads its width). */
function LossPlot(props: { onMount: (host: HTMLDivElement) => void }) {
  let host!: HTMLDivElement;
  onMount(() => props.onMount(host));
  return <div ref={host} class="sb-loss" />;
}

function SeedField(props: { value: number; onChange: (v: number) => void; pending: boolean }) {
  const [note, setNote] = createSignal('');
  return (
    <div class="sb-seed__row">
      <label class="sb-field sb-field--inline">
        <span>
          Seed{' '}
          <Show when={props.pending}>
            <span class="sb-pending">on reset</span>
          </Show>
        </span>
        <input
          type="text"
          inputmode="numeric"
          class="sb-number"
          data-testid="seed"
          value={String(props.value)}
          aria-describedby={note() ? 'sb-seed-note sb-seed-help' : 'sb-seed-help'}
          onChange={(e) => {
            const n = strictNumber(e.currentTarget.value);
            if (n === null) {
              setNote(`Not a number; kept ${props.value}.`);
            } else {
              const kept = clampTyped(setting('seed') as NumberSetting, n);
              setNote(kept.note);
              props.onChange(kept.value);
            }
            e.currentTarget.value = String(props.value);
          }}
        />
      </label>
      <LiveNote inline id="sb-seed-note" text={note()} />
      <p class="sb-help" id="sb-seed-help">
        {setting('seed').help}
      </p>
    </div>
  );
}

/** Two sliders for the picked input point (the keyboard and touch path besides clicking the plot). */
function PointPicker(props: { point: [number, number]; onChange: (p: [number, number]) => void }) {
  return (
    <div class="sb-picker">
      <label class="sb-field sb-field--inline">
        <span>a</span>
        <input
          type="range"
          min="0"
          max="1"
          step="0.01"
          value={props.point[0]}
          onInput={(e) => props.onChange([Number(e.currentTarget.value), props.point[1]])}
        />
        <span class="num">{props.point[0].toFixed(2)}</span>
      </label>
      <label class="sb-field sb-field--inline">
        <span>b</span>
        <input
          type="range"
          min="0"
          max="1"
          step="0.01"
          value={props.point[1]}
          onInput={(e) => props.onChange([props.point[0], Number(e.currentTarget.value)])}
        />
        <span class="num">{props.point[1].toFixed(2)}</span>
      </label>
    </div>
  );
}

function history_replace(hash: string): void {
  const url = `${location.pathname}${location.search}#${hash}`;
  if (`${location.pathname}${location.search}${location.hash}` !== url)
    history.replaceState(history.state, '', url);
}

/** Whether two sets of weights and biases hold the same numbers (null only equals null). */
function sameParams(a: LayerParams[] | null, b: LayerParams[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  const sameList = (x: number[], y: number[]) =>
    x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return a.every(
    (layer, l) =>
      sameList(layer.biases, b[l].biases) &&
      layer.weights.length === b[l].weights.length &&
      layer.weights.every((row, o) => sameList(row, b[l].weights[o])),
  );
}

function safeGrid(expression: string): Target | undefined {
  try {
    const t = sampleExpression(expression);
    return { kind: 'grid', size: t.size, values: t.values };
  } catch {
    return undefined;
  }
}
