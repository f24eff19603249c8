/**
 * A training job's progress and its Pause/Resume button, as the experiment's bar above the steps
 * and the phone's dock both show them (the bar also counts the examples).
 */
import { Show } from 'solid-js';
import { formatCount } from '../../lib/format';

export default function ProgressControls(props: {
  /**
   * `networks`: how many networks the counts add up (a step may train A and B together). Work
   * that is not counted in examples (a measurement) gives its own `text` for the counts, and its
   * own accessible `name` for the bar.
   */
  job: { done: number; total: number; networks?: number; text?: string; name?: string } | null;
  running: boolean;
  paused: boolean;
  onToggle: () => void;
  /** "12,000 of 400,000 examples" beside the bar ("…, A and B together": a lesson has networks A and B). */
  counts?: boolean;
}) {
  return (
    <>
      <Show when={props.job}>
        {(job) => (
          <>
            <progress
              max={job().total}
              value={job().done}
              aria-label={job().name ?? 'Training progress'}
            />
            <Show when={props.counts}>
              <span class="guided__bar-text">
                {job().text ??
                  `${formatCount(job().done)} of ${formatCount(job().total)} examples${
                    (job().networks ?? 1) > 1 ? ', A and B together' : ''
                  }`}
              </span>
            </Show>
          </>
        )}
      </Show>
      <Show when={props.running}>
        {/* Its words say its state: no aria-pressed besides ("Resume, pressed" was ambiguous). */}
        <button type="button" class="button button--quiet" onClick={() => props.onToggle()}>
          {props.paused ? 'Resume' : 'Pause'}
        </button>
      </Show>
    </>
  );
}
