/**
 * The loss chart's legend: each line as the chart draws it (colour and dash pattern), so that
 * the series differ by more than colour. One legend for the sandbox and the guided experiments.
 * Hidden from screen readers: the chart's own label says what its lines show.
 */
import { Show } from 'solid-js';
import { COMPARE_DASH, RATE_DASH, TEST_DASH } from '../../lib/plots/loss-chart';

function LineSwatch(props: { color: string; dash?: string }) {
  return (
    <svg class="line-swatch" width="22" height="6" viewBox="0 0 22 6">
      <line
        x1="0"
        y1="3"
        x2="22"
        y2="3"
        stroke-width="2"
        style={{ stroke: props.color }}
        stroke-dasharray={props.dash}
      />
    </svg>
  );
}

export default function LossLegend(props: { class?: string; compareLabel?: string | null }) {
  return (
    <p class={`loss-legend ${props.class ?? ''}`} aria-hidden="true">
      <LineSwatch color="var(--diverging-pos)" /> training loss{' '}
      <LineSwatch color="var(--diverging-neg)" dash={TEST_DASH} /> test loss{' '}
      <LineSwatch color="var(--muted)" dash={RATE_DASH} /> learning rate (right axis)
      <Show when={props.compareLabel}>
        {' '}
        <LineSwatch color="var(--accent)" dash={COMPARE_DASH} /> {props.compareLabel}
      </Show>
    </p>
  );
}
