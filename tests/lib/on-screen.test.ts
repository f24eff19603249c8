import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OFF_SCREEN_QUIET_MS, PaintWhenSeen } from '../../src/lib/plots/on-screen';

/** A stand-in IntersectionObserver whose element the test moves on and off the screen. */
let tell: (on: boolean) => void = () => {};
class FakeObserver {
  constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
    tell = (on) => callback([{ isIntersecting: on }]);
  }
  observe() {}
  disconnect() {}
}

describe('PaintWhenSeen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('IntersectionObserver', FakeObserver);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('paints at once on the screen; off it, only the latest, when back or when updates pause', () => {
    const painted: number[] = [];
    const painter = new PaintWhenSeen({} as Element);
    painter.paint(() => painted.push(1));
    expect(painted).toEqual([1]);

    tell(false);
    painter.paint(() => painted.push(2));
    vi.advanceTimersByTime(OFF_SCREEN_QUIET_MS - 10);
    painter.paint(() => painted.push(3)); // a stream: still nothing painted
    vi.advanceTimersByTime(OFF_SCREEN_QUIET_MS - 10);
    expect(painted).toEqual([1]);
    tell(true); // back on the screen: the latest is painted, the one it replaced never
    expect(painted).toEqual([1, 3]);
    vi.advanceTimersByTime(10 * OFF_SCREEN_QUIET_MS);
    expect(painted).toEqual([1, 3]);

    tell(false);
    painter.paint(() => painted.push(4));
    vi.advanceTimersByTime(OFF_SCREEN_QUIET_MS); // the updates paused: painted out of sight
    expect(painted).toEqual([1, 3, 4]);
    painter.destroy();
  });
});
