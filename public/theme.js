/*
 * NN Lab theme: runs in <head> as a blocking classic script (an external file, so a strict CSP
 * with script-src 'self' allows it), before the first paint, so the page never flashes the
 * wrong theme.
 *
 * The reader's choice ("light" or "dark") is kept in localStorage under "nnlab-theme". Without a
 * choice the theme follows the system's prefers-color-scheme, live. The result is written to
 * <html data-theme>, which the CSS and the islands read. Buttons with [data-theme-toggle] flip it.
 */
(function () {
  var KEY = 'nnlab-theme';
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === 'light' || value === 'dark' ? value : null;
    } catch (e) {
      return null; // storage blocked (private mode, sandboxed frame): follow the system
    }
  }

  function current() {
    return stored() || (media && media.matches ? 'dark' : 'light');
  }

  function syncButtons(theme) {
    var buttons = document.querySelectorAll('[data-theme-toggle]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
    }
  }

  function apply(theme) {
    root.setAttribute('data-theme', theme);
    syncButtons(theme);
  }

  apply(current());

  if (media) {
    var onSystemChange = function () {
      if (!stored()) apply(current());
    };
    if (media.addEventListener) media.addEventListener('change', onSystemChange);
    else if (media.addListener) media.addListener(onSystemChange);
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('[data-theme-toggle]') : null;
    if (!button) return;
    var next = root.getAttribute('data-theme') === 'dark' ? 'light' : 'dark';
    try {
      window.localStorage.setItem(KEY, next);
    } catch (e) {
      /* not persisted, still applied */
    }
    apply(next);
  });

  // The buttons are parsed after this script runs: give them their state once they exist.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      syncButtons(root.getAttribute('data-theme'));
    });
  } else {
    syncButtons(root.getAttribute('data-theme'));
  }

  // Another tab changed the theme: follow it.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) apply(current());
  });
})();
