/*
 * Wide math and tables in a lesson scroll sideways inside their own box. A box that really
 * scrolls must be reachable by keyboard, so give exactly those a tab stop, and take it back when
 * they fit. Widths change when fonts arrive and when the window resizes, so check again then.
 * An external file (not an inline script) so a strict CSP allows it.
 */
(function () {
  var selector = '.lesson-body .katex-display, .lesson-body table';

  function update() {
    var boxes = document.querySelectorAll(selector);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute('tabindex', '0');
        if (box.classList.contains('katex-display') && !box.hasAttribute('role')) {
          box.setAttribute('role', 'group');
          box.setAttribute('aria-label', 'Equation, scrolls sideways');
        }
      } else {
        box.removeAttribute('tabindex');
      }
    }
  }

  update();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(update);
  window.addEventListener('load', update);
  var frame = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  });
})();
