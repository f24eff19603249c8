/*
 * "Skip to content": move keyboard focus to <main> without changing the address. Followed as a
 * plain link, its "#main" became the page's hash, which the sandbox reads as a settings link
 * (and focus stayed on the body in some browsers). Without this script the link still works.
 * An external file (not an inline script) so a strict CSP allows it.
 */
(function () {
  document.addEventListener('click', function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest('a.skip-link') : null;
    if (!link || event.defaultPrevented) return;
    var main = document.getElementById('main');
    if (!main) return;
    event.preventDefault();
    // Focusable only while it holds the focus: otherwise a click anywhere on the page's text
    // would focus the whole of <main>.
    if (!main.hasAttribute('tabindex')) {
      main.setAttribute('tabindex', '-1');
      main.addEventListener(
        'blur',
        function () {
          main.removeAttribute('tabindex');
        },
        { once: true },
      );
    }
    main.focus();
  });
})();
