/**
 * A thin Solid wrapper around the framework-free network graph (`src/lib/plots/neuron-grid.ts`).
 * Reusable by the lessons: pass layer sizes, thumbnails, statistics, the selected neuron and an
 * onSelect handler; everything else (layout, keyboard, text alternatives) lives in the plot.
 * Under the graph, a key names each mark that some neuron of it carries (dead, silent).
 */
import { createEffect, createMemo, onCleanup, onMount, Show } from 'solid-js';
import type { LayerParams, NeuronStat } from '../../lib/engine/types';
import {
  isSilent,
  NeuronGrid as NeuronGridPlot,
  type NeuronRef,
} from '../../lib/plots/neuron-grid';
import './neuron-grid.css';

export interface NeuronGridProps {
  /** Neurons per layer, hidden layers first, output last. */
  layerSizes: number[];
  thumbResolution?: number;
  /** Every neuron's thumbnail, concatenated layer by layer (the trainer snapshot's `neurons`). */
  thumbs?: Float32Array | null;
  stats?: NeuronStat[] | null;
  /** Weights for drawing edges (sign by colour and dash, size by width). */
  weights?: LayerParams[] | null;
  /** The "layer outputs" view: values of every neuron at `point`, instead of thumbnails. */
  pointValues?: Float32Array[] | null;
  point?: [number, number] | null;
  activations?: string[] | null;
  selected?: NeuronRef | null;
  onSelect?: (neuron: NeuronRef) => void;
  label?: string;
  maxHeight?: number;
  class?: string;
}

export default function NeuronGrid(props: NeuronGridProps) {
  let host!: HTMLDivElement;
  let plot: NeuronGridPlot | null = null;

  onMount(() => {
    plot = new NeuronGridPlot(host, {
      onSelect: (ref) => props.onSelect?.(ref),
      label: props.label,
      maxHeight: props.maxHeight,
    });
    createEffect(() => {
      plot?.update({
        layerSizes: props.layerSizes,
        thumbResolution: props.thumbResolution ?? 0,
        thumbs: props.thumbs ?? null,
        stats: props.stats ?? null,
        weights: props.weights ?? null,
        pointValues: props.pointValues ?? null,
        point: props.point ?? null,
        activations: props.activations ?? null,
      });
    });
    createEffect(() => plot?.select(props.selected ?? null));
  });

  onCleanup(() => plot?.destroy());

  // Which marks the graph shows now, by the plot's own tests (dead from the stats, `isSilent`):
  // worked out once per snapshot, not once per place that reads it.
  const marks = createMemo(
    () => {
      const stats = props.stats ?? [];
      const hidden = props.layerSizes.length - 1;
      return {
        dead: stats.some((s) => s.dead),
        silent: stats.some((s) => isSilent(s, hidden, props.activations?.[s.layer])),
      };
    },
    undefined,
    { equals: (a, b) => a.dead === b.dead && a.silent === b.silent },
  );

  return (
    <div class={props.class ?? 'neuron-grid-host'}>
      <div ref={host} />
      <Show when={marks().dead || marks().silent}>
        <p class="neuron-grid-key" data-testid="neuron-grid-key">
          <Show when={marks().dead}>
            <span class="neuron-grid-key__item">
              <span class="neuron-grid-key__mark" aria-hidden="true">
                ⊘
              </span>{' '}
              hatched: dead, outputs 0 everywhere
            </span>
          </Show>
          <Show when={marks().silent}>
            <span class="neuron-grid-key__item">
              <span class="neuron-grid-key__mark" aria-hidden="true">
                ⊖
              </span>{' '}
              faded, dotted edge: silent, negative on the whole square
            </span>
          </Show>
        </p>
      </Show>
    </div>
  );
}
