/**
 * The training and data sections of the controls. Training settings apply live (the engine takes
 * them from the next step on); data settings need a rebuild and are marked until reset.
 */
import { createUniqueId, For, onCleanup, onMount, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { TARGETS, type TargetId } from '../../lib/engine/types';
import { paintField } from '../../lib/plots/color';
import {
  GROUP_HELP,
  lossNote,
  SCHEDULE_PERIOD_HELP,
  setting,
  type SandboxState,
} from '../../lib/sandbox/settings';
import { previewGrid, TARGET_LABELS } from '../../lib/sandbox/targets';
import { formatRate } from '../../lib/format';
import { choiceLabel, LiveNote, NumberField, SettingField } from './Fields';
import { nextTask } from './next-task';

type Props = {
  state: SandboxState;
  setState: SetStoreFunction<SandboxState>;
  pending: (key: string) => boolean;
};

function field(
  props: Props,
  key: keyof SandboxState,
  extra: { slider?: boolean; format?: (v: number) => string; help?: string } = {},
) {
  return (
    <SettingField
      setting={setting(key)}
      value={props.state[key]}
      onChange={(v) => props.setState(key, v as never)}
      pending={props.pending(key)}
      slider={extra.slider}
      format={extra.format}
      help={extra.help}
    />
  );
}

export function TrainingPanel(props: Props) {
  return (
    <div class="sb-panel">
      <NumberField
        label="Learning rate"
        value={props.state.learningRate}
        min={1e-5}
        max={10}
        step={1e-5}
        log
        slider
        format={formatRate}
        onChange={(v) => props.setState('learningRate', v)}
        testId="learning-rate"
        help={setting('learningRate').help}
      />
      {field(props, 'batchSize')}
      {field(props, 'loss')}
      <LiveNote
        testId="loss-note"
        text={lossNote(
          props.state.loss,
          props.state.outputActivation,
          choiceLabel(props.state.outputActivation),
        )}
      />
      <Show when={props.state.loss === 'huber'}>{field(props, 'huberDelta')}</Show>
      {field(props, 'optimizer')}
      <Show when={props.state.optimizer === 'momentum'}>
        {field(props, 'momentum')}
        {field(props, 'nesterov')}
      </Show>
      <Show when={props.state.optimizer === 'adam'}>
        {field(props, 'beta1')}
        {field(props, 'beta2')}
        {field(props, 'epsilon')}
      </Show>
      {field(props, 'schedule')}
      <Show when={props.state.schedule !== 'constant'}>
        {/* Its help says what the period counts under the schedule chosen now. */}
        <SettingField
          setting={setting('scheduleEvery')}
          value={props.state.scheduleEvery}
          onChange={(v) => props.setState('scheduleEvery', v as number)}
          pending={props.pending('scheduleEvery')}
          help={SCHEDULE_PERIOD_HELP[props.state.schedule as keyof typeof SCHEDULE_PERIOD_HELP]}
        />
        <Show when={props.state.schedule === 'step' || props.state.schedule === 'exponential'}>
          {field(props, 'gamma')}
        </Show>
        <Show when={props.state.schedule === 'cosine' || props.state.schedule === 'sgdr'}>
          {field(props, 'minRate')}
        </Show>
        <Show when={props.state.schedule === 'sgdr'}>{field(props, 'sgdrMult')}</Show>
      </Show>
      {field(props, 'warmup')}
      <details class="sb-more">
        <summary>Regularization</summary>
        <p class="sb-help">{GROUP_HELP.regularization}</p>
        {field(props, 'l1')}
        {field(props, 'l2')}
      </details>
    </div>
  );
}

/**
 * A target's small preview, sampled on a size×size grid (previewGrid has one for every built-in
 * target; tests/lib/sandbox-targets.test.ts checks it). Each preview is computed in a task of its
 * own after the panel appears: sampling all fifteen at once was a long task.
 */
function TargetPreview(props: { id: TargetId; size: number }) {
  let canvas!: HTMLCanvasElement;
  let disposed = false;
  onCleanup(() => (disposed = true));
  onMount(async () => {
    await nextTask();
    if (disposed) return;
    const grid = previewGrid(props.id, props.size);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(props.size, props.size);
    paintField(image, grid, props.size, [0, 1], 'sequential');
    ctx.putImageData(image, 0, 0);
  });
  return (
    <canvas
      ref={canvas}
      class="sb-target__preview"
      width={props.size}
      height={props.size}
      aria-hidden="true"
    />
  );
}

export function DataPanel(
  props: Props & {
    expressionError: string;
    expressionNote: string;
  },
) {
  const exprId = createUniqueId();
  const PREVIEW = 24;
  return (
    <div class="sb-panel">
      <fieldset class="sb-targets">
        <legend>
          Target function{' '}
          <Show when={props.pending('target') || props.pending('expression')}>
            <span class="sb-pending">on reset</span>
          </Show>
        </legend>
        <div class="sb-targets__grid">
          <For each={[...TARGETS, 'custom' as const]}>
            {(id) => (
              <label class="sb-target" classList={{ 'is-checked': props.state.target === id }}>
                <input
                  type="radio"
                  name="sb-target"
                  value={id}
                  checked={props.state.target === id}
                  onChange={() => props.setState('target', id)}
                />
                {id === 'custom' ? (
                  <span class="sb-target__preview sb-target__preview--empty" aria-hidden="true">
                    f(a,b)
                  </span>
                ) : (
                  <TargetPreview id={id} size={PREVIEW} />
                )}
                <span class="sb-target__name">{TARGET_LABELS[id]}</span>
              </label>
            )}
          </For>
        </div>
      </fieldset>
      <Show when={props.state.target === 'custom'}>
        <div class="sb-field">
          <label for={exprId}>
            Your function of a and b (both from 0 to 1){' '}
            <Show when={props.pending('expression')}>
              <span class="sb-pending">on reset</span>
            </Show>
          </label>
          <input
            id={exprId}
            type="text"
            class="sb-expression mono"
            spellcheck={false}
            autocomplete="off"
            maxLength={300}
            value={props.state.expression}
            aria-invalid={props.expressionError ? 'true' : 'false'}
            aria-describedby={`${exprId}-msg`}
            data-testid="expression"
            onInput={(e) => props.setState('expression', e.currentTarget.value)}
          />
          <p
            id={`${exprId}-msg`}
            class={props.expressionError ? 'sb-error' : 'sb-help'}
            role={props.expressionError ? 'alert' : undefined}
            data-testid="expression-message"
          >
            {props.expressionError ||
              props.expressionNote ||
              'Use + − * / ^, comparisons, a ? b : c, pi, and functions such as sin, cos, exp, abs, sqrt, min, max, floor, frac.'}
          </p>
        </div>
      </Show>
      {field(props, 'dataMode')}
      <Show when={props.state.dataMode === 'fixed'}>
        {field(props, 'trainSize')}
        {field(props, 'testSize')}
        {field(props, 'noise')}
      </Show>
    </div>
  );
}
