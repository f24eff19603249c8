import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_CHARS,
  base64ToBytes,
  bytesToBase64,
  exportNetwork,
  importNetwork,
  paramShapes,
} from '../../src/lib/sandbox/network-file';
import type { LossPoint } from '../../src/lib/trainer/protocol';
import { makeRandom } from '../engine/helpers';
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

  it('carries the trainer state and the loss curve when given them, so nothing is lost', () => {
    const rand = makeRandom(3);
    const snapshot = Uint8Array.from({ length: 70_001 }, () => Math.floor(rand() * 256));
    const history: LossPoint[] = [
      { examples: 16, count: 16, trainLoss: 0.3, testLoss: Number.NaN, learningRate: 0.15 },
      { examples: 32, count: 16, trainLoss: Infinity, testLoss: 0.2, learningRate: 0.15 },
      { examples: 2000, count: 16, trainLoss: 0.1, testLoss: 0.09, learningRate: 0.075 },
      { examples: 5000, count: 16, trainLoss: 0.1, testLoss: 0.09, learningRate: 0.075 },
    ];
    const result = importNetwork(exportNetwork(state, params, 2000, { snapshot, history }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.snapshot).toEqual(snapshot);
    // Up to examplesSeen; a loss JSON cannot hold (NaN, Infinity) comes back as NaN.
    expect(result.history.map((p) => p.examples)).toEqual([16, 32, 2000]);
    expect(result.history[0].testLoss).toBeNaN();
    expect(result.history[1].trainLoss).toBeNaN();
    expect(result.history[2]).toEqual(history[2]);
    // Without them (an older file): weights only.
    const plain = importNetwork(exportNetwork(state, params, 2000));
    expect(plain).toMatchObject({ ok: true, snapshot: undefined, history: [] });
  });

  it('base64 round-trips any bytes, as Node encodes them, and refuses what is not base64', () => {
    const rand = makeRandom(9);
    for (const n of [0, 1, 2, 3, 0x8000, 0x8001, 100_000]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
    for (const text of ['abc', 'ab$=', '====', 'YQ==YQ==']) expect(base64ToBytes(text)).toBeNull();
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
    expect(importNetwork('x'.repeat(MAX_FILE_CHARS + 1))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too large/),
    });
    expect(bad((f) => (f.format = 'other'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not an NN Lab network/),
    });
    expect(bad((f) => (f.state = 'not base64!'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/“state” is not the base64/),
    });
    expect(bad((f) => (f.state = 12))).toMatchObject({ ok: false });
    const point = (examples: number, trainLoss = 0.1) => ({
      examples,
      count: 16,
      trainLoss,
      testLoss: null,
      learningRate: 0.1,
    });
    expect(bad((f) => (f.history = [point(8), point(4)]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/history is not valid at point 2/),
    });
    expect(bad((f) => (f.history = [point(8), point(11)]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at point 2: it needs growing example counts up to/),
    });
    expect(bad((f) => (f.history = [point(8, -1)]))).toMatchObject({ ok: false });
    expect(bad((f) => (f.history = [null]))).toMatchObject({ ok: false });
    expect(bad((f) => (f.history = 'curve'))).toMatchObject({ ok: false });
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

  it('refuses a count of examples the engine cannot have reached, rather than print it', () => {
    for (const n of [0.5, 1e300, 2 ** 53, '10', null]) {
      expect(bad((f) => (f.examplesSeen = n))).toEqual({
        ok: false,
        error: 'The file’s “examplesSeen” must be a whole number of examples (0 or more).',
      });
    }
    expect(bad((f) => (f.examplesSeen = 0))).toMatchObject({ ok: true, examplesSeen: 0 });
  });

  it('says a broken function is in the file, not in a link, and asks for no fix under Data', () => {
    const result = bad((f) => (f.settings = 'target=custom&expr=sin(a'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(
      /^The file’s settings are not valid\. The function in the file has an error \(.+\)\.$/,
    );
    expect(result.error).not.toMatch(/link|under Data/);
    // Every other notice names the file too, and says nothing was put right (nothing loads).
    for (const settings of ['h=3,zz', 'h=300', 'lr=99', 'zz=1', 'h=2&act=relu,relu,relu', 'wi=q']) {
      const other = bad((f) => (f.settings = settings));
      expect(other.ok, settings).toBe(false);
      if (other.ok) continue;
      expect(other.error, settings).toMatch(/file/);
      expect(other.error, settings).not.toMatch(/link|kept|ignored|was set|skipped|was used/);
    }
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
