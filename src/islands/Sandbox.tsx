/**
 * The free-play sandbox (first cut): pick a preset network and train it live.
 * The full builder (layers, activations, optimizers, views) grows from here.
 */
import { createSignal, For } from 'solid-js';
import { PRESETS } from '../lib/presets';
import LiveTrainer from './LiveTrainer';

export default function Sandbox() {
  const [preset, setPreset] = createSignal(PRESETS[0].id);
  return (
    <section class="sandbox">
      <label>
        Network{' '}
        <select value={preset()} onChange={(e) => setPreset(e.currentTarget.value)}>
          <For each={PRESETS}>{(p) => <option value={p.id}>{p.title}</option>}</For>
        </select>
      </label>
      <p>{PRESETS.find((p) => p.id === preset())?.description}</p>
      {/* Keyed on the preset so a new choice starts a fresh worker. */}
      <For each={[preset()]}>{(id) => <LiveTrainer preset={id} examples={100_000} />}</For>
    </section>
  );
}
