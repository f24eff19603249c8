/**
 * The reader's wish for reduced motion, in one place for every island: read at each use (it can
 * change while the page is open), and false on the server, which renders the islands too.
 */

/** With reduced motion, plots fed by a stream of snapshots redraw at most this often. */
export const CALM_FRAME_MS = 1000;

let query: MediaQueryList | undefined;

/** Whether the reader asks for reduced motion. */
export function reducedMotion(): boolean {
  if (typeof matchMedia !== 'function') return false;
  query ??= matchMedia('(prefers-reduced-motion: reduce)');
  return query.matches;
}

/** How to scroll: at once with reduced motion, else smoothly. */
export function scrollBehavior(): ScrollBehavior {
  return reducedMotion() ? 'auto' : 'smooth';
}
