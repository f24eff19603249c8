/**
 * Keep an element where the reader sees it while they work in it. Where a guided experiment's
 * stage is sticky (wide screens) and held up by the experiment's end, its position follows the
 * height of everything in the experiment: a neuron's picture appearing under the graph (about
 * 300 px), or a finished step folding its text away, pushed the graph up, and the neuron the
 * reader had just chosen, with its focus, went off the top of the screen.
 *
 * So while `active()` holds (the focus is in the element and its stage is sticky), a change in
 * the size of any `observe`d element scrolls the page by however far the element moved, before
 * anything is painted. The page's scrolling is followed only while the focus is in the element.
 * Framework-free; returns the function that stops it.
 */
export function keepInPlace(
  element: HTMLElement,
  observe: readonly Element[],
  active: () => boolean,
): () => void {
  // Where the element was when the reader last saw it; null while the focus is elsewhere, when
  // nothing is kept in place and the page's scrolling is not followed at all.
  let top: number | null = null;
  const inside = () => element.contains(document.activeElement);
  const remember = () => {
    top = element.isConnected && inside() ? element.getBoundingClientRect().top : null;
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
  let following = false;
  const onFocusIn = () => {
    document.documentElement.style.setProperty('overflow-anchor', 'none');
    if (!following) window.addEventListener('scroll', onScroll, { passive: true });
    following = true;
    remember();
  };
  const stopFollowing = () => {
    document.documentElement.style.removeProperty('overflow-anchor');
    window.removeEventListener('scroll', onScroll);
    following = false;
    ownScroll = false;
    top = null;
  };
  const onFocusOut = (e: FocusEvent) => {
    if (!element.contains(e.relatedTarget as Node | null)) stopFollowing();
  };
  element.addEventListener('focusin', onFocusIn);
  element.addEventListener('focusout', onFocusOut);
  for (const e of observe) resized.observe(e);
  if (inside()) onFocusIn();
  return () => {
    resized.disconnect();
    element.removeEventListener('focusin', onFocusIn);
    element.removeEventListener('focusout', onFocusOut);
    stopFollowing();
  };
}
