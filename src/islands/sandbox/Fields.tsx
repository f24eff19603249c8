/**
 * Form fields driven by the settings table (`src/lib/sandbox/settings.ts`): every control has a
 * visible label, is a native input (so keyboard and touch work), clamps typed numbers to its range
 * and says so, and shows a "on reset" mark when its change waits for a rebuild. Its help, if any,
 * is a line under it that the control names as its description (aria-describedby).
 */
import { createSignal, createUniqueId, For, Show, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import {
  clampTyped,
  clampToSetting,
  settingHelp,
  strictNumber,
  type NumberSetting,
  type Setting,
} from '../../lib/sandbox/settings';
import { ACTIVATION_NAMES, formatTyped } from '../../lib/format';

/** Readable names for the choices the table stores as identifiers. */
export const CHOICE_LABELS: Record<string, string> = {
  ...ACTIVATION_NAMES,
  gcu: 'GCU (x·cos x)',
  mse: 'mean squared error',
  bce: 'binary cross-entropy',
  huber: 'Huber',
  sgd: 'SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
  constant: 'constant',
  step: 'step decay',
  exponential: 'exponential decay',
  cosine: 'cosine',
  sgdr: 'cosine with restarts (SGDR)',
  fresh: 'fresh examples every step',
  fixed: 'a fixed training set',
};

export function choiceLabel(value: string): string {
  return CHOICE_LABELS[value] ?? value;
}

/** The ids a control is described by (its note, its help), or undefined for none. */
function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** A field's help line, under its control; `id` is what the control's aria-describedby names. */
function Help(props: { id: string; text?: string }) {
  return (
    <Show when={props.text}>
      <p class="sb-help" id={props.id}>
        {props.text}
      </p>
    </Show>
  );
}

function PendingMark(props: { show: boolean }) {
  return (
    <Show when={props.show}>
      <span class="sb-pending" title="Changed: applies when you press Apply and reset">
        on reset
      </span>
    </Show>
  );
}

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  /** Logarithmic slider (value ∝ 10^position). */
  log?: boolean;
  /** Show a slider beside the number box. */
  slider?: boolean;
  onChange: (value: number) => void;
  pending?: boolean;
  help?: string;
  /**
   * How the slider's value is read out (its aria-valuetext), such as a rounded learning rate.
   * The typed box always shows the value in use exactly (`formatTyped`), as it can be typed back.
   */
  format?: (v: number) => string;
  testId?: string;
}

/**
 * A note that screen readers announce as its text changes: the live region is on the page, empty,
 * before any text goes in (one that appears already holding its text is often not read out).
 */
export function LiveNote(props: {
  text: string;
  id?: string;
  testId?: string;
  inline?: boolean;
}): JSX.Element {
  return (
    <Dynamic
      component={props.inline ? 'span' : 'p'}
      class="sb-note"
      id={props.id}
      role="status"
      data-testid={props.testId}
    >
      {props.text}
    </Dynamic>
  );
}

/** A number with an optional (log) slider and a typed box; out-of-range input is clamped visibly. */
export function NumberField(props: NumberFieldProps) {
  const id = createUniqueId();
  const [note, setNote] = createSignal('');
  const toSlider = (v: number) => (props.log ? Math.log10(Math.max(v, props.min)) : v);
  const fromSlider = (p: number) => {
    if (!props.log) return p;
    const v = 10 ** p;
    // Two significant digits on the log slider: 0.0013, 0.15, 2.
    return +v.toPrecision(2);
  };
  const setting = (): NumberSetting => ({
    key: 'seed',
    url: '',
    label: props.label,
    applies: 'live',
    type: 'number',
    min: props.min,
    max: props.max,
    step: props.step,
    integer: props.integer,
  });
  const commit = (raw: string) => {
    const n = strictNumber(raw);
    if (n === null) {
      setNote(`Not a number; kept ${formatTyped(props.value)}.`);
      return;
    }
    const kept = clampTyped(setting(), n);
    setNote(kept.note);
    props.onChange(kept.value);
  };
  return (
    <div class="sb-field sb-field--number">
      <label for={id}>
        {props.label} <PendingMark show={!!props.pending} />
      </label>
      <div class="sb-field__row">
        <Show when={props.slider}>
          <input
            type="range"
            aria-label={`${props.label} slider`}
            aria-valuetext={props.format ? props.format(props.value) : String(props.value)}
            min={toSlider(props.min)}
            max={toSlider(props.max)}
            step={props.log ? 0.01 : props.step}
            value={toSlider(props.value)}
            onInput={(e) => {
              setNote('');
              props.onChange(fromSlider(Number(e.currentTarget.value)));
            }}
          />
        </Show>
        <input
          id={id}
          class="sb-number"
          type="text"
          inputmode="decimal"
          data-testid={props.testId}
          value={formatTyped(props.value)}
          aria-describedby={describedBy(!!note() && `${id}-note`, !!props.help && `${id}-help`)}
          onChange={(e) => {
            // Written back either way: the value may not have changed, so no update would.
            commit(e.currentTarget.value);
            e.currentTarget.value = formatTyped(props.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
              e.preventDefault();
              const dir = e.key === 'ArrowUp' ? 1 : -1;
              const next = props.log
                ? props.value * (dir > 0 ? 1.25 : 0.8)
                : props.value + dir * props.step;
              const { value } = clampToSetting(
                setting(),
                props.log ? +next.toPrecision(2) : +next.toFixed(10),
              );
              props.onChange(value);
            }
          }}
        />
      </div>
      <LiveNote id={`${id}-note`} text={note()} />
      <Help id={`${id}-help`} text={props.help} />
    </div>
  );
}

export interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  pending?: boolean;
  labels?: (v: string) => string;
  testId?: string;
  help?: string;
}

export function SelectField(props: SelectFieldProps) {
  const id = createUniqueId();
  return (
    <div class="sb-field">
      <label for={id}>
        {props.label} <PendingMark show={!!props.pending} />
      </label>
      <select
        id={id}
        data-testid={props.testId}
        value={props.value}
        aria-describedby={describedBy(!!props.help && `${id}-help`)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <For each={props.options}>
          {(o) => (
            <option value={o} selected={o === props.value}>
              {(props.labels ?? choiceLabel)(o)}
            </option>
          )}
        </For>
      </select>
      <Help id={`${id}-help`} text={props.help} />
    </div>
  );
}

export function CheckField(props: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  pending?: boolean;
  help?: string;
}) {
  const id = createUniqueId();
  return (
    <div class="sb-field sb-field--check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        aria-describedby={describedBy(!!props.help && `${id}-help`)}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={id}>
        {props.label} <PendingMark show={!!props.pending} />
      </label>
      <Help id={`${id}-help`} text={props.help} />
    </div>
  );
}

/** A field for any setting in the table, bound to a value and a setter. */
export function SettingField(props: {
  setting: Setting;
  value: unknown;
  onChange: (v: unknown) => void;
  pending?: boolean;
  slider?: boolean;
  format?: (v: number) => string;
  help?: string;
}): JSX.Element {
  // A setting comes from the static table and never changes, so the field is chosen once (and
  // the early returns below are meant).
  /* eslint-disable solid/components-return-once */
  // eslint-disable-next-line solid/reactivity
  const s = props.setting;
  if (s.type === 'number') {
    return (
      <NumberField
        label={s.label}
        value={props.value as number}
        min={s.min}
        max={s.max}
        step={s.step}
        integer={s.integer}
        log={s.log}
        slider={props.slider}
        onChange={props.onChange}
        pending={props.pending}
        format={props.format}
        help={props.help ?? settingHelp(s, props.value)}
        testId={`setting-${s.url}`}
      />
    );
  }
  if (s.type === 'choice') {
    return (
      <SelectField
        label={s.label}
        value={props.value as string}
        options={s.options}
        onChange={props.onChange}
        pending={props.pending}
        testId={`setting-${s.url}`}
        help={props.help ?? settingHelp(s, props.value)}
      />
    );
  }
  if (s.type === 'bool') {
    return (
      <CheckField
        label={s.label}
        checked={props.value as boolean}
        onChange={props.onChange}
        pending={props.pending}
        help={props.help ?? settingHelp(s, props.value)}
      />
    );
  }
  return <span />;
  /* eslint-enable solid/components-return-once */
}
