/**
 * The legend of the "value at one point" view: the colour bars and, in numbers, each layer's
 * scale (each hidden layer has its own, see `pointScales`), so the colours can be read, and a
 * pointer to the exact values (hover, focus, or the screen reader's label of each neuron).
 */
import { For } from 'solid-js';
import { interpolatorFor, type ScaleKind } from '../../lib/plots/color';
import { formatValue } from '../../lib/format';

/** A colour bar drawn from the same scale as the canvas (not the theme's CSS colours). */
function Bar(props: { kind: ScaleKind }) {
  const colour = (t: number) => interpolatorFor(props.kind)(t);
  const id = () => `point-legend-${props.kind}`;
  return (
    <svg class="sb-scale-bar" viewBox="0 0 72 10" aria-hidden="true">
      <defs>
        <linearGradient id={id()}>
          <For each={[0, 0.25, 0.5, 0.75, 1]}>
            {(t) => <stop offset={t} stop-color={colour(t)} />}
          </For>
        </linearGradient>
      </defs>
      <rect width="72" height="10" rx="2" fill={`url(#${id()})`} />
    </svg>
  );
}

const fmt = (v: number) => formatValue(v, 2);

export default function PointLegend(props: { scales: number[] }) {
  const hidden = () => props.scales.slice(0, -1);
  return (
    <div class="sb-point-legend" data-testid="point-legend">
      <p>
        <Bar kind="diverging" /> hidden neurons: orange below 0, blue above, each layer on its own
        scale:{' '}
        <For each={hidden()}>
          {(m, l) => (
            <>
              {l() > 0 ? '; ' : ''}layer {l() + 1} from −{fmt(m)} to {fmt(m)}
            </>
          )}
        </For>
        .
      </p>
      <p>
        <Bar kind="sequential" /> output: 0 (dark purple) to 1 (yellow). Hover or focus a neuron for
        its exact value.
      </p>
    </div>
  );
}
