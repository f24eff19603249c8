// A saved session is offered back only when every field is one the page can show: a record edited
// by hand (in the browser's storage) or left by another version is not shown as raw junk, such as
// "(Invalid Date)" or a 300-digit count, and a snapshot that is not the engine's is not offered.
import { describe, expect, it } from 'vitest';
import { loadEngine } from '../../src/lib/engine/load-node';
import { presetById } from '../../src/lib/presets';
import { wellFormed, type SavedSession } from '../../src/lib/sandbox/saved-session';

const engine = await loadEngine({ simd: true });
engine.configure(presetById('first-look').config());
engine.train(64);
const session: SavedSession = {
  network: 'n',
  settings: 'h=4',
  snapshot: engine.snapshot(),
  examples: 64,
  history: [],
  savedAt: Date.UTC(2025, 0, 1),
};

describe('saved sessions', () => {
  it('keeps a session as the sandbox saves it, with a real engine snapshot', () => {
    expect(wellFormed(session)).toEqual(session);
  });

  it('refuses a time a Date cannot show, and a count that is not whole or not exact', () => {
    for (const savedAt of ['x', NaN, Infinity, -1, 0, 1e300, null])
      expect(wellFormed({ ...session, savedAt } as never), String(savedAt)).toBeNull();
    for (const examples of [0, -5, 0.5, 1e300, 2 ** 53, Infinity, '64'])
      expect(wellFormed({ ...session, examples } as never), String(examples)).toBeNull();
  });

  it('refuses bytes that do not start as the engine’s snapshots do', () => {
    const garbage = session.snapshot.slice();
    garbage[0] ^= 0xff;
    expect(wellFormed({ ...session, snapshot: garbage })).toBeNull();
    expect(wellFormed({ ...session, snapshot: new Uint8Array(64) })).toBeNull();
    expect(wellFormed({ ...session, snapshot: session.snapshot.slice(0, 4) })).toBeNull();
  });
});
