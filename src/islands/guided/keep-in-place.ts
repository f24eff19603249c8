/**
 * Keep an element where the reader sees it while they work in it. Where a guided experiment's
 * stage is sticky (wide screens) and held up by the experiment's end, its position follows the
 * height of everything in the experiment: a neuron's picture appearing under the graph (about
 * 300 px), or a finished step folding its text away, pushed the graph up, and the neuron the
 * reader had just chosen, with its focus, went off the top of the screen.
 *
 * So while `active()` holds (the focus is in the element and its stage is sticky), a change in
 * the size of any `observe`d element scrolls the page by however far the element moved, before
 * anything is painted. Framework-free; returns the function that stops it.
 */
export function keepInPlace(
  element: HTMLElement,
  observe: readonly Element[],
  active: () => boolean,
): () => void {
  let top: number | null = null;
  const remember = () => {
    top = element.isConnected ? element.getBoundingClientRect().top : null;
  };
  // The scroll event of this code's own scroll comes a frame later, when another change may
  // have moved the element meanwhile: read then, it would pass for where the reader saw it.
  let ownScroll = false;
  const onScroll = () => {
    if (ownScroll) ownScroll = false;
    else remember();
  };
  const resized = new ResizeObserver(() => {
    if (top !== null && element.isConnected && active()) {
      const moved = element.getBoundingClientRect().top - top;
      // Instant: the page's smooth scrolling would show the jump it undoes.
      if (Math.abs(moved) >= 1) {
        ownScroll = true;
        window.scrollBy({ top: moved, behavior: 'instant' });
      }
    }
    remember();
  });
  // The browser's own scroll anchoring also answers a step folding above the screen, scrolling
  // for the steps' sake in the same frame, sometimes after this: together they moved the graph
  // 275 px down. While the focus is in the element, the element is the anchor.
  const anchorOff = () => document.documentElement.style.setProperty('overflow-anchor', 'none');
  const anchorOn = () => document.documentElement.style.removeProperty('overflow-anchor');
  const onFocusOut = (e: FocusEvent) => {
    if (!element.contains(e.relatedTarget as Node | null)) anchorOn();
  };
  element.addEventListener('focusin', anchorOff);
  element.addEventListener('focusout', onFocusOut);
  window.addEventListener('scroll', onScroll, { passive: true });
  for (const e of observe) resized.observe(e);
  remember();
  return () => {
    resized.disconnect();
    window.removeEventListener('scroll', onScroll);
    element.removeEventListener('focusin', anchorOff);
    element.removeEventListener('focusout', onFocusOut);
    anchorOn();
  };
}
