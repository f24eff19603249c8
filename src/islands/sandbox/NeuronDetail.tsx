/**
 * One neuron, large: its response over the input square with contour lines (and a key saying what
 * they mark), whether it is dead or silent, its incoming weights (one bar per input, sign shown by
 * colour and by the bar's side of zero) and its bias. The sandbox's network graph opens it;
 * lessons may use it the same way.
 */
import { createEffect, For, onCleanup, onMount, Show } from 'solid-js';
import type { LayerParams, NeuronStat } from '../../lib/engine/types';
import { neuronScale } from '../../lib/plots/color';
import { formatValue } from '../../lib/format';
import { HeatmapPlot } from '../../lib/plots/heatmap';
import { describeNeuron, isSilent, signRegions, type NeuronRef } from '../../lib/plots/neuron-grid';
import { makeProbe, sampleField, type Probe } from '../../lib/plots/tooltip';

export interface NeuronDetailProps {
  neuron: NeuronRef;
  hiddenCount: number;
  /** The neuron's output on an R×R grid, or null while it loads. */
  grid: { values: Float32Array; resolution: number } | null;
  stat: NeuronStat | null;
  params: LayerParams[] | null;
  activation?: string;
  /** The output's colour scale, as the response plot draws it (outputDomain of the target). */
  outputScale?: [number, number];
  onClose?: () => void;
}

const fmt = (v: number) => formatValue(v, 3);

export default function NeuronDetail(props: NeuronDetailProps) {
  let host!: HTMLDivElement;
  let plot: HeatmapPlot | null = null;
  let probe: Probe | null = null;
  const isOutput = () => props.neuron.layer >= props.hiddenCount;
  // Marked as the graph marks it (⊖), by the same test.
  const silent = () => isSilent(props.stat, props.hiddenCount, props.activation);
  const title = () =>
    isOutput()
      ? 'Output neuron'
      : `Layer ${props.neuron.layer + 1}, neuron ${props.neuron.index + 1}`;

  onMount(() => {
    const size = Math.round(Math.max(200, Math.min(300, host.clientWidth - 52)));
    plot = new HeatmapPlot(host, {
      size,
      kind: isOutput() ? 'sequential' : 'diverging',
      domain: isOutput() ? [0, 1] : [-1, 1],
      label: 'this neuron’s output',
      contourLevels: [],
    });
    const canvas = plot.root.querySelector('canvas');
    if (canvas) {
      probe = makeProbe({
        area: canvas,
        host,
        describe: (a, b) => {
          const g = props.grid;
          return [
            `a ${a.toFixed(2)}, b ${b.toFixed(2)}`,
            g ? `value ${fmt(sampleField(g.values, g.resolution, a, b))}` : '',
          ];
        },
      });
    }
  });
  onCleanup(() => {
    probe?.dispose();
    plot?.destroy();
  });

  createEffect(() => {
    const g = props.grid;
    if (!plot || !g) return;
    // The output neuron on the response plot's scale, so the two read alike; a hidden one on
    // its own symmetric scale (neuronScale, as the lessons draw a selected neuron).
    const scale = neuronScale(isOutput(), g.values, props.outputScale);
    plot.setDomain(scale.domain);
    // The solid line and the dotted ones, and the key under the plot that says what they mark.
    plot.setContourLevels(scale.levels, scale);
    plot.update(g.values, g.resolution);
    probe?.refresh();
  });

  const incoming = () => {
    const p = props.params?.[props.neuron.layer];
    if (!p) return null;
    const weights = p.weights[props.neuron.index] ?? [];
    const bias = p.biases[props.neuron.index] ?? 0;
    const names = weights.map((_, i) =>
      props.neuron.layer === 0 ? (i === 0 ? 'a' : 'b') : `L${props.neuron.layer}·${i + 1}`,
    );
    let max = Math.abs(bias);
    for (const w of weights) max = Math.max(max, Math.abs(w));
    return { weights, bias, names, max: max || 1 };
  };

  return (
    // Escape closes it as its ✕ does, from wherever the focus is inside it.
    <section
      class="sb-neuron"
      aria-labelledby="sb-neuron-title"
      data-testid="neuron-detail"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !props.onClose || e.defaultPrevented) return;
        e.preventDefault();
        props.onClose();
      }}
    >
      <header class="sb-neuron__head">
        <h3 id="sb-neuron-title">{title()}</h3>
        <Show when={props.onClose}>
          <button
            type="button"
            class="sb-icon"
            onClick={() => props.onClose?.()}
            aria-label="Close the neuron’s plot"
          >
            ✕
          </button>
        </Show>
      </header>
      <p
        class="sb-neuron__status"
        data-testid="neuron-status"
        classList={{ 'is-dead': !!props.stat?.dead, 'is-silent': silent() }}
      >
        <Show when={props.stat?.dead}>
          <span class="sb-dead-icon" aria-hidden="true">
            ⊘
          </span>{' '}
        </Show>
        <Show when={silent()}>
          <span class="sb-dead-icon" aria-hidden="true">
            ⊖
          </span>{' '}
        </Show>
        {describeNeuron(
          props.neuron,
          props.hiddenCount,
          props.stat,
          props.activation,
          props.grid ? signRegions(props.grid.values, props.grid.resolution) : undefined,
        )}
      </p>
      <div
        ref={host}
        class="sb-plot"
        tabindex="0"
        role="group"
        aria-label={`${title()}: its output over the input square`}
      />
      <Show when={incoming()}>
        {(inc) => (
          <div class="sb-weights">
            <h4>
              Incoming weights <span class="sb-help">({inc().weights.length}, and the bias)</span>
            </h4>
            <ul
              class="sb-bars"
              aria-label="Incoming weights and bias"
              tabindex="0"
              data-testid="neuron-weights"
            >
              <For
                each={[
                  ...inc().weights.map((w, i) => ({ name: inc().names[i], w })),
                  { name: 'bias', w: inc().bias },
                ]}
              >
                {(row) => (
                  <li
                    class="sb-bar"
                    classList={{ 'is-neg': row.w < 0, 'is-bias': row.name === 'bias' }}
                  >
                    <span class="sb-bar__name">{row.name}</span>
                    <span class="sb-bar__track" aria-hidden="true">
                      <span
                        class="sb-bar__fill"
                        style={{
                          width: `${(Math.abs(row.w) / inc().max) * 50}%`,
                          left: row.w < 0 ? `${50 - (Math.abs(row.w) / inc().max) * 50}%` : '50%',
                        }}
                      />
                    </span>
                    <span class="sb-bar__value num">{fmt(row.w)}</span>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </Show>
    </section>
  );
}
