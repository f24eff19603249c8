/**
 * The one place that knows how to drive a browser and serve the built site here: Debian's
 * Chromium (Playwright cannot download its own on these machines), launched so it makes no
 * outside connections, and `astro preview` on a port of the caller's choosing. Used by the
 * Playwright config, the screenshot and weight scripts, and the page benchmarks.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Chromium to use: CHROMIUM_PATH, else Debian's, else undefined (Playwright's own). */
export const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags for running as root, headless, with no background traffic to other hosts. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The port named by environment variable `name` (e.g. E2E_PORT), else `fallback`. Each script
 * has a name of its own, not PORT, which a shell or CI may set for something else; a value that
 * is not a port is an error, not a port 0 that no server answers.
 */
export function portFrom(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`${name}=${raw} is not a port (1–65535).`);
  return port;
}

/** Launch options for `chromium.launch(…)`. */
export const launchOptions = { executablePath: chromiumPath, args: chromiumArgs };

/**
 * Serve `dist/` with `astro preview` on `port` and wait until it answers. Run from the repository
 * root. Refuses a port where something already answers: it would be another server, perhaps
 * serving another checkout's build, and measuring it would be measuring the wrong site.
 * @returns {Promise<{ base: string, stop: () => void }>}
 */
export async function startPreview(port) {
  const base = `http://localhost:${port}`;
  const answers = () =>
    fetch(`${base}/`).then(
      (r) => r.ok,
      () => false,
    );
  if (await answers()) throw new Error(`Something already answers on ${base}: use another port.`);
  // Astro's own script run by this Node, not through npx: killing npx left astro running, holding
  // the port for every later run.
  const server = spawn(
    process.execPath,
    ['node_modules/.bin/astro', 'preview', '--port', String(port), '--host', 'localhost'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 300; i++) {
    if (await answers()) return { base, stop: () => server.kill() };
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`astro preview did not answer on ${base}`);
}

/**
 * Record every main-thread task over 50 ms (PerformanceObserver 'longtask') into
 * `window.__longTasks` (durations, ms) from the page's first script on. Call before `page.goto`.
 * @param {import('@playwright/test').Page} page
 */
export async function observeLongTasks(page) {
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}
