/**
 * One network of a guided experiment: its response heatmap (with the target's contours), its loss
 * curve with the learning rate, a few numbers, and — when the script asks about neurons — the
 * network graph with the selected neuron's response drawn large. Wiring and JSX only: the plots
 * are the framework-free ones in src/lib/plots.
 */
import { createEffect, createSignal, onCleanup, onMount, Show, untrack } from 'solid-js';
import { formatCount, formatLoss, formatRate } from '../../lib/format';
import type { TrainReport } from '../../lib/engine/types';
import { countNeurons, type NetworkInfo, type TrainedPoint } from '../../lib/lessons/runner';
import { outputDomain, neuronScale, type ScaleKind } from '../../lib/plots/color';
import { HeatmapPlot } from '../../lib/plots/heatmap';
import { LossChart } from '../../lib/plots/loss-chart';
import { describeNeuron, signRegions, type NeuronRef } from '../../lib/plots/neuron-grid';
import type { LossPoint, TrainerSnapshot } from '../../lib/trainer/protocol';
import LossLegend from '../sandbox/LossLegend';
import NeuronGrid from '../sandbox/NeuronGrid';
import { scrollBehavior } from '../../lib/motion';
import { keepInPlace } from './keep-in-place';

interface Props {
  /** "a" or "b": used in test ids and headings. */
  id: string;
  info: NetworkInfo | null;
  /** The snapshot and curve to show: the parent changes them at most once an animation frame. */
  snapshot: TrainerSnapshot | null;
  history: LossPoint[];
  showNeurons: boolean;
  selected: NeuronRef | null;
  onSelect: (neuron: NeuronRef) => void;
  /** The selected neuron's response (R×R), fetched by the parent. */
  neuronField: { values: Float32Array; resolution: number } | null;
  compact: boolean;
  /** How its last training diverged, if it did (the trainer's word, or a restored checkpoint's). */
  diverged: TrainReport['diverged'];
  /** Another network's history, overlaid on this one's loss chart (network A's on B's). */
  compare?: LossPoint[] | null;
  compareLabel?: string;
}

/** Scroll the graph holding `from` back into view, its selected neuron focused. */
function backToGraph(from: HTMLElement): void {
  const graph = from.closest<HTMLElement>('.guided-net__neurons');
  if (!graph) return;
  graph.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
  graph
    .querySelector<HTMLElement>('.neuron-grid__cells button[tabindex="0"]')
    ?.focus({ preventScroll: true });
}

/** Points as the heatmap draws them: (a, b, label) triples, or null for none. */
function pointTriples(points: readonly TrainedPoint[]): Float32Array | null {
  return points.length ? Float32Array.from(points.flatMap((p) => [p.a, p.b, p.target])) : null;
}

export default function NetworkPanel(props: Props) {
  let plotHost!: HTMLDivElement;
  let lossHost!: HTMLDivElement;
  // A signal: the neuron view mounts with the first snapshot, which can come after the picture
  // (a checkpoint restored with its selected neuron), and the picture is drawn once it is there.
  const [neuronHost, setNeuronHost] = createSignal<HTMLDivElement>();
  let plot: HeatmapPlot | null = null;
  let chart: LossChart | null = null;
  let neuronPlot: HeatmapPlot | null = null;
  const [size, setSize] = createSignal(220);

  /** The response plot, empty (at mount, and again when the network is unloaded). */
  const makePlot = () => {
    plot?.destroy();
    plot = new HeatmapPlot(plotHost, {
      size: size(),
      kind: 'sequential',
      domain: [0, 1],
      label: 'network output',
      contourLevels: [],
    });
    // Made anew with the points it has now (whichever of this and the points' effect runs first).
    plot.setPoints(pointTriples(untrack(trainedOn)));
  };

  onMount(() => {
    const width = plotHost.clientWidth || 260;
    setSize(Math.max(150, Math.min(props.compact ? 200 : 240, width - 50)));
    makePlot();
    chart = new LossChart(lossHost, {
      width: 340,
      height: 190,
      showLearningRate: true,
      maxPoints: 120,
    });
  });

  // The parent paces the snapshots (GuidedExperiment's drawn frames), so this follows them.
  let drawn = false;
  createEffect(() => {
    const s = props.snapshot;
    if (!plot) return;
    if (!s) {
      // No network (not loaded yet, or unloaded by going back): nothing of the last one stays.
      if (drawn) {
        makePlot();
        chart?.update([]);
        drawn = false;
      }
      return;
    }
    drawn = true;
    // On the output's scale, as the sandbox draws it: [0, 1], wider where the target is.
    plot.setDomain(outputDomain(s.target));
    plot.update(s.output, s.resolution, { values: s.target, levels: [0.25, 0.5, 0.75] });
    chart?.update(props.history, {
      compare: props.compare,
      compareLabel: props.compareLabel,
      now: { examples: s.examplesSeen, testLoss: s.testLoss },
    });
  });

  // The selected neuron drawn large, on the scale the sandbox's neuron view uses (neuronScale):
  // the output neuron on the response plot's scale, a hidden one on a symmetric scale of its own.
  let neuronKind: ScaleKind | null = null;
  createEffect(() => {
    const field = props.neuronField;
    const ref = props.selected;
    const host = neuronHost();
    if (!field || !ref || !host) return;
    const isOutput = ref.layer >= hiddenCount();
    // The response plot's scale (the target's), read untracked: a new snapshot is no new field.
    const target = untrack(() => props.snapshot?.target) ?? [];
    const scale = neuronScale(isOutput, field.values, outputDomain(target));
    // A plot whose host left the page (the neuron view is rebuilt when the network is
    // unloaded and loaded again) is made anew in the current host.
    const stale = neuronPlot && (neuronKind !== scale.kind || !host.contains(neuronPlot.root));
    if (neuronPlot && stale) {
      neuronPlot.destroy();
      neuronPlot = null;
    }
    if (!neuronPlot) {
      neuronPlot = new HeatmapPlot(host, {
        size: Math.min(size(), 180),
        kind: scale.kind,
        domain: scale.domain,
        label: 'neuron output',
        contourLevels: scale.levels,
      });
      neuronKind = scale.kind;
    }
    neuronPlot.setDomain(scale.domain);
    // The solid line and the dotted ones, and the key under the plot that says what they mark.
    neuronPlot.setContourLevels(scale.levels, scale);
    neuronPlot.update(field.values, field.resolution);
  });

  onCleanup(() => {
    plot?.destroy();
    neuronPlot?.destroy();
  });

  // The graph stays where the reader saw it while they choose neurons in it (keepInPlace says
  // why). Only where the stage is sticky: on phones nothing above the graph moves it, and the
  // page's own scroll to a tapped neuron's picture must not be undone.
  let stopKeeping: (() => void) | undefined;
  const attachNeurons = (box: HTMLDivElement) => {
    stopKeeping?.();
    queueMicrotask(() => {
      const stage = box.closest<HTMLElement>('.guided__stage');
      const observe = [box.querySelector('.guided-net__neuron'), box.closest('.guided__body')];
      stopKeeping = keepInPlace(
        box,
        observe.filter((e): e is Element => e !== null),
        () =>
          !!stage &&
          getComputedStyle(stage).position === 'sticky' &&
          box.contains(document.activeElement),
      );
    });
  };
  onCleanup(() => stopKeeping?.());

  const hiddenCount = () => props.info?.config?.network.hidden.length ?? 0;
  // Counted among hidden neurons: none to count in a network of one neuron (GCU's XOR steps).
  const deadCount = () => {
    const stats = props.snapshot?.neuronStats;
    return stats && hiddenCount() > 0 ? countNeurons(stats, hiddenCount(), 'dead') : null;
  };
  /** The points it was trained on by themselves (XOR's corners), drawn over its response. */
  const trainedOn = () => props.info?.trainedOn ?? [];
  createEffect(() => plot?.setPoints(pointTriples(trainedOn())));
  // A leaky ReLU neuron is never dead; the one that fires nowhere is "silent", and the dying-ReLU
  // lesson counts those. Shown where a hidden layer is leaky, beside the dead count.
  const silentCount = () => {
    const stats = props.snapshot?.neuronStats;
    const leaky = props.info?.config?.network.hidden.some((l) => l.activation === 'leakyRelu');
    return stats && leaky ? countNeurons(stats, hiddenCount(), 'silent') : null;
  };
  const selectedText = () => {
    const ref = props.selected;
    if (!ref) return '';
    const stat = props.snapshot?.neuronStats?.find(
      (s) => s.layer === ref.layer && s.index === ref.index,
    );
    const config = props.info?.config;
    const activation =
      ref.layer < hiddenCount()
        ? config?.network.hidden[ref.layer]?.activation
        : config?.network.output.activation;
    const field = props.neuronField;
    return describeNeuron(
      ref,
      hiddenCount(),
      stat,
      activation,
      field ? signRegions(field.values, field.resolution) : undefined,
    );
  };
  /** B (or any network after A) that no step has loaded yet. */
  const waiting = () => !props.info?.config && props.id !== 'a';

  const activations = () => {
    const config = props.info?.config;
    return config
      ? [...config.network.hidden.map((l) => l.activation), config.network.output.activation]
      : null;
  };

  return (
    <section
      class="guided-net"
      classList={{ 'is-empty': !props.info?.config, 'is-waiting': waiting() }}
      data-testid={`network-${props.id}`}
      aria-label={`Network ${props.id.toUpperCase()}: ${props.info?.label || 'not loaded yet'}`}
    >
      <p class="guided-net__label">
        <span class="guided-net__badge" aria-hidden="true">
          {props.id.toUpperCase()}
        </span>{' '}
        {props.info?.label || (props.info?.config ? 'network' : 'no network loaded yet')}
      </p>
      {/* A second network before its step: a note where its plots will be, not empty axes. */}
      <Show when={waiting()}>
        <p class="guided-net__waiting" data-testid={`waiting-${props.id}`}>
          A later step loads network {props.id.toUpperCase()} here, beside A, to compare the two.
        </p>
      </Show>
      <div class="guided-net__plots">
        {/* The heatmap labels itself (describeField: range, extremes, mean). */}
        <div class="guided-net__response">
          <div ref={plotHost} />
          <Show when={trainedOn().length}>
            {(n) => (
              <p class="guided-net__points" data-testid={`points-${props.id}`}>
                Dots: the {n()} points it trains on, each filled with its label.
              </p>
            )}
          </Show>
        </div>
        <div class="guided-net__side">
          <dl class="guided-stats">
            <div>
              <dt>examples seen</dt>
              <dd data-testid={`examples-${props.id}`}>
                {formatCount(props.snapshot?.examplesSeen ?? 0)}
              </dd>
            </div>
            <div>
              <dt>test loss</dt>
              <dd data-testid={`test-loss-${props.id}`}>{formatLoss(props.snapshot?.testLoss)}</dd>
            </div>
            <div>
              <dt>learning rate</dt>
              <dd data-testid={`rate-${props.id}`}>
                {props.snapshot ? formatRate(props.snapshot.learningRate) : '—'}
              </dd>
            </div>
            <Show when={props.showNeurons && deadCount() !== null}>
              <div>
                <dt>dead neurons</dt>
                <dd data-testid={`dead-${props.id}`}>{deadCount()}</dd>
              </div>
            </Show>
            <Show when={props.showNeurons && silentCount() !== null}>
              <div>
                <dt>silent (fire nowhere)</dt>
                <dd data-testid={`silent-${props.id}`}>{silentCount()}</dd>
              </div>
            </Show>
          </dl>
          <div ref={lossHost} class="guided-net__loss" />
          <LossLegend
            compareLabel={
              props.info?.config && props.compare && props.compare.length > 1
                ? props.compareLabel
                : null
            }
          />
        </div>
      </div>
      <Show when={props.diverged}>
        <p class="guided-net__diverged" role="alert">
          Training stopped: the loss became infinite or not a number at example{' '}
          {formatCount(props.diverged?.atExample ?? 0)}. The network keeps its last good weights
          {Number.isFinite(props.snapshot?.testLoss ?? Number.NaN)
            ? '.'
            : ', but they are so large that its output overflows over the square: there is no response to draw and no test loss.'}
        </p>
      </Show>
      <Show when={props.showNeurons && props.snapshot}>
        <div class="guided-net__neurons" ref={attachNeurons}>
          <NeuronGrid
            layerSizes={props.snapshot?.layerSizes ?? []}
            thumbResolution={props.snapshot?.thumbResolution ?? 0}
            thumbs={props.snapshot?.neurons ?? null}
            stats={props.snapshot?.neuronStats ?? null}
            activations={activations()}
            selected={props.selected}
            onSelect={props.onSelect}
            label={`Network ${props.id.toUpperCase()} graph: every neuron by layer. Arrow keys move between neurons; dead neurons are marked ⊘, silent ones ⊖.`}
            maxHeight={props.compact ? 220 : 300}
          />
          <div class="guided-net__neuron">
            <p class="guided-net__neuron-text" data-testid={`selected-${props.id}`}>
              {props.selected
                ? selectedText()
                : 'Select a neuron to see its response over the whole square.'}
            </p>
            {/* Only the selected neuron's picture: none while nothing is selected. */}
            <div
              ref={setNeuronHost}
              aria-hidden="true"
              hidden={!props.selected || !props.neuronField}
            />
            {/* On a phone a tap on a neuron scrolls down to this picture (GuidedExperiment's
                select): the way back up, to the neuron that was tapped (guided.css shows it
                there only). */}
            <Show when={props.selected}>
              <button
                type="button"
                class="button button--quiet guided-net__back"
                onClick={(e) => backToGraph(e.currentTarget)}
              >
                ↑ Back to the graph
              </button>
            </Show>
          </div>
        </div>
      </Show>
    </section>
  );
}
