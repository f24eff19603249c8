/**
 * Whether a plot is on the screen, or near enough (OFF_SCREEN_MARGIN) to be seen soon. The plots
 * skip their painting while out of sight and training streams snapshots in (on a phone the
 * sandbox's plots are below the buttons a reader presses meanwhile), and paint the last update
 * when they come back or the stream pauses (PaintWhenSeen).
 */

/** How far outside the screen a plot still counts as on it. */
export const OFF_SCREEN_MARGIN = 200;

/**
 * Call `onChange(true | false)` as `element` comes on and off the screen (the first call comes
 * once the browser has looked). Returns a function that stops watching. Where the browser has no
 * IntersectionObserver, the element counts as always on the screen and `onChange` is never called.
 */
export function watchOnScreen(element: Element, onChange: (on: boolean) => void): () => void {
  if (typeof IntersectionObserver === 'undefined') return () => {};
  const observer = new IntersectionObserver(
    (entries) => onChange(entries[entries.length - 1].isIntersecting),
    { rootMargin: `${OFF_SCREEN_MARGIN}px` },
  );
  observer.observe(element);
  return () => observer.disconnect();
}

/**
 * How long updates must pause before a plot out of sight paints the last one anyway: at rest
 * every plot shows its latest state (a full-page screenshot, a reader's screen reader tour),
 * while a stream of training snapshots paints nothing that cannot be seen.
 */
export const OFF_SCREEN_QUIET_MS = 250;

/**
 * A plot's painting, done at once while its element is on the screen, else kept (the latest
 * only) until the element comes back or the updates pause for OFF_SCREEN_QUIET_MS.
 */
export class PaintWhenSeen {
  private on = true;
  private later: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stop: () => void;

  constructor(element: Element) {
    this.stop = watchOnScreen(element, (on) => {
      this.on = on;
      if (on) this.flush();
    });
  }

  paint(fn: () => void): void {
    if (this.on) {
      this.later = null;
      clearTimeout(this.timer);
      fn();
      return;
    }
    this.later = fn;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), OFF_SCREEN_QUIET_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    const fn = this.later;
    this.later = null;
    fn?.();
  }

  destroy(): void {
    clearTimeout(this.timer);
    this.stop();
  }
}
