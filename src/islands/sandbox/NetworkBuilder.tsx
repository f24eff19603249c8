/**
 * The network builder: hidden layers (0–8) that can be added, removed and reordered, each with
 * its neuron count (slider and number), activation, activation parameter and initializers; then
 * the output neuron and the fast/exact activations switch. Every change here needs a rebuild,
 * except fast/exact, which applies live.
 */
import { createSignal, Index, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import {
  ACTIVATIONS,
  INITIALIZER_KINDS,
  type Activation,
  type Initializer,
} from '../../lib/engine/types';
import {
  ACTIVATION_PARAM_HELP,
  defaultActivationParam,
  GROUP_HELP,
  MAX_LAYERS,
  MAX_UNITS,
  nextLayer,
  setting,
  uniformWithBound,
  type SandboxState,
} from '../../lib/sandbox/settings';
import { CheckField, LiveNote, NumberField, SelectField, SettingField } from './Fields';

const INIT_LABELS: Record<string, string> = {
  constant: 'constant',
  uniform: 'uniform',
  normal: 'normal',
  xavierUniform: 'Xavier/Glorot uniform',
  xavierNormal: 'Xavier/Glorot normal',
  heUniform: 'He uniform',
  heNormal: 'He normal',
  lecunNormal: 'LeCun normal',
};

function defaultInit(kind: string): Initializer {
  switch (kind) {
    case 'constant':
      return { kind: 'constant', value: 0 };
    case 'uniform':
      return { kind: 'uniform', min: -0.1, max: 0.1 };
    case 'normal':
      return { kind: 'normal', mean: 0, std: 0.1 };
    default:
      return { kind } as Initializer;
  }
}

export function InitializerField(props: {
  label: string;
  value: Initializer;
  onChange: (v: Initializer) => void;
  pending?: boolean;
}) {
  const v = () => props.value;
  /**
   * Why the last typed bound of a uniform range was swapped with the other (uniformWithBound),
   * and the initializer it produced: the note shows only while the field still holds that one
   * (a preset, a link or an import replaces the value without an edit here).
   */
  // The initializer is kept as text: the store adopts the object itself, and a preset merged
  // into it later would change a kept reference along with the field.
  const [swap, setSwap] = createSignal<{ why: string; init: string } | null>(null);
  const note = () => {
    const s = swap();
    return s && s.init === JSON.stringify(v()) ? s.why : '';
  };
  const change = (init: Initializer, why = '') => {
    setSwap(why ? { why, init: JSON.stringify(init) } : null);
    props.onChange(init);
  };
  const bound = (which: 'min' | 'max', x: number) => {
    const { init, note } = uniformWithBound(v() as { min: number; max: number }, which, x);
    change(init, note);
  };
  return (
    <div class="sb-init">
      <SelectField
        label={props.label}
        value={v().kind}
        options={INITIALIZER_KINDS}
        labels={(k) => INIT_LABELS[k] ?? k}
        onChange={(k) => change(defaultInit(k))}
        pending={props.pending}
      />
      <div class="sb-init__params">
        <Show when={v().kind === 'constant'}>
          <NumberField
            label="value"
            value={(v() as { value: number }).value}
            min={-100}
            max={100}
            step={0.01}
            onChange={(x) => change({ kind: 'constant', value: x })}
          />
        </Show>
        <Show when={v().kind === 'uniform'}>
          <NumberField
            label="from"
            value={(v() as { min: number }).min}
            min={-100}
            max={100}
            step={0.01}
            onChange={(x) => bound('min', x)}
          />
          <NumberField
            label="to"
            value={(v() as { max: number }).max}
            min={-100}
            max={100}
            step={0.01}
            onChange={(x) => bound('max', x)}
          />
        </Show>
        <Show when={v().kind === 'normal'}>
          <NumberField
            label="mean"
            value={(v() as { mean: number }).mean}
            min={-100}
            max={100}
            step={0.01}
            onChange={(x) => change({ kind: 'normal', mean: x, std: (v() as { std: number }).std })}
          />
          <NumberField
            label="std"
            value={(v() as { std: number }).std}
            min={0}
            max={100}
            step={0.01}
            onChange={(x) =>
              change({ kind: 'normal', mean: (v() as { mean: number }).mean, std: x })
            }
          />
        </Show>
        <Show when={v().kind === 'heUniform' || v().kind === 'heNormal'}>
          {/* He's variance 2 / ((1 + a²)·fan-in) for a leaky ReLU of negative slope a (0: ReLU). */}
          <NumberField
            label="leaky slope a"
            value={(v() as { slope?: number }).slope ?? 0}
            min={0}
            max={0.99}
            step={0.01}
            onChange={(x) => change({ kind: v().kind as 'heUniform' | 'heNormal', slope: x })}
          />
        </Show>
      </div>
      <LiveNote text={note()} />
    </div>
  );
}

export default function NetworkBuilder(props: {
  state: SandboxState;
  setState: SetStoreFunction<SandboxState>;
  /** Keys (or "layers") whose edited value differs from the running network. */
  pending: (key: string) => boolean;
}) {
  const layers = () => props.state.layers;
  const update = (i: number, patch: Partial<SandboxState['layers'][number]>) =>
    props.setState('layers', i, (l) => ({ ...l, ...patch }));
  const move = (i: number, by: number) => {
    const list = layers().slice();
    const j = i + by;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    props.setState('layers', list);
  };
  let root!: HTMLDivElement;
  let addButton!: HTMLButtonElement;
  /**
   * Remove layer `i`. The last layer's tools go with it, and the focus on its Remove button would
   * fall to the page's body: it goes to the layer before's Remove button, or with no layer left to
   * "+ Add a hidden layer". (Another layer's tools stay, for the layer that takes its place.)
   */
  const remove = (i: number) => {
    const last = i === layers().length - 1;
    const hadFocus = root.contains(document.activeElement);
    props.setState(
      'layers',
      layers().filter((_, k) => k !== i),
    );
    if (!last || !hadFocus) return;
    const before = root.querySelector<HTMLElement>(`button[aria-label="Remove hidden layer ${i}"]`);
    (i > 0 && before ? before : addButton).focus();
  };
  const add = () => {
    if (layers().length >= MAX_LAYERS) return;
    props.setState('layers', [...layers(), nextLayer(layers())]);
  };
  return (
    <div class="sb-builder" ref={root}>
      <p class="sb-builder__summary">
        Inputs a, b →{' '}
        {layers()
          .map((l) => l.units)
          .join(' → ') || 'no hidden layer'}{' '}
        → output{' '}
        <Show when={props.pending('layers')}>
          <span class="sb-pending">on reset</span>
        </Show>
      </p>
      <ol class="sb-layers">
        <Index each={layers()}>
          {(layer, i) => (
            <li class="sb-layer">
              <fieldset>
                <legend>Hidden layer {i + 1}</legend>
                <div class="sb-layer__tools">
                  <button
                    type="button"
                    class="sb-icon"
                    onClick={() => move(i, -1)}
                    disabled={i === 0}
                    aria-label={`Move hidden layer ${i + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="sb-icon"
                    onClick={() => move(i, 1)}
                    disabled={i === layers().length - 1}
                    aria-label={`Move hidden layer ${i + 1} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="sb-icon"
                    onClick={() => remove(i)}
                    aria-label={`Remove hidden layer ${i + 1}`}
                  >
                    ✕
                  </button>
                </div>
                <NumberField
                  label="Neurons"
                  value={layer().units}
                  min={1}
                  max={MAX_UNITS}
                  step={1}
                  integer
                  slider
                  onChange={(v) => update(i, { units: v })}
                  testId={`layer-${i + 1}-units`}
                />
                <SelectField
                  label="Activation"
                  value={layer().activation}
                  options={ACTIVATIONS}
                  onChange={(v) =>
                    update(i, {
                      activation: v as Activation,
                      activationParam: defaultActivationParam(v as Activation),
                    })
                  }
                  testId={`layer-${i + 1}-activation`}
                />
                <Show when={layer().activation === 'leakyRelu' || layer().activation === 'elu'}>
                  <NumberField
                    label={layer().activation === 'elu' ? 'ELU α' : 'Negative slope'}
                    value={layer().activationParam}
                    min={0}
                    max={10}
                    step={0.01}
                    onChange={(v) => update(i, { activationParam: v })}
                    help={ACTIVATION_PARAM_HELP[layer().activation]}
                  />
                </Show>
                <details class="sb-more">
                  <summary>Initializers</summary>
                  <p class="sb-help">{GROUP_HELP.initializers}</p>
                  <InitializerField
                    label="Weights"
                    value={layer().weightInit}
                    onChange={(v) => update(i, { weightInit: v })}
                  />
                  <InitializerField
                    label="Biases"
                    value={layer().biasInit}
                    onChange={(v) => update(i, { biasInit: v })}
                  />
                </details>
              </fieldset>
            </li>
          )}
        </Index>
      </ol>
      <button
        ref={addButton}
        type="button"
        class="sb-button sb-button--quiet"
        onClick={add}
        disabled={layers().length >= MAX_LAYERS}
      >
        + Add a hidden layer
      </button>
      <Show when={layers().length >= MAX_LAYERS}>
        <span class="sb-help"> (at most {MAX_LAYERS})</span>
      </Show>
      <fieldset class="sb-output">
        <legend>Output neuron</legend>
        <SettingField
          setting={setting('outputActivation')}
          value={props.state.outputActivation}
          onChange={(v) => props.setState('outputActivation', v as Activation)}
          pending={props.pending('outputActivation')}
        />
        <SettingField
          setting={setting('outputBias')}
          value={props.state.outputBias}
          onChange={(v) => props.setState('outputBias', v as boolean)}
          pending={props.pending('outputBias')}
        />
        <details class="sb-more">
          <summary>Initializer</summary>
          <p class="sb-help">{GROUP_HELP.initializers}</p>
          <InitializerField
            label="Weights"
            value={props.state.outputWeightInit}
            onChange={(v) => props.setState('outputWeightInit', v)}
            pending={props.pending('outputWeightInit')}
          />
        </details>
      </fieldset>
      <CheckField
        label="Fast approximate activations (live)"
        checked={props.state.fastMath}
        onChange={(v) => props.setState('fastMath', v)}
        help={setting('fastMath').help}
      />
    </div>
  );
}
