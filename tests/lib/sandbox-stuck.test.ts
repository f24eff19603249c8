// The sandbox says why a trained network's output is the same everywhere (stuck.ts): a
// saturated sigmoid, or dead neurons; and says nothing where the output follows the target, the
// target is flat, or the network has hardly trained.
import { describe, expect, it } from 'vitest';
import { deadLayersOf, STUCK_AFTER, stuckNote, type StuckInput } from '../../src/lib/sandbox/stuck';

const side = 16;
const grid = (f: (a: number, b: number) => number) =>
  Float32Array.from({ length: side * side }, (_, k) =>
    f((k % side) / (side - 1), Math.floor(k / side) / (side - 1)),
  );
const target = grid((a, b) => 0.5 + 0.4 * Math.sin(6 * a) * Math.cos(4 * b));
const base: StuckInput = {
  output: grid(() => 0.004),
  target,
  outputActivation: 'sigmoid',
  learningRate: 10,
  deadLayers: [],
  examples: 100_000,
};

describe('a stuck network', () => {
  it('is said to be saturated when a sigmoid output sits at 0 or 1 everywhere', () => {
    expect(stuckNote(base)).toMatch(
      /^The output is below 0\.02 everywhere: its sigmoid is saturated/,
    );
    expect(stuckNote(base)).toContain('(10)');
    expect(stuckNote({ ...base, output: grid(() => 0.9996) })).toMatch(
      /^The output is above 0\.98 everywhere/,
    );
    // Nearly flat still counts; varying by more than 2% of the target's range does not.
    expect(stuckNote({ ...base, output: grid((a) => 0.004 + 0.01 * a) })).not.toBeNull();
    expect(stuckNote({ ...base, output: grid((a) => 0.004 + 0.03 * a) })).toBeNull();
  });

  it('is said to be cut off by a dead layer when the output is flat elsewhere', () => {
    const flat = { ...base, output: grid(() => 0.43), outputActivation: 'identity' };
    expect(stuckNote(flat)).toBeNull(); // flat, but no reason to give
    expect(stuckNote({ ...flat, deadLayers: [2] })).toMatch(
      /^The output is 0\.43 everywhere, whatever the input: every neuron of hidden layer 2 is dead/,
    );
    expect(stuckNote({ ...flat, deadLayers: [1, 3] })).toContain('hidden layer 1 is dead');
    // A sigmoid output flat in the middle is not saturated.
    expect(stuckNote({ ...flat, outputActivation: 'sigmoid' })).toBeNull();
  });

  it('says nothing of a network that follows its target, a flat target, or hardly any training', () => {
    expect(stuckNote({ ...base, output: target })).toBeNull();
    expect(stuckNote({ ...base, target: grid(() => 0.3) })).toBeNull();
    expect(stuckNote({ ...base, examples: STUCK_AFTER - 1 })).toBeNull();
    expect(stuckNote({ ...base, output: grid(() => Number.NaN) })).toBeNull();
    expect(stuckNote({ ...base, output: new Float32Array(0) })).toBeNull();
  });
});

describe('dead layers', () => {
  it('are the hidden layers whose every neuron is dead, counted from 1; never the output', () => {
    const stat = (layer: number, index: number, dead: boolean) => ({
      layer,
      index,
      dead,
      activeFraction: dead ? 0 : 1,
      min: 0,
      max: dead ? 0 : 1,
    });
    const sizes = [2, 3, 1];
    const all = (layer: number, n: number) =>
      Array.from({ length: n }, (_, i) => stat(layer, i, true));
    expect(deadLayersOf(sizes, [])).toEqual([]);
    expect(deadLayersOf(sizes, [...all(1, 3)])).toEqual([2]);
    expect(deadLayersOf(sizes, [...all(1, 2), stat(1, 2, false)])).toEqual([]);
    expect(deadLayersOf(sizes, [...all(0, 2), ...all(1, 3), ...all(2, 1)])).toEqual([1, 2]);
  });
});
