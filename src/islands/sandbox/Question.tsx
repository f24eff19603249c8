/**
 * A question the sandbox puts to the reader above its controls (continue a saved network?
 * replace a trained one?), with a yes and a no. `urgent` announces it at once (role alert);
 * otherwise it is a polite status.
 */
import type { JSX } from 'solid-js';

interface Choice {
  label: string;
  act: () => void;
}

export default function Question(props: {
  testId: string;
  urgent?: boolean;
  yes: Choice;
  no: Choice;
  children: JSX.Element;
}) {
  return (
    <div class="sb-notice" role={props.urgent ? 'alert' : 'status'} data-testid={props.testId}>
      <p>{props.children}</p>
      <p class="sb-notice__actions">
        <button type="button" class="sb-button" onClick={() => props.yes.act()}>
          {props.yes.label}
        </button>
        <button type="button" class="sb-button sb-button--quiet" onClick={() => props.no.act()}>
          {props.no.label}
        </button>
      </p>
    </div>
  );
}
