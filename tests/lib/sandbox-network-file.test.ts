import { describe, expect, it } from 'vitest';
import { exportNetwork, importNetwork, paramShapes } from '../../src/lib/sandbox/network-file';
import { defaultState, newLayer } from '../../src/lib/sandbox/settings';
import type { LayerParams } from '../../src/lib/engine/types';

function paramsFor(shapes: Array<[number, number]>, fill = 0.5): LayerParams[] {
  return shapes.map(([fanIn, units], l) => ({
    weights: Array.from({ length: units }, (_, o) =>
      Array.from({ length: fanIn }, (_, i) => fill + l + o * 0.01 - i * 0.001),
    ),
    biases: Array.from({ length: units }, (_, o) => -(o + 1) * 0.1),
  }));
}

describe('network files', () => {
  const state = defaultState();
  state.layers = [newLayer(3, 'tanh'), newLayer(2, 'relu')];
  state.seed = 99;
  const params = paramsFor(paramShapes(state));

  it('round-trips settings and weights', () => {
    const result = importNetwork(exportNetwork(state, params, 1234));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toEqual(state);
    expect(result.params).toEqual(params);
    expect(result.examplesSeen).toBe(1234);
  });

  // A JSON file mutated freely: its shape is whatever the mutation makes it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = Record<string, any>;
  const bad = (mutate: (file: Loose) => void) => {
    const file = JSON.parse(exportNetwork(state, params, 10));
    mutate(file);
    return importNetwork(JSON.stringify(file));
  };

  it('rejects bad files with a clear error', () => {
    expect(importNetwork('not json')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid JSON/),
    });
    expect(importNetwork('[]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expected a JSON object/),
    });
    expect(importNetwork(42 as unknown)).toMatchObject({ ok: false });
    expect(importNetwork('x'.repeat(16_000_001))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large/),
    });
    expect(bad((f) => (f.format = 'other'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not an NN Lab network/),
    });
    expect(bad((f) => (f.version = 2))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/version 2/),
    });
    expect(bad((f) => delete f.params)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/params/),
    });
    expect(bad((f) => f.params.pop())).toMatchObject({
      ok: false,
      error: expect.stringMatching(/3 layers/),
    });
    expect(bad((f) => (f.params[0].weights[1] = [1]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/layer 1, neuron 2: expected 2 incoming/),
    });
    expect(bad((f) => (f.params[1].weights[0][0] = null))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a finite number/),
    });
    // Finite as a double, Infinity in the engine's float32.
    expect(bad((f) => (f.params[1].weights[0][0] = 1e39))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a finite number the engine can hold/),
    });
    expect(bad((f) => (f.params[2].biases = [-1e39]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/bias is not a finite number the engine can hold/),
    });
    expect(bad((f) => (f.params[2].biases = [1, 2]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/output layer: expected 1 biases/),
    });
    expect(bad((f) => (f.settings = 'h=3,zz&lr=x'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/settings are not valid/),
    });
    expect(bad((f) => (f.examplesSeen = -1))).toMatchObject({ ok: false });
    expect(importNetwork(exportNetwork(state, params, 1).replace('0.5', '1e999'))).toMatchObject({
      ok: false,
    });
  });

  it('never throws on mutated files', () => {
    const text = exportNetwork(state, params, 10);
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 1000; n++) {
      const chars = text.split('');
      for (let k = 0; k < 3; k++)
        chars[Math.floor(rand() * chars.length)] = '{}[],:"0-e.'[Math.floor(rand() * 11)];
      const result = importNetwork(chars.join(''));
      expect(typeof result.ok).toBe('boolean');
    }
  });
});
