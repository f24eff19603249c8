import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../src/lib/engine/types';
import { previewGrid } from '../../src/lib/sandbox/targets';

describe('target previews', () => {
  // The sandbox's target picker (src/islands/sandbox/Panels.tsx) has no fallback for a built-in
  // target without a preview.
  it('every built-in target has a preview grid of finite values', () => {
    for (const id of TARGETS) {
      const grid = previewGrid(id, 24);
      expect(grid.length, id).toBe(24 * 24);
      expect(
        grid.every((v) => Number.isFinite(v)),
        id,
      ).toBe(true);
    }
  });
});
