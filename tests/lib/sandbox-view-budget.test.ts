import { describe, expect, it } from 'vitest';
import { weightCount } from '../../src/lib/network-size';
import { presetById } from '../../src/lib/presets';
import { testPointsOf } from '../../src/lib/engine/limits';
import { neuronResolution, viewFor } from '../../src/lib/sandbox/view-budget';

describe('view budget', () => {
  it('counts weights (multiply-adds per forward pass) from the two inputs', () => {
    expect(weightCount([64, 32, 1])).toBe(2 * 64 + 64 * 32 + 32);
    expect(weightCount([1])).toBe(2);
    expect(weightCount([])).toBe(0);
  });

  it('keeps the full view for the default network and thins it for huge ones', () => {
    expect(viewFor([64, 32, 1], true)).toMatchObject({
      resolution: 64,
      thumbResolution: 16,
      testLoss: true,
      neuronStats: true,
      publishIntervalMs: 30,
    });
    const huge = viewFor([256, 256, 256, 256, 256, 256, 256, 256, 1], true);
    expect(huge).toMatchObject({ resolution: 24, testLoss: false, neuronStats: false });
    expect(huge.publishIntervalMs).toBeGreaterThan(100);
    // At rest, everything is asked for, the response finer where the network affords it.
    expect(viewFor([256, 256, 256, 256, 256, 256, 256, 256, 1], false)).toMatchObject({
      resolution: 64,
      testLoss: true,
      neuronStats: true,
    });
    expect(viewFor([64, 32, 1], false).resolution).toBe(128);
    expect(viewFor([64, 64, 1], false).resolution).toBe(96); // 4,288 weights
    expect(viewFor([128, 128, 1], false).resolution).toBe(64); // 16,768
    for (const sizes of [
      [8, 1],
      [64, 32, 16, 8, 1],
      [128, 128, 1],
      [256, 256, 1],
    ]) {
      const { resolution } = viewFor(sizes, false);
      expect(resolution).toBeGreaterThanOrEqual(64);
      if (resolution > 64) expect(weightCount(sizes) * resolution ** 2).toBeLessThanOrEqual(40e6);
    }
  });

  it('every view it picks for a training network fits the budget or is the cheapest', () => {
    for (const sizes of [
      [8, 1],
      [64, 32, 16, 8, 1],
      [128, 128, 1],
      [256, 256, 1],
      [256, 256, 256, 1],
    ]) {
      const v = viewFor(sizes, true);
      expect(v.publishIntervalMs).toBeGreaterThanOrEqual(30);
      expect(v.publishIntervalMs).toBeLessThanOrEqual(1000);
    }
  });

  it('with a fixed training set, the test loss costs the held-out set, not a 64×64 grid', () => {
    // The overfitting preset's network (64, 64 ReLU) with its 500 held-out points: the live
    // test loss, the whole point of that preset, fits the budget; on the 64×64 grid it did not.
    const sizes = [64, 64, 1];
    expect(viewFor(sizes, true).testLoss).toBe(false);
    expect(viewFor(sizes, true, 500).testLoss).toBe(true);
    const config = presetById('overfitting').config();
    expect(viewFor(sizes, true, testPointsOf(config)).testLoss).toBe(true);
    expect(testPointsOf(presetById('first-look').config())).toBe(64 * 64);
  });

  it('sizes the neuron plot by the cost up to its layer', () => {
    expect(neuronResolution([64, 32, 1], 0)).toBe(128);
    expect(neuronResolution([64, 32, 1], 1)).toBe(95); // 2,176 weights up to layer 2
    expect(neuronResolution([256, 256, 256, 256, 256, 256, 256, 256, 1], 7)).toBe(32);
  });
});
