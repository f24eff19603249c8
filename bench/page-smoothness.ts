/**
 * The sandbox's smoothness while it trains continuously at full speed, measured in Chromium
 * (a benchmark, not a timed test). For each network it reports:
 * - longTasks / maxLongTaskMs: main-thread tasks over 50 ms (PerformanceObserver 'longtask'),
 *   counted during the measuring window only; the goal is none;
 * - plotRefreshPerSecond: plot frames drawn with new data per second (the island's
 *   `data-plot-frames` counter); the goal is at least 20;
 * - pageExamplesPerSecond: examples trained per second of wall time in the page (the examples
 *   counter's growth), against nodeExamplesPerSecond: the same network trained by the same engine
 *   in Node, sustained over the same kind of window; the goal is a ratio of at least 0.8.
 *
 * Usage: `npm run build`, then `npx tsx bench/page-smoothness.ts` (starts `astro preview` on
 * port 4342, or set BASE_URL to use a running server). Options: SECONDS (default 10) per network.
 */
import { chromium } from '@playwright/test';
import { launchOptions, observeLongTasks, startPreview } from '../scripts/browser.mjs';
import { loadEngine } from '../src/lib/engine/load-node';
import { decodeState, toExperiment } from '../src/lib/sandbox/settings';

const SECONDS = Number(process.env.SECONDS ?? 10);
// Long enough for the JIT and the first full-view snapshots to settle: steady state is measured.
const WARMUP_MS = 4000;
const CASES = [
  { name: '64-32 leaky ReLU (default)', hash: 'h=64,32&act=leakyRelu,leakyRelu' },
  { name: '54-22 ReLU (dying ReLU)', hash: 'h=54,22&act=relu,relu' },
  {
    name: '64-32-16-8 leaky ReLU',
    hash: 'h=64,32,16,8&act=leakyRelu,leakyRelu,leakyRelu,leakyRelu&target=tiledSqrt&lr=0.08',
  },
  { name: '24-12 tanh', hash: 'h=24,12&act=tanh,tanh' },
];

async function nodeRate(hash: string, seconds: number): Promise<number> {
  const engine = await loadEngine();
  engine.configure(toExperiment(decodeState(hash).state));
  // Slices of about 12 ms, like the worker's, sustained for the whole window.
  let slice = 1000;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let done = 0;
  while (performance.now() < end) {
    const t0 = performance.now();
    done += engine.train(slice).examples;
    const dt = performance.now() - t0;
    slice = Math.max(64, Math.round(slice * (12 / Math.max(dt, 0.5))));
  }
  return done / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  // BASE_URL: measure a server that is already running; otherwise serve dist/ on port 4342.
  const preview = process.env.BASE_URL ? null : await startPreview(4342);
  const base = process.env.BASE_URL ?? preview!.base;
  const browser = await chromium.launch(launchOptions);
  const rows: Record<string, unknown>[] = [];
  try {
    for (const c of CASES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await observeLongTasks(page);
      await page.goto(`${base}/sandbox/#${c.hash}`);
      await page.waitForSelector('.sandbox[data-ready="true"]', { timeout: 30_000 });
      await page.getByTestId('play').click();
      await page.waitForTimeout(WARMUP_MS);
      const read = () =>
        page.evaluate(() => ({
          examples: Number(
            document.querySelector('[data-testid="examples"]')?.textContent?.replace(/,/g, '') ?? 0,
          ),
          frames: Number(document.querySelector<HTMLElement>('.sandbox')?.dataset.plotFrames ?? 0),
          longTasks: (window as unknown as { __longTasks: number[] }).__longTasks.length,
          now: performance.now(),
        }));
      const a = await read();
      await page.waitForTimeout(SECONDS * 1000);
      const b = await read();
      const tasks = await page.evaluate(
        (from) => (window as unknown as { __longTasks: number[] }).__longTasks.slice(from),
        a.longTasks,
      );
      await page.getByTestId('play').click();
      await page.close();
      const seconds = (b.now - a.now) / 1000;
      const pageRate = (b.examples - a.examples) / seconds;
      const node = await nodeRate(c.hash, 3);
      rows.push({
        network: c.name,
        longTasks: tasks.length,
        maxLongTaskMs: tasks.length ? Math.round(Math.max(...tasks)) : 0,
        plotRefreshPerSecond: +((b.frames - a.frames) / seconds).toFixed(1),
        pageExamplesPerSecond: Math.round(pageRate),
        nodeExamplesPerSecond: Math.round(node),
        ratio: +(pageRate / node).toFixed(2),
      });
    }
  } finally {
    await browser.close();
    preview?.stop();
  }
  console.table(rows);
  for (const r of rows) console.log(JSON.stringify(r));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
