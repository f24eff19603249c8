/**
 * A question the sandbox puts to the reader above its controls (continue a saved network?
 * replace a trained one?), with a yes and a no. `urgent` announces it at once (role alert);
 * otherwise it is a polite status. `focus`: it takes the keyboard focus as it appears (only when
 * the reader's own action raised it, never at page load). Whoever shows it decides where focus
 * goes once it is answered: its buttons go with it.
 */
import { onMount, type JSX } from 'solid-js';

interface Choice {
  label: string;
  act: () => void;
}

export default function Question(props: {
  testId: string;
  urgent?: boolean;
  focus?: boolean;
  yes: Choice;
  no: Choice;
  children: JSX.Element;
}) {
  let box!: HTMLDivElement;
  onMount(() => {
    if (props.focus) box.focus();
  });
  return (
    <div
      ref={box}
      class="sb-notice"
      role={props.urgent ? 'alert' : 'status'}
      data-testid={props.testId}
      tabindex={props.focus ? -1 : undefined}
    >
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
