/**
 * A small live experiment: one network trains in its own worker while its response is drawn as
 * a heatmap (with the target's contours over it) and the loss falls. Used by the introductory
 * lesson; the guided-experiment island builds on the same pieces.
 */
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { presetById } from '../lib/presets';
import { HeatmapPlot } from '../lib/plots/heatmap';
import { LossChart } from '../lib/plots/loss-chart';
import { makeTrainer, type Trainer } from '../lib/trainer/client';
import type { LossPoint, TrainerSnapshot } from '../lib/trainer/protocol';
import { formatCount, formatLoss } from '../lib/format';
import { CALM_FRAME_MS, reducedMotion } from '../lib/motion';
import { SCALAR_ENGINE_NOTE } from './sandbox/copy';
import './live-trainer.css';

interface Props {
  /** Preset id from src/lib/presets.ts. */
  preset: string;
  /** Examples trained by one press of the train button. */
  examples?: number;
  /** Short caption under the figure. */
  caption?: string;
}

export default function LiveTrainer(props: Props) {
  const perPress = () => props.examples ?? 50_000;
  const [snapshot, setSnapshot] = createSignal<TrainerSnapshot | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [simd, setSimd] = createSignal(true);
  let plotHost!: HTMLDivElement;
  let lossHost!: HTMLDivElement;
  let trainer: Trainer | null = null;
  let plot: HeatmapPlot | null = null;
  let chart: LossChart | null = null;
  let history: LossPoint[] = [];
  let pending: TrainerSnapshot | null = null;
  let frame = 0;
  let lastDrawn = -Infinity;

  /**
   * At most one frame per animation frame; with reduced motion, at most one a second while a job
   * runs (as the lessons do). The job's last snapshot is drawn at once.
   */
  const draw = () => {
    frame = 0;
    const s = pending;
    if (!s || !plot) return;
    const now = performance.now();
    if (s.status === 'training' && reducedMotion() && now - lastDrawn < CALM_FRAME_MS) {
      frame = requestAnimationFrame(draw);
      return;
    }
    pending = null;
    lastDrawn = now;
    plot.update(s.output, s.resolution, { values: s.target, levels: [0.25, 0.5, 0.75] });
    chart?.update(history, { now: { examples: s.examplesSeen, testLoss: s.testLoss } });
  };

  const onSnapshot = (s: TrainerSnapshot) => {
    history = history.concat(s.history);
    setSnapshot(s);
    pending = s;
    if (!frame) frame = requestAnimationFrame(draw);
  };

  onMount(() => {
    const size = Math.max(180, Math.min(300, plotHost.clientWidth - 60));
    plot = new HeatmapPlot(plotHost, {
      size,
      kind: 'sequential',
      domain: [0, 1],
      label: 'network output',
      contourLevels: [],
    });
    // As wide as its column (a fixed 360 px filled half of it on a wide screen), and about one
    // training-loss point per 3 px: per-example losses are noisy, finer is only hair.
    const width = Math.round(Math.max(280, Math.min(560, lossHost.clientWidth || 360)));
    chart = new LossChart(lossHost, {
      width,
      height: Math.round(Math.max(200, Math.min(260, width * 0.5))),
      maxPoints: Math.round(width / 3),
    });
    start();
  });

  /** Start (or restart) the worker from the preset's seed. */
  const start = () => {
    trainer?.dispose();
    history = [];
    setError(null);
    setBusy(false);
    setSnapshot(null);
    const config = presetById(props.preset).config();
    const current = makeTrainer({ onSnapshot, onError: (message) => setError(message) });
    trainer = current;
    void current.ready
      .then(async (info) => {
        setSimd(info.simd);
        await current.remote.setView({ resolution: 96 });
        await current.remote.configure(config);
      })
      .catch(() => {
        /* reported through onError */
      });
  };

  onCleanup(() => {
    if (frame) cancelAnimationFrame(frame);
    trainer?.dispose();
    plot?.destroy();
  });

  const train = async () => {
    if (!trainer || busy()) return;
    setBusy(true);
    try {
      await trainer.remote.train(perPress());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    if (!trainer || busy()) return;
    history = [];
    await trainer.remote.reset();
  };

  const progress = () => {
    const job = snapshot()?.job;
    return job ? job.done / job.total : null;
  };

  return (
    <figure class="live-trainer wide" aria-busy={busy()}>
      <div class="live-trainer__plots">
        <div ref={plotHost} class="live-trainer__response" />
        <div class="live-trainer__side">
          <dl class="stats" aria-live="off">
            <div>
              <dt>examples seen</dt>
              <dd data-testid="examples">{formatCount(snapshot()?.examplesSeen ?? 0)}</dd>
            </div>
            <div>
              <dt>training loss</dt>
              <dd data-testid="train-loss">{formatLoss(snapshot()?.trainLoss)}</dd>
            </div>
            <div>
              <dt>test loss (64×64 grid)</dt>
              <dd data-testid="test-loss">{formatLoss(snapshot()?.testLoss)}</dd>
            </div>
          </dl>
          <div ref={lossHost} class="live-trainer__loss" />
          <ul class="live-trainer__key" aria-label="Loss curve key">
            <li>
              <svg width="24" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="24" y2="4" class="key-train" />
              </svg>
              training loss (solid)
            </li>
            <li>
              <svg width="24" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="24" y2="4" class="key-test" />
              </svg>
              test loss (dashed)
            </li>
          </ul>
        </div>
      </div>
      <div class="controls">
        {/* Busy while training, not disabled: a disabled button loses the focus of whoever
            pressed it, and a keyboard reader had to find their way back from the page's top
            after every press (train and reset ignore presses while busy). */}
        <button
          type="button"
          onClick={train}
          disabled={!snapshot()}
          aria-disabled={busy() ? 'true' : undefined}
        >
          Train {formatCount(perPress())} examples
        </button>
        <button
          type="button"
          class="secondary"
          onClick={reset}
          disabled={!snapshot()}
          aria-disabled={busy() ? 'true' : undefined}
        >
          Reset
        </button>
        <Show when={progress() !== null}>
          <progress max="1" value={progress() ?? 0} aria-label="Training progress" />
        </Show>
        <span class="status" role="status">
          {error()
            ? ''
            : !snapshot()
              ? 'Loading the engine…'
              : busy()
                ? 'Training…'
                : snapshot()?.examplesSeen
                  ? 'Done. Train more, or reset to start again from the same seed.'
                  : 'Ready.'}
        </span>
      </div>
      <Show when={error()}>
        <div class="error" role="alert">
          <p>
            The trainer stopped: {error()} Nothing else on the page is affected; restarting begins
            again from the same seed.
          </p>
          <button type="button" onClick={start}>
            Restart the trainer
          </button>
        </div>
      </Show>
      <Show when={!simd()}>
        <p class="note" data-testid="scalar-note">
          {SCALAR_ENGINE_NOTE}
        </p>
      </Show>
      <figcaption>
        {props.caption ??
          'Colour: the network’s output over the input square (viridis, 0 to 1). Lines: the target’s contours at 0.25, 0.5 and 0.75.'}
      </figcaption>
    </figure>
  );
}
