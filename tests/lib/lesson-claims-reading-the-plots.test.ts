/**
 * The proof behind "How to read NN Lab's plots": its "What to try" paragraph describes what the
 * live trainer shows, press by press (2,000 examples each, the preset `first-look`). That figure
 * has no checkpoint, so the claims are checked here on the engine the page runs.
 */
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/lib/engine/load-node';
import { presetById } from '../../src/lib/presets';

const mean = (xs: Float32Array) => xs.reduce((s, v) => s + v, 0) / xs.length;

describe('reading-the-plots: what the presses show', () => {
  it('flat at about 0.7 before training, a disc within three presses, a loss that wobbles after', async () => {
    const e = await loadEngine({ simd: true });
    e.configure(presetById('first-look').config());
    const before = e.evaluate(64, 0);
    // "almost flat, and at the wrong value: about 0.7 everywhere, where the target's average is about 0.27"
    expect(Math.min(...before.output)).toBeGreaterThan(0.6);
    expect(Math.max(...before.output)).toBeLessThan(0.75);
    expect(mean(before.target)).toBeCloseTo(0.27, 2);
    // "The first press pulls that down"
    e.train(2000);
    expect(mean(e.evaluate(64, 0).output)).toBeLessThan(0.3);
    // "within three a blob has formed where the disc is": near 1 inside, near 0 outside
    e.train(4000);
    const { output, target } = e.evaluate(64, 0);
    const inside = output.filter((_, k) => target[k] > 0.5);
    const outside = output.filter((_, k) => target[k] < 0.5);
    expect(mean(inside)).toBeGreaterThan(0.6);
    expect(mean(outside)).toBeLessThan(0.15);
    // "Keep pressing and the test loss still wobbles from press to press"
    const losses: number[] = [];
    for (let k = 0; k < 20; k++) {
      e.train(2000);
      losses.push(e.testLoss());
    }
    const rises = losses.filter((v, k) => k > 0 && v > losses[k - 1]).length;
    expect(rises).toBeGreaterThan(2);
  });
});
