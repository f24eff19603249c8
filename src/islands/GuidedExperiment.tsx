/**
 * A guided experiment: a script of steps (prose, a prediction, actions, a checkpoint) played on
 * one or two live networks, each in its own trainer worker. Placed in MDX through
 * `guided/Experiment.astro`, which looks the script up (validated at build time) by id.
 *
 * Life cycle: nothing starts until the figure comes within about one screen of the viewport; then
 * the workers load. Training pauses while the figure is off-screen and resumes when it returns.
 * Each met checkpoint saves every network's full state, so the reader can go back to it; results
 * are announced through a polite live region, and progress is kept in localStorage.
 *
 * Wiring and JSX only: the runner, metrics and progress store are framework-free (src/lib/lessons).
 */
import {
  createEffect,
  createSignal,
  For,
  Index,
  Match,
  onCleanup,
  onMount,
  Show,
  Switch,
} from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { countOf, formatCount, formatRate, withStop } from '../lib/format';
import { CALM_FRAME_MS, reducedMotion, scrollBehavior } from '../lib/motion';
import { ProgressStore } from '../lib/lessons/progress';
import {
  forgetCheckpoints,
  loadCheckpoints,
  saveCheckpoint as keepCheckpoint,
  type Selection,
  type StoredCheckpoint,
} from '../lib/lessons/saved-checkpoints';
import {
  CancelledError,
  fillTemplate,
  firstAction,
  LessonRunner,
  type BenchmarkRow,
  type CheckResult,
  type NetworkInfo,
  type WorkProgress,
} from '../lib/lessons/runner';
import type { NetworkId, Script, Step } from '../lib/lessons/schema';
import { fromTrainer } from '../lib/lessons/trainer-backend';
import { sandboxHref } from '../lib/lessons/sandbox-link';
import type { NeuronRef } from '../lib/plots/neuron-grid';
import type { BornDeadRow } from '../lib/lessons/born-dead';
import { describeFastPair, fastAgainstExact } from '../lib/lessons/benchmark';
import { makeTrainer, type Trainer } from '../lib/trainer/client';
import type { LossPoint, TrainerSnapshot } from '../lib/trainer/protocol';
import BornDeadChart from './guided/BornDeadChart';
import NetworkPanel from './guided/NetworkPanel';
import ProgressControls from './guided/ProgressControls';
import { SCALAR_ENGINE_NOTE } from './sandbox/copy';
import './guided/guided.css';

interface Props {
  script: Script;
}

type StepStatus = 'waiting' | 'running' | 'met' | 'unmet';

interface StepState {
  status: StepStatus;
  result: CheckResult | null;
  /** Index of the prediction choice the reader picked. */
  answer: number | null;
  /**
   * Met on an earlier visit (localStorage) but not on the page now: its networks were not kept
   * (older progress, storage cleared), so it is ticked apart from this visit's and can be run.
   */
  before: boolean;
  /** Ran through "show me" (the page did it), rather than by the reader. */
  shown: boolean;
}

interface NetView {
  /** The trainer's curve that `history` continues (TrainerSnapshot.curve; −1: none yet). */
  curve: number;
  info: NetworkInfo | null;
  selected: NeuronRef | null;
  neuronField: { values: Float32Array; resolution: number } | null;
}

interface Drawn {
  snapshot: TrainerSnapshot | null;
  history: LossPoint[];
}

const NEURON_CHECKS = new Set(['selectDeadNeuron', 'inspectEachLayer']);

/** How long the rate slider rests before its move counts as one lowering (sliderMoved). */
const SLIDER_REST_MS = 800;

/** The network whose graph a step's task is done in, if it is a neuron task. */
function graphTaskNetwork(step: Step): NetworkId | null {
  const check = step.checkpoint.check;
  return 'reader' in check && NEURON_CHECKS.has(check.reader) ? check.network : null;
}

/** The first enabled input or button in `place`: where the focus goes on to in it. */
function firstControl(place: HTMLElement | null | undefined): HTMLElement | null {
  return place?.querySelector<HTMLElement>('input:not(:disabled), button:not(:disabled)') ?? null;
}

/** Whether the keyboard focus has fallen to the page itself (its element was removed or disabled). */
function focusLost(): boolean {
  return !document.activeElement || document.activeElement === document.body;
}

export default function GuidedExperiment(props: Props) {
  // Props are never destructured (Solid), but the script does not change over the island's life.
  const script = () => props.script;
  const ids = () => script().networks;
  const showNeurons = () =>
    script().steps.some((s) => {
      const c = s.checkpoint.check;
      return (
        graphTaskNetwork(s) !== null ||
        ('metric' in c && (c.metric === 'deadNeurons' || c.metric === 'silentNeurons'))
      );
    });

  const [phase, setPhase] = createSignal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  const [error, setError] = createSignal<string | null>(null);
  const [visible, setVisible] = createSignal(true);
  const [paused, setPaused] = createSignal(false);
  const [current, setCurrent] = createSignal(0);
  const [running, setRunning] = createSignal<number | null>(null);
  const [announcement, setAnnouncement] = createSignal('');
  /**
   * What the reader's click on a neuron did, for a reader task: said by the live region and
   * shown in the step (`tell`), so it is not heard only. Cleared when a step runs or starts.
   */
  const [readerNote, setReaderNote] = createSignal<{ step: number; text: string } | null>(null);
  /** The step whose checkpoint was met last, for the phone's dock (cleared when a step runs). */
  const [justMet, setJustMet] = createSignal<number | null>(null);
  /** The dock's "Checkpoint k met" line: a step before the current one, still met. */
  const metLine = () => {
    const k = justMet();
    // An object, not the index: step 1's index 0 is falsy, and <Show> hid its line.
    return k !== null && k !== current() && steps[k]?.status === 'met' ? { step: k } : null;
  };
  /**
   * What the panels show: each network's snapshot and loss curve as of the last drawn frame. It
   * changes at most once an animation frame (once a second with reduced motion), so every view
   * in a panel follows the same pace.
   */
  const [drawn, setDrawn] = createSignal<Record<NetworkId, Drawn>>({
    a: { snapshot: null, history: [] },
    b: { snapshot: null, history: [] },
  });
  const [survey, setSurvey] = createSignal<BornDeadRow[] | null>(null);
  const [benchmark, setBenchmark] = createSignal<BenchmarkRow[] | null>(null);
  /** The variants the script's measurement step compares (none without one). */
  const measuredVariants = () => firstAction(script(), 'benchmark')?.variants ?? [];
  /** The running step's work on a borrowed engine (a survey, a measurement), for the progress bar. */
  const [work, setWork] = createSignal<WorkProgress | null>(null);
  const [rate, setRate] = createSignal<number | null>(null);
  /** The scalar engine runs (no WebAssembly SIMD in this browser). */
  const [scalar, setScalar] = createSignal(false);
  const [steps, setSteps] = createStore<StepState[]>(
    script().steps.map(() => ({
      status: 'waiting',
      result: null,
      answer: null,
      before: false,
      shown: false,
    })),
  );
  const [nets, setNets] = createStore<Record<NetworkId, NetView>>({
    a: { curve: -1, info: null, selected: null, neuronField: null },
    b: { curve: -1, info: null, selected: null, neuronField: null },
  });
  /**
   * Each network's latest snapshot and its loss curve so far: plain values, outside the store.
   * In it, every snapshot copied the whole curve through the store's proxies and unwrapped it
   * again (a long task of up to a second on a slow phone, growing with the curve); the plots
   * get them through `drawn`, at most once a frame.
   */
  const live: Record<NetworkId, Drawn> = {
    a: { snapshot: null, history: [] },
    b: { snapshot: null, history: [] },
  };
  /**
   * The curve a network's next new curve starts from: a restored checkpoint's (saved with it), or
   * network A's own after the runner borrowed its engine; set before the restore, used by the
   * first snapshot of the new curve.
   */
  const incoming: Partial<Record<NetworkId, LossPoint[]>> = {};
  /**
   * A network whose engine is lent (to a survey or a measurement) from the runner's 'lend' until
   * its own state is back: `history`, its curve, kept for then; `curve`, the last curve of the
   * snapshots that came meanwhile. Those are the borrower's (a 256-neuron network, 100,000
   * examples at a time): the panel keeps showing the network it is headed with.
   */
  const loans: Partial<Record<NetworkId, { history: LossPoint[]; curve: number; back: boolean }>> =
    {};

  let root!: HTMLElement;
  const trainers: Partial<Record<NetworkId, Trainer>> = {};
  let runner: LessonRunner | null = null;
  let progress: ProgressStore | null = null;
  /**
   * The steps whose checkpoints the runner holds (saved, or kept from an earlier visit): what
   * "Back to this checkpoint" needs, followed as the runner saves and forgets them.
   */
  const [savedSteps, setSavedSteps] = createSignal<ReadonlySet<number>>(new Set());
  /** Index of the last checkpoint whose state the networks hold (−1: none). */
  const [position, setPosition] = createSignal(-1);
  /** The checkpoints this browser kept from an earlier visit, read as the page opens. */
  let keptOnDevice: Promise<StoredCheckpoint[]> = Promise.resolve([]);
  /** The neurons selected when each checkpoint was met, by step: drawn again when it is restored. */
  const selectedAt: Record<number, Selection> = {};
  /** The checkpoint the page came back at, from an earlier visit (its note goes once a step runs). */
  const [resumed, setResumed] = createSignal<{ step: number; savedAt: number } | null>(null);
  let raf = 0;
  let lastDraw = 0;
  /** Layers in which the reader has inspected a neuron during the current step, per network. */
  const inspected: Record<NetworkId, Set<number>> = { a: new Set(), b: new Set() };
  /** How many times the rate was lowered in the running step (the dock shows it). */
  const [lowered, setLowered] = createSignal(0);
  let autoLower = false;
  const observers: IntersectionObserver[] = [];

  // ───────────── drawing: at most one frame per animation frame (one per second with reduced motion)

  const requestDraw = () => {
    if (raf) return;
    raf = requestAnimationFrame((t) => {
      raf = 0;
      if (reducedMotion() && t - lastDraw < CALM_FRAME_MS && running() !== null) {
        requestDraw();
        return;
      }
      lastDraw = t;
      setDrawn({ a: { ...live.a }, b: { ...live.b } });
    });
  };

  /**
   * The running step's training of each network, for the progress bar: `total`, the examples its
   * train action asks for, known as the action starts (the bar showed the step before's finished
   * count until a snapshot came); `base`, the examples the network had seen when that training
   * began (null until known): from its first job's snapshot, then from the runner (onTrain), which
   * knows it exactly. Paced training runs as many short jobs, and the first ones may send no
   * snapshot (the bar ended at 396,000 of 396,000). A pause ends a job and a resume starts one for
   * what is left, from the same base. Emptied as each step starts (`clearProgress`).
   */
  const [trainedFrom, setTrainedFrom] = createStore<
    Partial<Record<NetworkId, { base: number | null; total: number }>>
  >({});
  const noteJob = (id: NetworkId, s: TrainerSnapshot) => {
    if (!s.job || running() === null || trainedFrom[id]?.base !== null) return;
    setTrainedFrom(id, 'base', s.examplesSeen - s.job.done);
  };
  /** A step starts: the bar shows nothing of the last one's training or work. */
  const clearProgress = () => {
    setTrainedFrom({ a: undefined, b: undefined });
    setWork(null);
  };

  // eslint-disable-next-line solid/reactivity -- a message handler: it reads the store when a snapshot arrives
  const onSnapshot = (id: NetworkId) => (s: TrainerSnapshot) => {
    const loan = loans[id];
    if (loan) {
      // The borrower's, until the network's own state is restored: that starts a curve after
      // every curve the borrower's snapshots were on (snapshots arrive in order).
      if (!loan.back || s.curve <= loan.curve) {
        loan.curve = Math.max(loan.curve, s.curve);
        return;
      }
      delete loans[id];
    }
    noteJob(id, s);
    // An unloaded network's trainer still holds it: what it sends of that curve is not shown (a
    // load starts a new curve).
    if (!nets[id].info?.config && s.curve === nets[id].curve) return;
    const view = live[id];
    if (s.curve !== nets[id].curve) {
      // A new curve: a new network starts from nothing; a restored one gets back the curve its
      // state had (the checkpoint's, or its own from before it was borrowed).
      const base = s.examplesSeen > 0 ? (incoming[id] ?? []) : [];
      delete incoming[id];
      view.history = base.filter((p) => p.examples <= s.examplesSeen).concat(s.history);
      setNets(id, 'curve', s.curve);
    } else view.history = view.history.concat(s.history);
    view.snapshot = s;
    if (id === rateNetwork()) setRate(s.learningRate);
    const paced = pacedTraining();
    if (autoLower && paced && paced.networks.includes(id)) {
      // "Show me" for lowering the rate by hand: halve it at a third and at two thirds of the run
      // (the step loads a fresh network, so examples seen count from its start).
      const fraction = s.examplesSeen / paced.examples;
      if ((lowered() === 0 && fraction > 1 / 3) || (lowered() === 1 && fraction > 2 / 3)) {
        void lowerRate(s.learningRate / 2, true);
      }
    }
    requestDraw();
  };

  // ───────────── start near the viewport, pause off-screen

  onMount(() => {
    progress = new ProgressStore();
    keptOnDevice = loadCheckpoints(script());
    const stored = new Set(progress.get(script().id).done);
    setSteps(
      produce((all) => {
        script().steps.forEach((step, i) => {
          if (stored.has(step.id)) all[i].before = true;
        });
      }),
    );
    const near = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && phase() === 'idle') start();
      },
      { rootMargin: '100% 0px' },
    );
    near.observe(root);
    const onScreen = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      setVisible(entry.isIntersecting);
      applyPause();
    });
    onScreen.observe(root);
    observers.push(near, onScreen);
  });

  onCleanup(() => {
    for (const o of observers) o.disconnect();
    if (raf) cancelAnimationFrame(raf);
    runner?.cancel();
    for (const id of ids()) trainers[id]?.dispose();
  });

  /**
   * Start the workers (and, the first time, the runner). After a crash `resume` keeps the runner and
   * its saved checkpoints: the networks come back at the latest checkpoint before the current step,
   * and running a later step replays what lies between (every run is seeded, so nothing changes).
   */
  function start(resume = false) {
    setPhase('loading');
    // New trainers number their curves afresh: whatever they send first starts a new curve, and
    // no engine is lent any more.
    for (const id of ids()) {
      setNets(id, 'curve', -1);
      delete loans[id];
    }
    const backends: Partial<Record<NetworkId, ReturnType<typeof fromTrainer>>> = {};
    for (const id of ids()) {
      const trainer = makeTrainer({
        onSnapshot: onSnapshot(id),
        onError: (message) => {
          setError(message);
          setPhase('failed');
        },
      });
      trainers[id] = trainer;
      backends[id] = fromTrainer(trainer.remote);
    }
    if (resume && runner) {
      runner.reattach(backends);
    } else {
      runner = new LessonRunner(script(), backends, {
        onNetworkChange: (id, info) => {
          // The same network (back from a loan, its training changed live) keeps its selected
          // neuron; another one (loaded, restored, unloaded) starts with none.
          const same = info.config !== null && unwrap(nets[id].info)?.config === info.config;
          setNets(id, 'info', { ...info });
          // Its loss curve follows its snapshots (onSnapshot): anew from 0, cut at a restore.
          if (!same) setNets(id, { selected: null, neuronField: null });
          if (!info.config) {
            // Unloaded (back to a checkpoint from before its load): the panel is empty again.
            live[id] = { snapshot: null, history: [] };
            requestDraw();
          }
        },
        onBorrow: (id, phase) => {
          const loan = loans[id];
          if (phase === 'lend')
            loans[id] = {
              history: [...live[id].history],
              curve: nets[id].curve,
              back: false,
            };
          else if (loan) {
            loan.back = true;
            incoming[id] = loan.history;
          }
        },
        onSurvey: (rows) => setSurvey(rows),
        onBenchmark: (rows) => setBenchmark(rows),
        onWork: (w) => setWork(w),
        onCheckpoints: (saved) => setSavedSteps(new Set(saved)),
        onTrain: (id, { from }) => {
          // A lent engine's training is the borrower's (the measurement's), not the network's.
          if (trainedFrom[id] && !loans[id]) setTrainedFrom(id, 'base', from);
        },
        onAction: (_step, k, action) => {
          if (k === 0) clearProgress(); // a step of its own, while catching up too
          if (action.do !== 'train') return;
          for (const id of action.networks)
            setTrainedFrom(id, (from) => ({
              base: from?.base ?? null,
              total: (from?.total ?? 0) + action.examples,
            }));
        },
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      });
    }
    void Promise.all(
      // eslint-disable-next-line solid/reactivity -- start() sets each worker's view once; a lesson's script (so showNeurons) never changes
      ids().map(async (id) => {
        const trainer = trainers[id];
        if (!trainer) return;
        const { simd } = await trainer.ready;
        if (!simd) setScalar(true);
        await trainer.remote.setView({
          resolution: 48,
          thumbResolution: showNeurons() ? 16 : 0,
          testLoss: true,
          neuronStats: showNeurons(),
        });
      }),
    )
      // eslint-disable-next-line solid/reactivity -- once the workers are ready: reads the phase and step of that moment
      .then(async () => {
        if (!resume) {
          const back = await resumeKept();
          if (phase() === 'loading') setPhase('ready');
          applyPause();
          if (back === null) {
            // Where the reader was: the first step not met before (its earlier steps run again
            // first, as the step says), or the first step when every one was.
            const next = steps.findIndex((s) => !s.before);
            void enterStep(Math.max(0, next));
          }
          return;
        }
        setPosition(-1);
        for (let k = current() - 1; k >= 0 && runner; k--) {
          if (!runner.savedCheckpoint(k)) continue;
          await restoreCheckpoint(k);
          void forgetCheckpoints(script(), k);
          setPosition(k);
          break;
        }
        if (phase() === 'loading') setPhase('ready');
        applyPause();
        setAnnouncement(
          position() >= 0
            ? `The trainer restarted; the networks are back at checkpoint ${position() + 1}.`
            : 'The trainer restarted.',
        );
        // "Restart the trainer" went with the alert: the focus goes on to the current step's
        // first control (its prediction, or "Run this step"), not to the page's top.
        if (focusLost()) firstControl(stepItem(current()))?.focus();
      })
      .catch((e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setPhase('failed');
      });
  }

  /** "Restart the trainer" after a crash: new workers, the steps' results kept. */
  function restart() {
    for (const id of ids()) {
      trainers[id]?.dispose();
      delete trainers[id];
    }
    // A step that was running when the worker died will never finish: it can be run again.
    const stuck = running();
    if (stuck !== null) setSteps(stuck, { status: 'waiting', shown: false });
    setRunning(null);
    setPaused(false);
    setError(null);
    start(true);
  }

  /** Hold the runner and pause the workers while off-screen or paused by the reader. */
  function applyPause() {
    if (!runner || phase() !== 'ready') return;
    const hold = paused() || !visible();
    if (hold && !runner.held) {
      runner.hold();
      for (const id of ids()) void trainers[id]?.remote.pause();
    } else if (!hold && runner.held) {
      runner.resume();
    }
  }

  // ───────────── steps

  /** Make step `i` the current one. */
  async function enterStep(i: number) {
    setCurrent(i);
    setReaderNote(null);
    inspected.a.clear();
    inspected.b.clear();
    setLowered(0);
    forgetSlider();
  }

  /** Save checkpoint `k` with the networks' loss curves. */
  async function saveCheckpoint(k: number, result: CheckResult | null) {
    if (!runner) return;
    await runner.save(k, result, {
      a: [...live.a.history],
      b: [...live.b.history],
    });
  }

  /**
   * Step `k` is met: its checkpoint (saved with `saveCheckpoint`) is kept in this browser too, so a
   * reader who comes back finds the networks as they were, and its step is ticked in the progress.
   */
  function keepMet(k: number) {
    const saved = runner?.savedCheckpoint(k);
    const selected: Selection = {};
    for (const id of ids()) {
      const ref = unwrap(nets[id].selected);
      if (ref) selected[id] = { ...ref };
    }
    selectedAt[k] = selected;
    if (saved) void keepCheckpoint(script(), saved, steps[k].answer, selected);
    tickMet(k);
  }

  /**
   * Step `k` is met on this page: ticked in the progress, not as an earlier visit's. Writes no
   * checkpoint (coming back, the kept ones are already stored, with the date they were met).
   */
  function tickMet(k: number) {
    progress?.markDone(script().id, script().steps[k].id, script().steps.length);
    setSteps(k, 'before', false);
  }

  /**
   * Step `k`, met on an earlier visit, was run again here and not met: this run's result is what
   * the page shows, so its earlier tick goes, from the count and the stored progress too.
   */
  function untickBefore(k: number) {
    if (!steps[k].before) return;
    setSteps(k, 'before', false);
    progress?.unmark(script().id, [script().steps[k].id]);
  }

  /** Put the networks back as at checkpoint `k`, their loss curves too, and the survey and measurement. */
  async function restoreCheckpoint(k: number) {
    if (!runner) return;
    const saved = runner.savedCheckpoint(k);
    for (const id of ids()) incoming[id] = saved?.networks[id]?.curve ?? [];
    await runner.restore(k);
    setSurvey(runner.survey);
    setBenchmark(runner.benchmark);
    // The neurons selected when it was met are drawn again (the restore cleared the selection).
    for (const id of ids()) {
      const ref = selectedAt[k]?.[id];
      if (ref) await showNeuron(id, ref).catch(() => undefined);
    }
  }

  /** Put the networks back as before step 1: none loaded, no survey or measurement. */
  function restoreStart() {
    if (!runner) return;
    for (const id of ids()) incoming[id] = [];
    runner.restoreStart();
    setSurvey(null);
    setBenchmark(null);
  }

  /**
   * The networks went back to checkpoint `at` (−1: to the start), so the steps after it no
   * longer describe them: they are to be met again. Unticked here (the running step keeps its
   * status), in the count and the stored progress, and their checkpoints are forgotten in this
   * browser, so none can be come back to. (The runner forgot its own as it restored: `restore`
   * and `restoreStart` drop what follows.) Call it after restoring.
   */
  function untickAfter(at: number) {
    const later = script().steps.slice(at + 1);
    for (let k = at + 1; k < script().steps.length; k++)
      setSteps(
        k,
        k === running()
          ? { result: null, before: false }
          : { status: 'waiting', result: null, shown: false, before: false },
      );
    progress?.unmark(
      script().id,
      later.map((s) => s.id),
    );
    void forgetCheckpoints(script(), at);
  }

  /**
   * Coming back to the lesson: put the networks back at the last checkpoint this browser kept, with
   * every kept step's result, and make the step after it the current one. The index of that
   * checkpoint, or null when none was kept (or this engine cannot read it: then none is kept now).
   */
  async function resumeKept(): Promise<number | null> {
    const kept = await keptOnDevice;
    const last = kept[kept.length - 1];
    if (!runner || !last) return null;
    for (const k of kept) {
      runner.remember(k.checkpoint);
      selectedAt[k.checkpoint.step] = k.selected;
    }
    const at = last.checkpoint.step;
    try {
      await restoreCheckpoint(at);
      // Records after it (of another version of the script) describe no network here.
      void forgetCheckpoints(script(), at);
    } catch {
      // Saved by a version of the engine that cannot read it back: the lesson starts afresh.
      runner.forget(-1);
      void forgetCheckpoints(script(), -1);
      return null;
    }
    setSteps(
      produce((all) => {
        for (const k of kept) {
          const i = k.checkpoint.step;
          all[i] = { ...all[i], status: 'met', result: k.checkpoint.result, answer: k.answer };
        }
      }),
    );
    // A kept checkpoint is a met step, whatever the progress in localStorage says. Its record
    // is not written again: it keeps the date it was met, and a reload writes nothing.
    for (const k of kept) tickMet(k.checkpoint.step);
    setPosition(at);
    await enterStep(Math.min(at + 1, script().steps.length - 1));
    setResumed({ step: at, savedAt: last.savedAt });
    setAnnouncement(
      `Welcome back: the networks are as they were at checkpoint ${at + 1}, ${script().steps[at].title}.`,
    );
    return at;
  }

  /**
   * Bring the networks to the state just before step `i`: replay missed steps or go back. Going
   * back (running an earlier step again) is going back to the checkpoint before it, or to the
   * start for step 1 (no network loaded): the steps after it are unticked as "Back to this
   * checkpoint" does, since what step `i` does now is what they build on, and it is current.
   */
  async function prepare(i: number) {
    if (!runner || position() === i - 1) return;
    if (position() > i - 1) {
      // The latest checkpoint before step i (missing where a step was not met), else the start.
      let at = i - 1;
      while (at >= 0 && !runner.savedCheckpoint(at)) at--;
      if (at >= 0) await restoreCheckpoint(at);
      else restoreStart();
      setPosition(at);
      untickAfter(at);
      if (current() > i) await enterStep(i);
    }
    // Catch up: run the earlier steps' actions (reader tasks are left to the reader).
    for (let k = Math.max(0, position() + 1); k < i; k++) {
      setRunning(k);
      const result = await runner.runStep(k);
      await saveCheckpoint(k, result);
      setPosition(k);
      if (result) setSteps(k, { result, status: result.passed ? 'met' : 'unmet' });
      if (result?.passed) keepMet(k);
      else if (result) untickBefore(k);
    }
  }

  async function run(i: number, showMe = false) {
    const step = script().steps[i];
    if (!runner || running() !== null || !step) return;
    if (paused()) {
      setPaused(false);
      applyPause();
    }
    autoLower =
      showMe &&
      'reader' in step.checkpoint.check &&
      step.checkpoint.check.reader === 'lowerLearningRate';
    setLowered(0);
    forgetSlider();
    setError(null);
    // A step's own button keeps the focus; "Show me" goes once the step is met (refocus). Read
    // before the step's status changes: running, its controls are replaced (and the focus with
    // them, when it was "Run this step again").
    const focusedHere = !!stepItem(i)?.contains(document.activeElement);
    setSteps(i, { status: 'running', shown: showMe });
    setAnnouncement(`Running step ${i + 1}: ${withStop(step.title)}`);
    setReaderNote(null);
    setJustMet(null);
    setResumed(null);
    clearProgress();
    // Running from here on, through the restore or catch-up before the step: every run button is
    // busy (aria-disabled) at once, and run() ignores presses, so a second press cannot start a
    // second run meanwhile.
    setRunning(i);
    try {
      await prepare(i);
      // The step's own training from here: not what catching up on earlier steps trained.
      clearProgress();
      setRunning(i);
      if (autoLower) await runner.runStep(i); // actions only; the rate is lowered from onSnapshot
      const result = autoLower ? null : await runner.runStep(i);
      setPosition(i);
      for (const id of ids()) if (runner.networks[id].config) void trainers[id]?.remote.refresh();
      const check = step.checkpoint.check;
      // A slider gesture still resting when the run ended counts (the rest timer would find
      // no step running, and drop it).
      settleSlider();
      if (result) {
        await conclude(i, result.passed, result);
      } else if ('reader' in check) {
        if (
          check.reader === 'runMeasurement' ||
          (check.reader === 'lowerLearningRate' && lowered() >= 2)
        ) {
          await conclude(i, true, null);
        } else if (showMe) {
          await showReader(i);
        } else {
          setSteps(i, 'status', 'waiting');
          setAnnouncement(`Step ${i + 1}: ${step.checkpoint.unmet}`);
          if (check.reader === 'lowerLearningRate') await conclude(i, false, null);
        }
      }
    } catch (e) {
      if (e instanceof CancelledError) return;
      setSteps(i, 'status', 'unmet');
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      autoLower = false;
      setRunning(null);
      // Only where the focus was lost with the button: a reader who moved on (to the rate
      // controls, a link) while the step ran keeps their place.
      if (focusedHere && focusLost()) refocus(i);
      // Run from the step itself: its result, which the grown dock may cover, in sight.
      if (focusedHere) requestAnimationFrame(() => revealAboveDock(i));
    }
  }

  const stepItem = (i: number) =>
    root.querySelector<HTMLElement>(`[data-testid="step-${script().steps[i]?.id}"]`);

  /**
   * The focus after step `i`'s pressed button went away (the page's body had it): the step's run
   * button ("Run this step again"). A reader task has none, and its "Show me" goes once the task
   * is done: the focus goes on to the step now current, its first control (a prediction's first
   * choice, "Run this step"), where the reader carries on; or else to the step's first button.
   */
  function refocus(i: number) {
    const own = stepItem(i)?.querySelector<HTMLElement>('.guided-step__run');
    const next = current() !== i ? firstControl(stepItem(current())) : null;
    // A reader who scrolled away while the step ran (up to the plots) is not scrolled back.
    const box = stepItem(i)?.getBoundingClientRect();
    const away = !box || box.bottom <= 0 || box.top >= innerHeight;
    (own ?? next ?? firstControl(stepItem(i)))?.focus({
      preventScroll: away,
    });
  }

  /** Record a checkpoint's outcome: save the state, tick, announce, store progress. */
  async function conclude(i: number, passed: boolean, result: CheckResult | null) {
    const step = script().steps[i];
    // Save before ticking, so "Back to this checkpoint" appears with the tick.
    if (passed && runner) {
      await saveCheckpoint(i, result);
      setPosition(i);
    }
    setSteps(i, { result, status: passed ? 'met' : 'unmet' });
    const text = fillTemplate(
      passed ? step.checkpoint.met : step.checkpoint.unmet,
      result?.values ?? {},
    );
    // With the prediction's outcome, as the step shows it: a reader whose focus stays on the
    // step's button heard only the checkpoint before.
    const prediction = step.prediction;
    const answer = steps[i].answer;
    const guess =
      prediction && answer !== null
        ? answer === prediction.answer
          ? ' You predicted it.'
          : ' Not what you predicted.'
        : '';
    setAnnouncement(`Step ${i + 1} ${passed ? 'checkpoint met' : 'not met yet'}: ${text}${guess}`);
    if (!passed) return untickBefore(i);
    setJustMet(i);
    setReaderNote(null);
    keepMet(i);
    if (i + 1 < script().steps.length && current() === i) await enterStep(i + 1);
  }

  /** "Show me" for tasks only the reader can do: the page does them. */
  async function showReader(i: number) {
    const check = script().steps[i].checkpoint.check;
    if (!('reader' in check)) return;
    const id = check.network;
    const snapshot = live[id].snapshot;
    if (check.reader === 'selectDeadNeuron') {
      const stats = snapshot?.neuronStats ?? (await trainers[id]?.remote.neuronStats(64)) ?? [];
      const hidden = nets[id].info?.config?.network.hidden.length ?? 0;
      const dead = stats.find((s) => s.dead && s.layer < hidden);
      if (dead) await select(id, { layer: dead.layer, index: dead.index }, i, false);
      else setAnnouncement('No neuron is dead in this network right now.');
    } else if (check.reader === 'inspectEachLayer') {
      // The first neuron of each layer, the one the lesson's prose describes; the last stays shown.
      const sizes = snapshot?.layerSizes ?? [];
      for (let layer = 0; layer < sizes.length - 1; layer++) {
        await select(id, { layer, index: 0 }, i, false);
      }
    }
  }

  /** Say what a reader's click did (readerNote), and show it in step `stepIndex`. */
  function tell(stepIndex: number, text: string, spoken = text) {
    setJustMet(null); // the reader has moved on to this step's task
    setReaderNote({ step: stepIndex, text });
    setAnnouncement(spoken);
  }

  /** Select a neuron and draw its picture under the graph; false when its network has no trainer. */
  async function showNeuron(id: NetworkId, ref: NeuronRef): Promise<boolean> {
    setNets(id, 'selected', ref);
    const trainer = trainers[id];
    if (!trainer) return false;
    const resolution = 64;
    const values = await trainer.remote.neuron(ref.layer, ref.index, resolution);
    setNets(id, 'neuronField', { values, resolution });
    return true;
  }

  /** Select a neuron: `byReader` when the reader tapped it (not "Show me" doing the task). */
  async function select(id: NetworkId, ref: NeuronRef, stepIndex = current(), byReader = true) {
    const trainer = trainers[id];
    if (!(await showNeuron(id, ref)) || !trainer) return;
    // Where the dock shows (a phone), the neuron's picture sits below the graph and the dock
    // may cover it.
    if (byReader && dock && getComputedStyle(dock).display !== 'none') {
      root
        .querySelector(`[data-testid="network-${id}"] .guided-net__neuron`)
        ?.scrollIntoView({ block: 'nearest', behavior: scrollBehavior() });
    }
    // Reader tasks of the current step.
    const step = script().steps[stepIndex];
    const check = step?.checkpoint.check;
    if (!check || !('reader' in check) || check.network !== id || steps[stepIndex].status === 'met')
      return;
    if (position() < stepIndex - 1 || (running() !== null && running() !== stepIndex)) return;
    const hidden = nets[id].info?.config?.network.hidden.length ?? 0;
    if (check.reader === 'selectDeadNeuron') {
      const stats = live[id].snapshot?.neuronStats ?? (await trainer.remote.neuronStats(64));
      const stat = stats.find((s) => s.layer === ref.layer && s.index === ref.index);
      if (stat?.dead && ref.layer < hidden) {
        await conclude(stepIndex, true, null);
      } else {
        tell(stepIndex, 'That neuron is alive.', `That neuron is alive. ${step.checkpoint.unmet}`);
      }
    } else if (check.reader === 'inspectEachLayer' && ref.layer < hidden) {
      inspected[id].add(ref.layer);
      const left = hidden - inspected[id].size;
      if (left <= 0) {
        await conclude(stepIndex, true, null);
      } else {
        tell(stepIndex, `Layer ${ref.layer + 1} inspected; ${countOf(left, 'layer')} to go.`);
      }
    }
  }

  /** The network whose rate the reader controls in the running step (the first one it trains). */
  const rateNetwork = (): NetworkId => {
    const i = running() ?? current();
    for (const a of script().steps[i]?.actions ?? [])
      if (a.do === 'train' && a.rateControl) return a.networks[0];
    return 'a';
  };

  async function lowerRate(value: number, byPage = false, bySlider = false) {
    const id = rateNetwork();
    if (!runner || !trainers[id] || !Number.isFinite(value) || value <= 0) return;
    const before = live[id].snapshot?.learningRate ?? Infinity;
    // Counted before the round trip: snapshots arriving meanwhile (still at the old rate) must
    // not lower it again ("Show me" halved 0.15 to 0.075 several times and counted each). The
    // slider's moves are counted once it rests (sliderMoved).
    const counts = !bySlider && running() !== null && value < before - 1e-12;
    if (counts) setLowered((n) => n + 1);
    try {
      // Through the runner, so the network's info (its sandbox link, its checkpoint) has it: the
      // link opened the sandbox at the rate B was loaded with.
      await runner.changeTraining(id, { learningRate: value });
    } catch (e) {
      if (counts) setLowered((n) => n - 1);
      throw e;
    }
    setRate(value);
    // The slider says its own value as it moves; an announcement of each step too was a flood.
    if (!bySlider)
      setAnnouncement(
        `${byPage ? 'The page lowered' : 'Learning rate of network ' + id.toUpperCase() + ' set'} to ${formatRate(value)}.`,
      );
  }

  /**
   * The rate slider moved: the rate follows at once, and one lowering is counted once the slider
   * has rested for SLIDER_REST_MS below where the gesture started. Each arrow key is a change, so
   * two taps of ← counted as lowering the rate twice, and met the task.
   */
  let sliderFrom: number | null = null;
  let sliderTo = 0;
  let sliderTimer: ReturnType<typeof setTimeout> | undefined;
  function sliderMoved(value: number) {
    // From a rate not known yet, a move is applied but not counted either way.
    const start = rate();
    if (start !== null) sliderFrom ??= start;
    sliderTo = value;
    void lowerRate(value, false, true);
    clearTimeout(sliderTimer);
    sliderTimer = setTimeout(settleSlider, SLIDER_REST_MS);
  }
  /**
   * The slider's gesture is over (it rested, or the step's run ended before it did): one
   * lowering, if it ended below where it started and a step is running.
   */
  function settleSlider() {
    clearTimeout(sliderTimer);
    sliderTimer = undefined;
    const from = sliderFrom;
    sliderFrom = null;
    if (from === null || running() === null || !(sliderTo < from - 1e-12)) return;
    setLowered((n) => n + 1);
    setAnnouncement(
      `Learning rate of network ${rateNetwork().toUpperCase()} lowered to ${formatRate(sliderTo)}.`,
    );
  }
  /** A step starts: no gesture of the last one is counted in it. */
  function forgetSlider() {
    clearTimeout(sliderTimer);
    sliderTimer = undefined;
    sliderFrom = null;
  }
  onCleanup(() => clearTimeout(sliderTimer));

  /** "Halve it", in the step's rate controls and in the dock. */
  const halveRate = () => void lowerRate((rate() ?? 0.1) / 2);

  async function goBack(i: number) {
    if (!runner || running() !== null || !runner.savedCheckpoint(i)) return;
    await restoreCheckpoint(i);
    setPosition(i);
    setResumed(null);
    // The later steps are to be met again: untick them, here and in the stored progress.
    untickAfter(i);
    await enterStep(Math.min(i + 1, script().steps.length - 1));
    setAnnouncement(
      `Back at checkpoint ${i + 1}: ${script().steps[i].title}. The networks are as they were then.`,
    );
  }

  /** "Step 1 runs" or "Steps 1–3 run": the steps running step `i` replays first. */
  /**
   * The steps that run again before step `i` (0-based) can: those after the networks' position
   * that do something. A reader task there has nothing to run, so it is not named ("Step 1", not
   * "Steps 1–3" when steps 2 and 3 are tasks). 1-based numbers, runs of them joined: "Steps 1–2
   * and 4".
   */
  const replayed = (i: number): { text: string; one: boolean } | null => {
    const steps = script().steps;
    const runs: number[][] = [];
    for (let k = position() + 1; k < i; k++) {
      if (steps[k].actions.length === 0) continue;
      const last = runs[runs.length - 1];
      if (last && last[last.length - 1] === k) last.push(k + 1);
      else runs.push([k + 1]);
    }
    const parts = runs.map((r) => (r.length === 1 ? `${r[0]}` : `${r[0]}–${r[r.length - 1]}`));
    const one = runs.length === 1 && runs[0].length === 1;
    const list =
      parts.length > 1
        ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
        : parts[0];
    return list === undefined ? null : { text: `${one ? 'Step' : 'Steps'} ${list}`, one };
  };

  /**
   * Bring the networks to where step `i` begins (its earlier steps run again), for a reader task,
   * which has no run button to do it with.
   */
  async function catchUp(i: number) {
    if (!runner || running() !== null) return;
    setResumed(null);
    setRunning(i);
    try {
      await prepare(i);
      setAnnouncement(
        `The networks are back at checkpoint ${i}. ${script().steps[i].checkpoint.unmet}`,
      );
    } catch (e) {
      if (!(e instanceof CancelledError)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(null);
      // The pressed button goes once the networks are there.
      if (focusLost()) refocus(i);
    }
  }

  const togglePause = () => {
    setPaused(!paused());
    applyPause();
    setAnnouncement(paused() ? 'Training paused.' : 'Training resumed.');
  };

  /** The running step's paced train action (trained in chunks), if any. */
  function pacedTraining() {
    const i = running();
    if (i === null) return null;
    for (const a of script().steps[i]?.actions ?? []) if (a.do === 'train' && a.pace) return a;
    return null;
  }

  const jobProgress = () => {
    const w = work();
    if (w) return { done: w.done, total: w.total, ...workText(w) };
    // The step's whole training, not the trainer's current job: a pause ends a job and a resume
    // starts one for what is left, and paced training is many short jobs (trainedFrom).
    let done = 0;
    let total = 0;
    let networks = 0;
    for (const id of ids()) {
      const from = trainedFrom[id];
      if (!from) continue;
      const seen = drawn()[id].snapshot?.examplesSeen; // reactive: follows the drawn frames
      if (from.base !== null && seen !== undefined)
        done += Math.min(from.total, Math.max(0, seen - from.base));
      total += from.total;
      networks++;
    }
    return total > 0 ? { done, total, networks } : null;
  };

  /** "Measuring GCU, fast cos, 100,000 examples: variant 2 of 3, round 1 of 3", then what was measured. */
  /**
   * The bar's words for a survey or a measurement, and its name: "Surveying networks 4 neurons
   * wide: width 3 of 7, 500 networks each"; "Measuring GCU, fast cos, 100,000 examples: variant
   * 2 of 3, round 1 of 3"; then what was done.
   */
  const workText = (w: WorkProgress): { text: string; name: string } => {
    const under = w.done < w.total;
    if (w.kind === 'survey')
      return {
        name: 'Survey progress',
        text: under
          ? `Surveying networks ${w.width} neurons wide: width ${w.done + 1} of ${w.total}, ${formatCount(w.trials)} networks each`
          : `Surveyed ${w.total} widths, ${formatCount(w.trials)} networks each`,
      };
    return {
      name: 'Measurement progress',
      text: under
        ? `Measuring ${w.label}, ${formatCount(w.examples)} examples: variant ${w.variant} of ${w.variants}, round ${w.round} of ${w.rounds}`
        : `Measured ${w.variants} variants, best of ${w.rounds} rounds of ${formatCount(w.examples)} examples each`,
    };
  };

  /**
   * How network `id`'s last training diverged, if it did. The trainer says so until its state is
   * restored, which it takes for a fresh start; a checkpoint restored (coming back to the lesson)
   * has it in the network's info, which holds while the network has not trained on.
   */
  const divergence = (id: NetworkId) => {
    const s = drawn()[id].snapshot;
    const kept = nets[id].info?.diverged;
    if (!s) return null;
    return s.diverged ?? (kept && s.examplesSeen === kept.atExample ? kept : null);
  };

  const doneCount = () => steps.filter((s) => s.status === 'met' || s.before).length;
  /**
   * Step `i` asks for a prediction that the reader has not given yet. Not a step met on an
   * earlier visit: the reader predicted then, and it folds to its controls, its choices out of
   * sight (its answer was not kept with its networks), so "Run this step" must not wait for one.
   */
  const needsAnswerAt = (i: number) =>
    !!script().steps[i].prediction &&
    steps[i].answer === null &&
    steps[i].status !== 'met' &&
    !steps[i].before &&
    !steps[i].shown;
  // The phone's dock swaps its buttons as a step runs and ends (Run → Pause → the next step's):
  // a focused button that goes would leave focus nowhere, so it moves to the dock's title.
  let dock!: HTMLDivElement;
  let dockTitle: HTMLButtonElement | undefined;
  let dockFocused = false;
  createEffect(() => {
    // What decides the dock's buttons.
    void [current(), running(), steps[current()]?.status, needsAnswerAt(current()), phase()];
    queueMicrotask(() => {
      if (dockFocused && focusLost()) dockTitle?.focus({ preventScroll: true });
    });
  });

  /**
   * Scroll `place` to the top of the screen (from the phone's dock or a step's button), and focus
   * its first enabled control when `focusFirst`; false when there is no such place.
   */
  const bringIntoView = (place: HTMLElement | null, focusFirst: boolean): boolean => {
    if (!place) return false;
    place.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
    if (focusFirst) firstControl(place)?.focus({ preventScroll: true });
    return true;
  };

  /**
   * Where the dock shows (a phone), scroll step `i`'s result up out from under it, if the dock
   * covers any of it, as far as the result's top allows: after a step ends, the dock grows by its
   * "Checkpoint met" line and covered the result it had just appeared beside. Only for a reader
   * still at the step (its focus in it, the step in sight above the dock): one who scrolled up to
   * the plots while it ran keeps their place, and the dock's "Read what happened" is there.
   */
  const revealAboveDock = (i: number) => {
    const item = stepItem(i);
    const result = item?.querySelector<HTMLElement>('[data-testid^="result-"]');
    if (!item || !result || !dock || getComputedStyle(dock).display === 'none') return;
    const dockTop = dock.getBoundingClientRect().top;
    const step = item.getBoundingClientRect();
    if (!item.contains(document.activeElement) || step.top >= dockTop || step.bottom <= 0) return;
    const box = result.getBoundingClientRect();
    const margin = 8;
    const by = Math.min(box.bottom - (dockTop - margin), box.top - margin);
    if (by > 0) window.scrollBy({ top: by, behavior: scrollBehavior() });
  };

  /**
   * Where the reader does step `i`'s task (from the dock's "Your turn", shown for steps with no
   * actions): a neuron task in its network's graph, its first neuron focused; else the step.
   */
  const showTask = (i: number) => {
    const id = graphTaskNetwork(script().steps[i]);
    const graph = id
      ? root.querySelector<HTMLElement>(`[data-testid="network-${id}"] .guided-net__neurons`)
      : null;
    if (!bringIntoView(graph, true)) showStep(i);
  };

  /**
   * Bring step `i`'s plots into view (from the phone's dock): the panel of the network its
   * checkpoint reads, else the plots from the top. The focus stays in the dock.
   */
  const showPlots = (i: number) => {
    const check = script().steps[i]?.checkpoint.check;
    const id = check && 'network' in check ? check.network : null;
    bringIntoView(
      root.querySelector<HTMLElement>(id ? `[data-testid="network-${id}"]` : '.guided__stage'),
      false,
    );
  };

  /**
   * The dock's "· See the plots" after a line about step `step`: what a result points at (a
   * count, a chart, the loss curve the rate is lowered for) stands a long way above the steps on
   * a phone.
   */
  const SeeThePlots = (p: { step: number }) => (
    <>
      <span aria-hidden="true"> · </span>
      <button type="button" class="guided-dock__link" onClick={() => showPlots(p.step)}>
        See the plots
      </button>
    </>
  );

  /** Bring step `i` into view (from the phone's dock), its first radio or button focused. */
  const showStep = (i: number) => bringIntoView(stepItem(i), true);
  const stepCheck = (step: Step) => step.checkpoint.check;
  /** "metric:deadNeurons" or "reader:selectDeadNeuron": lets tests (and styles) tell steps apart. */
  const checkName = (step: Step) => {
    const check = step.checkpoint.check;
    return 'metric' in check ? `metric:${check.metric}` : `reader:${check.reader}`;
  };
  /** "Learning rate 0.075, lowered 1 time", for the dock. */
  const rateNote = () => {
    const r = rate();
    const n = lowered();
    const times = n > 0 ? `, lowered ${countOf(n, 'time')}` : '';
    return `Learning rate ${r === null ? '—' : formatRate(r)}${times}`;
  };
  const rateStep = () => {
    const i = running();
    if (i === null) return false;
    return script().steps[i].actions.some((a) => a.do === 'train' && a.rateControl);
  };

  return (
    <figure
      ref={root}
      class="guided wide"
      classList={{ 'guided--pair': ids().length === 2 }}
      data-testid={`guided-${script().id}`}
      aria-labelledby={`guided-title-${script().id}`}
      aria-busy={running() !== null}
    >
      <figcaption class="guided__head">
        <span class="eyebrow">Guided experiment</span>
        <span id={`guided-title-${script().id}`} class="guided__title">
          {script().title}
        </span>
        <span class="guided__count" data-testid="guided-count">
          {doneCount()} of {script().steps.length} checkpoints
        </span>
      </figcaption>

      <div class="guided__body">
        <div class="guided__stage">
          <Switch>
            <Match when={phase() === 'idle' || phase() === 'loading'}>
              <p class="guided__placeholder">
                {phase() === 'idle'
                  ? 'The experiment starts when you scroll to it.'
                  : 'Loading the engine…'}
              </p>
            </Match>
            <Match when={phase() === 'failed'}>
              <div class="guided__error" role="alert" data-testid="guided-failed">
                <p>
                  The trainer stopped: {(error() ?? '').replace(/\.$/, '')}. The steps you finished
                  are kept.
                </p>
                <button type="button" class="button" onClick={restart}>
                  Restart the trainer
                </button>
              </div>
            </Match>
          </Switch>
          <Show when={phase() === 'ready' && error()}>
            <p class="guided__error" role="alert" data-testid="guided-error">
              Something went wrong: {error()}
            </p>
          </Show>
          <Show when={resumed()}>
            {(back) => (
              <p class="guided__note" data-testid="guided-resumed">
                Welcome back: the networks are as you left them at checkpoint {back().step + 1},
                kept in this browser on{' '}
                {new Date(back().savedAt).toLocaleString(undefined, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                })}
                .
              </p>
            )}
          </Show>
          <Show when={scalar()}>
            <p class="guided__note" data-testid="scalar-note">
              {SCALAR_ENGINE_NOTE}
            </p>
          </Show>
          <div class="guided__nets" hidden={phase() !== 'ready'}>
            <For each={ids()}>
              {(id) => (
                <NetworkPanel
                  id={id}
                  info={nets[id].info}
                  snapshot={drawn()[id].snapshot}
                  history={drawn()[id].history}
                  showNeurons={showNeurons()}
                  selected={nets[id].selected}
                  onSelect={(ref) => void select(id, ref)}
                  neuronField={nets[id].neuronField}
                  diverged={divergence(id)}
                  compact={ids().length === 2}
                  compare={
                    // A's curve beside B's, unless B blew up: a few examples against A's run
                    // would squeeze B's own curve into one dot.
                    id === 'b' && nets.a.info?.config && !divergence('b') ? drawn().a.history : null
                  }
                  compareLabel="A's training loss"
                />
              )}
            </For>
          </div>
          <Show when={survey()}>
            {(rows) => (
              <BornDeadChart rows={rows()} depth={firstAction(script(), 'bornDead')?.depth ?? 0} />
            )}
          </Show>
          <Show when={benchmark()}>
            {(rows) => (
              <table class="guided-table" data-testid="benchmark">
                <caption>Training speed measured in your browser just now</caption>
                <thead>
                  <tr>
                    <th scope="col">activation</th>
                    <th scope="col">examples per second</th>
                    <th scope="col">relative</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.label}</th>
                        <td>{formatCount(row.examplesPerSecond)}</td>
                        <td>{(row.examplesPerSecond / rows()[0].examplesPerSecond).toFixed(2)}×</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Show>
          {/* The fast mode against the exact one, in words: the prose says the fast cosine is
              the faster, and a reader's browser may say otherwise. */}
          <Show when={benchmark()}>
            {(rows) => (
              <For
                each={fastAgainstExact(
                  measuredVariants(),
                  (label) => rows().find((r) => r.label === label)?.examplesPerSecond,
                )}
              >
                {(pair) => (
                  <p class="guided__note" data-testid="benchmark-fast">
                    {describeFastPair(pair)}
                  </p>
                )}
              </For>
            )}
          </Show>
          <div class="guided__bar">
            <ProgressControls
              job={jobProgress()}
              running={running() !== null}
              paused={paused()}
              onToggle={togglePause}
              counts
            />
            <Show when={!visible() && running() !== null}>
              <span class="guided__bar-text">Paused while off-screen.</span>
            </Show>
          </div>
          <Show when={rateStep()}>
            <div class="guided__rate">
              {/* The value beside the label, not in it: in it, the slider's name changed with
                  its value, and a screen reader said the value twice. */}
              <label for={`rate-${script().id}`}>
                Learning rate of network {rateNetwork().toUpperCase()}
              </label>
              <span class="guided__rate-value" aria-hidden="true">
                {rate() === null ? '—' : formatRate(rate() ?? 0)}
              </span>
              <input
                id={`rate-${script().id}`}
                type="range"
                min={-4}
                max={0}
                step={0.05}
                value={Math.log10(rate() ?? 0.1)}
                aria-valuetext={rate() === null ? 'unknown' : formatRate(rate() ?? 0)}
                onChange={(e) => sliderMoved(10 ** Number(e.currentTarget.value))}
              />
              <button type="button" class="button button--quiet" onClick={halveRate}>
                Halve it
              </button>
            </div>
          </Show>
          <p class="guided__links">
            <For each={ids()}>
              {(id) => (
                <Show when={nets[id].info?.config}>
                  {(config) => (
                    <>
                      <a
                        href={sandboxHref(config(), nets[id].info?.training ?? {})}
                        data-testid={`sandbox-link-${id}`}
                      >
                        Open network {id.toUpperCase()} in the sandbox
                      </a>
                      <Show when={nets[id].info?.trainedOn.length}>
                        {(points) => (
                          <span class="guided__link-note" data-testid={`sandbox-note-${id}`}>
                            {' '}
                            (the same network and seed; the sandbox trains it on examples from the
                            whole square, not on these {points()} points only, so its numbers differ
                            a little)
                          </span>
                        )}
                      </Show>
                    </>
                  )}
                </Show>
              )}
            </For>
          </p>
        </div>

        <ol class="guided__steps">
          <Index each={script().steps}>
            {(step, i) => {
              const state = () => steps[i];
              const isCurrent = () => current() === i;
              const met = () => state().status === 'met';
              /** Met on an earlier visit, its networks not on the page (StepState.before). */
              const metBefore = () => !met() && state().before;
              const needsAnswer = () => needsAnswerAt(i);
              const revealed = () =>
                state().status === 'met' || state().status === 'unmet' || state().shown;
              return (
                <li
                  class="guided-step"
                  classList={{
                    'is-current': isCurrent(),
                    'is-met': met(),
                    'is-before': metBefore(),
                  }}
                  data-testid={`step-${step().id}`}
                  data-status={state().status}
                  data-check={checkName(step())}
                  data-network={
                    'network' in stepCheck(step())
                      ? (stepCheck(step()) as { network: string }).network
                      : undefined
                  }
                >
                  <h3 class="guided-step__title">
                    <span class="guided-step__tick" aria-hidden="true">
                      {met() || metBefore() ? '✓' : i + 1}
                    </span>{' '}
                    {step().title}
                    <Show when={met()}>
                      <span class="visually-hidden"> (checkpoint met)</span>
                    </Show>
                    <Show when={metBefore()}>
                      <span class="visually-hidden"> (checkpoint met on an earlier visit)</span>
                    </Show>
                  </h3>
                  <Show when={isCurrent() || met() || state().status === 'unmet' || state().before}>
                    {/* Finished steps fold down to their result and controls, except the one just finished. */}
                    <Show
                      when={
                        !(met() || metBefore()) || isCurrent() || (met() && i === current() - 1)
                      }
                    >
                      <For each={step().prose.split(/\n\s*\n/)}>{(p) => <p>{p}</p>}</For>
                      <Show when={step().prediction}>
                        {(prediction) => (
                          <fieldset
                            class="guided-step__prediction"
                            disabled={revealed() || running() !== null}
                            aria-describedby={
                              needsAnswer() && phase() === 'ready'
                                ? `answer-first-${step().id}`
                                : undefined
                            }
                          >
                            <legend>Predict first: {prediction().question}</legend>
                            <For each={prediction().choices}>
                              {(choice, c) => (
                                <label classList={{ 'is-chosen': state().answer === c() }}>
                                  <input
                                    type="radio"
                                    name={`predict-${script().id}-${step().id}`}
                                    checked={state().answer === c()}
                                    onChange={() => setSteps(i, 'answer', c())}
                                  />{' '}
                                  <span>
                                    {choice}
                                    {/* Once revealed the radios are disabled and pale: the
                                        choice and the answer are said in words too. */}
                                    <Show when={revealed()}>
                                      {/* The spaces outside the unbreakable marks: the
                                          line may break between them on a phone. */}
                                      <Show when={state().answer === c()}>
                                        {' '}
                                        <span class="guided-step__mark">(your prediction)</span>
                                      </Show>
                                      <Show when={c() === prediction().answer}>
                                        {' '}
                                        <span class="guided-step__mark is-answer">
                                          ✓ the answer
                                        </span>
                                      </Show>
                                    </Show>
                                  </span>
                                </label>
                              )}
                            </For>
                            <Show when={revealed()}>
                              <p class="guided-step__reveal" data-testid={`reveal-${step().id}`}>
                                <Show when={state().answer !== null}>
                                  {state().answer === prediction().answer
                                    ? 'You predicted it. '
                                    : 'Not what you predicted. '}
                                </Show>
                                {prediction().explanation}
                              </p>
                            </Show>
                          </fieldset>
                        )}
                      </Show>
                    </Show>
                    <div class="guided-step__controls">
                      {/* A step runs its actions, or measures (a metric check with no action). */}
                      <Show when={step().actions.length > 0 || 'metric' in step().checkpoint.check}>
                        {/* Busy, not disabled, while a step runs: a disabled button drops
                            the keyboard focus of the reader who pressed it. run() ignores
                            presses meanwhile. */}
                        <button
                          type="button"
                          class="button guided-step__run"
                          disabled={phase() !== 'ready' || needsAnswer()}
                          aria-disabled={running() !== null}
                          onClick={() => void run(i)}
                        >
                          {met() ? 'Run this step again' : 'Run this step'}
                        </button>
                      </Show>
                      <Show when={!met()}>
                        <button
                          type="button"
                          class="button button--quiet"
                          disabled={phase() !== 'ready'}
                          aria-disabled={running() !== null}
                          onClick={() => void run(i, true)}
                        >
                          Show me
                        </button>
                      </Show>
                      <Show when={met() && savedSteps().has(i) && i < script().steps.length - 1}>
                        <button
                          type="button"
                          class="button button--quiet"
                          disabled={running() !== null}
                          onClick={() => void goBack(i)}
                        >
                          Back to this checkpoint
                        </button>
                      </Show>
                      <Show when={needsAnswer() && phase() === 'ready'}>
                        <span class="guided-step__hint" id={`answer-first-${step().id}`}>
                          Choose an answer to run the step.
                        </span>
                      </Show>
                    </div>
                    <Show when={state().status === 'met' || state().status === 'unmet'}>
                      <p
                        class="guided-step__result"
                        classList={{ 'is-met': met() }}
                        data-testid={`result-${step().id}`}
                      >
                        <strong>{met() ? '✓ Checkpoint met. ' : '✗ Not yet. '}</strong>
                        {fillTemplate(
                          met() ? step().checkpoint.met : step().checkpoint.unmet,
                          state().result?.values ?? {},
                        )}
                      </p>
                    </Show>
                    <Show when={metBefore() && state().status === 'waiting'}>
                      <p class="guided-step__result is-before" data-testid={`before-${step().id}`}>
                        <strong>✓ Met on an earlier visit.</strong> Its networks were not kept in
                        this browser.
                      </p>
                    </Show>
                    <Show
                      when={
                        isCurrent() &&
                        !met() &&
                        phase() === 'ready' &&
                        running() === null &&
                        replayed(i)
                      }
                    >
                      {/* The networks are not where this step begins (an earlier visit's were not
                          kept): say what running it does first, and give a task with no run
                          button a way to get them there. */}
                      <p class="guided-step__hint" data-testid={`replay-${step().id}`}>
                        {replayed(i)?.text} {replayed(i)?.one ? 'runs' : 'run'} again first, to
                        bring the networks to where this step begins.
                      </p>
                      <Show
                        when={!(step().actions.length > 0 || 'metric' in step().checkpoint.check)}
                      >
                        <button
                          type="button"
                          class="button guided-step__run"
                          onClick={() => void catchUp(i)}
                        >
                          Run {replayed(i)?.text.toLowerCase()} again
                        </button>
                      </Show>
                    </Show>
                    <Show
                      when={
                        !met() &&
                        'reader' in stepCheck(step()) &&
                        isCurrent() &&
                        state().status === 'waiting' &&
                        position() >= i - 1
                      }
                    >
                      <p class="guided-step__hint">Your turn: {step().checkpoint.unmet}</p>
                      {/* The graph stands far from the step in the tab order (before every step
                          on wide screens): a way there, as the phone's dock has. */}
                      <Show when={graphTaskNetwork(step())}>
                        {(id) => (
                          <button
                            type="button"
                            class="button button--quiet guided-step__go"
                            onClick={() => showTask(i)}
                          >
                            Go to network {id().toUpperCase()}’s graph
                          </button>
                        )}
                      </Show>
                    </Show>
                    {/* The rate controls stand above the steps (in the bar over them), far back
                        in the tab order from the step's button: a way there while it runs. */}
                    <Show when={running() === i && rateStep()}>
                      <button
                        type="button"
                        class="button button--quiet guided-step__go"
                        onClick={() =>
                          bringIntoView(root.querySelector<HTMLElement>('.guided__rate'), true)
                        }
                      >
                        Go to network {rateNetwork().toUpperCase()}’s rate controls
                      </button>
                    </Show>
                    <Show when={!met() && readerNote()?.step === i}>
                      <p class="guided-step__note" data-testid={`note-${step().id}`}>
                        {readerNote()?.text}
                      </p>
                    </Show>
                  </Show>
                </li>
              );
            }}
          </Index>
        </ol>
      </div>
      {/*
        Phones only (CSS): the plots stand above the steps there, a long scroll from the buttons,
        so the current step's controls and the training progress stay at the bottom of the
        screen while the experiment is on it. The same handlers as the step's own buttons.
      */}
      <div
        ref={dock}
        class="guided-dock"
        role="group"
        aria-label="Current step"
        data-testid="guided-dock"
        onFocusIn={() => (dockFocused = true)}
        onFocusOut={(e) => {
          // Focus that goes nowhere (its button was taken away, as Chromium reports that) is
          // still the dock's; focus that moves to another control is not.
          const to = e.relatedTarget as Node | null;
          if (to) dockFocused = dock.contains(to);
        }}
      >
        <Show when={script().steps[current()]}>
          {(step) => (
            <>
              <button
                ref={dockTitle}
                type="button"
                class="guided-dock__title"
                onClick={() => showStep(current())}
                title="Go to this step"
              >
                <span class="guided-dock__number">
                  {current() + 1}/{script().steps.length}
                </span>{' '}
                {step().title}
              </button>
              <Show when={readerNote()?.step === current()}>
                {/* What the last tap on a neuron did, beside the graph it was made on. */}
                <p class="guided-dock__note">{readerNote()?.text}</p>
              </Show>
              <Show when={metLine()}>
                {(met) => (
                  <p class="guided-dock__note" data-testid="dock-met">
                    ✓ Checkpoint {met().step + 1} met.{' '}
                    <button
                      type="button"
                      class="guided-dock__link"
                      onClick={() => showStep(met().step)}
                    >
                      Read what happened
                    </button>
                    <SeeThePlots step={met().step} />
                  </p>
                )}
              </Show>
              <Show when={rateStep()}>
                {/* Lowering the rate by hand: the step's controls, here beside the plots too. */}
                <p class="guided-dock__note">
                  {rateNote()}
                  <SeeThePlots step={current()} />
                </p>
              </Show>
              <div class="guided-dock__controls">
                <Switch>
                  <Match when={running() !== null}>
                    <ProgressControls
                      job={jobProgress()}
                      running
                      paused={paused()}
                      onToggle={togglePause}
                    />
                    <Show when={rateStep()}>
                      <button type="button" class="button" onClick={halveRate}>
                        Halve it
                      </button>
                    </Show>
                  </Match>
                  <Match when={steps[current()].status === 'met'}>
                    <button
                      type="button"
                      class="button button--quiet"
                      onClick={() => showStep(current())}
                    >
                      ✓ Checkpoint met: read it
                    </button>
                  </Match>
                  <Match when={needsAnswerAt(current())}>
                    <button type="button" class="button" onClick={() => showStep(current())}>
                      Predict first
                    </button>
                    <button
                      type="button"
                      class="button button--quiet"
                      disabled={phase() !== 'ready'}
                      onClick={() => void run(current(), true)}
                    >
                      Show me
                    </button>
                  </Match>
                  <Match when={phase() === 'ready'}>
                    <Show
                      when={step().actions.length > 0 || 'metric' in step().checkpoint.check}
                      fallback={
                        <Show
                          when={replayed(current())}
                          fallback={
                            <button
                              type="button"
                              class="button"
                              onClick={() => showTask(current())}
                            >
                              Your turn
                            </button>
                          }
                        >
                          {/* The networks are not where the task begins yet (an earlier visit's
                              were not kept): the task would find an empty graph. */}
                          {(replay) => (
                            <button
                              type="button"
                              class="button"
                              onClick={() => void catchUp(current())}
                            >
                              Run {replay().text.toLowerCase()} again
                            </button>
                          )}
                        </Show>
                      }
                    >
                      <button type="button" class="button" onClick={() => void run(current())}>
                        Run this step
                      </button>
                    </Show>
                    <button
                      type="button"
                      class="button button--quiet"
                      onClick={() => void run(current(), true)}
                    >
                      Show me
                    </button>
                  </Match>
                </Switch>
              </div>
            </>
          )}
        </Show>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="guided-announcer">
        {announcement()}
      </p>
    </figure>
  );
}
