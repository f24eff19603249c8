/**
 * The network's response over the input square, four ways: a heatmap of the output with its
 * contours and the target's contours over it; the target alone, on the same scale, for the
 * picture the network is after; the error map (output − target); and a rotatable
 * 3D surface with the target as a translucent surface (loaded lazily). Hover, tap or the arrow
 * keys read a, b, output and target at a point; a click, tap or Enter picks that point for the
 * "value at a point" view of the network graph.
 */
import { createEffect, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { outputDomain } from '../../lib/plots/color';
import { HeatmapPlot } from '../../lib/plots/heatmap';
import { makeProbe, sampleField, type Probe } from '../../lib/plots/tooltip';
import type { Surface3D } from '../../lib/plots/surface3d';
import type { TrainerSnapshot } from '../../lib/trainer/protocol';

export type ResponseMode = 'output' | 'target' | 'error' | 'surface';

const MODES: Array<{ id: ResponseMode; label: string }> = [
  { id: 'output', label: 'Output' },
  { id: 'target', label: 'Target' },
  { id: 'error', label: 'Error' },
  { id: 'surface', label: '3D surface' },
];

/** The three maps, each in a host of its own: what a screen reader is told of each. */
const MAPS: Array<{ id: Exclude<ResponseMode, 'surface'>; description: string }> = [
  {
    id: 'output',
    description:
      'Network output over the input square. Arrow keys move a probe that reads a, b, output and target; Enter picks the point.',
  },
  {
    id: 'target',
    description:
      'Target over the input square: what the network is trained to output. Arrow keys move a probe that reads a, b, output and target; Enter picks the point.',
  },
  {
    id: 'error',
    description:
      'Error map: output minus target over the input square. Arrow keys move a probe; Enter picks the point.',
  },
];

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** The response legend's text, naming the contour levels of the scale in force. */
function outputLabel([lo, hi]: [number, number]): string {
  const at = (f: number) => +(lo + f * (hi - lo)).toFixed(3);
  return `network output (lines: output at ${at(0.5)}, dashed: target at ${at(0.25)}, ${at(0.5)}, ${at(0.75)})`;
}

/** The target legend's text: its own contours, at the levels the output view dashes. */
function targetLabel([lo, hi]: [number, number]): string {
  const at = (f: number) => +(lo + f * (hi - lo)).toFixed(3);
  return `target (lines at ${at(0.25)}, ${at(0.5)}, ${at(0.75)})`;
}

export default function ResponseView(props: {
  snapshot: TrainerSnapshot | null;
  point: [number, number] | null;
  onPick: (a: number, b: number) => void;
  /** A fixed training set's examples as (a, b, target) triples, drawn over the output. */
  trainPoints?: Float32Array | null;
}) {
  const [mode, setMode] = createSignal<ResponseMode>('output');
  const [surfaceError, setSurfaceError] = createSignal('');
  const hosts: Partial<Record<ResponseMode, HTMLDivElement>> = {};
  let surfaceHost!: HTMLDivElement;
  let outputPlot: HeatmapPlot | null = null;
  let targetPlot: HeatmapPlot | null = null;
  let errorPlot: HeatmapPlot | null = null;
  let surface: Surface3D | null = null;
  let errorField = new Float32Array(0);
  const probes: Probe[] = [];

  const describe = (a: number, b: number): string[] => {
    const s = props.snapshot;
    if (!s) return [`a ${a.toFixed(2)}, b ${b.toFixed(2)}`];
    const out = sampleField(s.output, s.resolution, a, b);
    const target = sampleField(s.target, s.resolution, a, b);
    return [
      `a ${a.toFixed(2)}, b ${b.toFixed(2)}`,
      `output ${fmt(out)}`,
      `target ${fmt(target)}`,
      `error ${fmt(out - target)}`,
    ];
  };

  onMount(() => {
    const {
      output: outputHost,
      target: targetHost,
      error: errorHost,
    } = hosts as Record<ResponseMode, HTMLDivElement>;
    const size = Math.round(Math.max(200, Math.min(360, outputHost.clientWidth - 52)));
    outputPlot = new HeatmapPlot(outputHost, {
      size,
      kind: 'sequential',
      domain: [0, 1],
      label: outputLabel([0, 1]),
      contourLevels: [0.5],
    });
    targetPlot = new HeatmapPlot(targetHost, {
      size,
      kind: 'sequential',
      domain: [0, 1],
      label: targetLabel([0, 1]),
      contourLevels: [0.25, 0.5, 0.75],
    });
    errorPlot = new HeatmapPlot(errorHost, {
      size,
      kind: 'diverging',
      domain: [-1, 1],
      label: 'error: output − target (orange below, blue above)',
      contourLevels: [],
    });
    for (const [plot, host] of [
      [outputPlot, outputHost],
      [targetPlot, targetHost],
      [errorPlot, errorHost],
    ] as const) {
      const canvas = plot.root.querySelector('canvas');
      if (canvas)
        probes.push(
          makeProbe({ area: canvas, host, describe, onPick: (a, b) => props.onPick(a, b) }),
        );
    }
  });

  createEffect(() => outputPlot?.setPoints(props.trainPoints ?? null));
  // The picked point stays marked on every map (the probe's crosshair goes with the pointer).
  createEffect(() => {
    for (const plot of [outputPlot, targetPlot, errorPlot]) plot?.setMarker(props.point);
  });

  onCleanup(() => {
    for (const p of probes) p.dispose();
    outputPlot?.destroy();
    targetPlot?.destroy();
    errorPlot?.destroy();
    surface?.destroy();
  });

  // Draw the visible view whenever a new snapshot arrives (the parent hands them over on frames).
  createEffect(() => {
    const s = props.snapshot;
    const m = mode();
    if (!s) return;
    // [0, 1] for the usual targets; wider where the target goes beyond it (with an identity
    // output, say): the colours, the contour levels and the 3D heights all follow it.
    const [lo, hi] = outputDomain(s.target);
    const at = (f: number) => lo + f * (hi - lo);
    if (m === 'output') {
      outputPlot?.setDomain([lo, hi], outputLabel([lo, hi]));
      outputPlot?.setContourLevels([at(0.5)]);
      outputPlot?.update(s.output, s.resolution, {
        values: s.target,
        levels: [at(0.25), at(0.5), at(0.75)],
      });
    } else if (m === 'target') {
      targetPlot?.setDomain([lo, hi], targetLabel([lo, hi]));
      targetPlot?.setContourLevels([at(0.25), at(0.5), at(0.75)]);
      targetPlot?.update(s.target, s.resolution);
    } else if (m === 'error') {
      if (errorField.length !== s.output.length) errorField = new Float32Array(s.output.length);
      for (let k = 0; k < errorField.length; k++) errorField[k] = s.output[k] - s.target[k];
      // Errors span up to the output scale's width either way: ±1 on the usual [0, 1].
      errorPlot?.setDomain([lo - hi, hi - lo]);
      errorPlot?.update(errorField, s.resolution);
    } else {
      surface?.update(s.output, s.target, s.resolution, true, [lo, hi]);
    }
    for (const p of probes) p.refresh();
  });

  createEffect(() => {
    if (mode() !== 'surface' || surface) return;
    import('../../lib/plots/surface3d')
      // eslint-disable-next-line solid/reactivity -- draws the snapshot of the moment the module arrives; later ones come through the effect above
      .then(({ Surface3D }) => {
        const size = Math.round(Math.max(240, Math.min(420, surfaceHost.clientWidth)));
        surface = new Surface3D(surfaceHost, { size });
        const s = props.snapshot;
        if (s) surface.update(s.output, s.target, s.resolution, true, outputDomain(s.target));
      })
      .catch((e: unknown) =>
        setSurfaceError(
          `The 3D view could not load: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
  });

  return (
    <div class="sb-response">
      <div class="sb-tabs" role="radiogroup" aria-label="Response view">
        <For each={MODES}>
          {(m) => (
            <label class="sb-tab">
              <input
                type="radio"
                name="sb-response-mode"
                value={m.id}
                checked={mode() === m.id}
                onChange={() => setMode(m.id)}
              />
              <span>{m.label}</span>
            </label>
          )}
        </For>
      </div>
      <For each={MAPS}>
        {(m) => (
          <div
            ref={(el) => (hosts[m.id] = el)}
            class="sb-plot"
            hidden={mode() !== m.id}
            tabindex="0"
            role="group"
            aria-label={m.description}
            data-testid={`response-${m.id}`}
          />
        )}
      </For>
      <div
        ref={surfaceHost}
        class="sb-plot sb-plot--surface"
        hidden={mode() !== 'surface'}
        data-testid="response-surface"
      >
        <Show when={surfaceError()}>
          <p class="sb-error" role="alert">
            {surfaceError()}
          </p>
        </Show>
      </div>
      <p class="sb-help">
        <Show
          when={mode() === 'surface'}
          fallback={
            <>
              Hover, tap or focus the plot and use the arrow keys to read values; click, tap or
              press Enter to pick a point.
              <Show when={mode() === 'output' && props.trainPoints?.length}>
                {' '}
                <span data-testid="train-points-note">
                  Dots: the {(props.trainPoints?.length ?? 0) / 3} training examples, each filled
                  with its own (noisy) target on the same scale.
                </span>
              </Show>
            </>
          }
        >
          Drag, or focus it and use the arrow keys, to rotate. Coloured: the network’s output; grey:
          the target.
        </Show>
        <Show when={props.point}>
          {(p) => (
            <>
              {' '}
              Picked point: a {p()[0].toFixed(2)}, b {p()[1].toFixed(2)}.
            </>
          )}
        </Show>
      </p>
    </div>
  );
}
