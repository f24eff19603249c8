/**
 * A long run in the sandbox: continuous training for 20 million examples (default network, or
 * HASH=…), sampling memory as it goes, measured in Chromium (a benchmark, not a timed test).
 * Reports, every few seconds: examples seen, the renderer process's resident memory (the page and
 * its trainer worker, with the engine's Wasm memory, live in that one process), the page's JS heap
 * (CDP Runtime.getHeapUsage), main-thread long tasks, and how long the page takes to answer an
 * evaluate round trip (responsiveness). Then: first vs last memory, and the growth per million
 * examples over the second half of the run (flat memory: near zero).
 * The heap is sampled after a forced garbage collection, which itself blocks the main thread:
 * long tasks here are NOT a smoothness figure (bench/page-smoothness.ts measures that).
 *
 * Usage: `npm run build`, then `npx tsx bench/page-longrun.ts`. EXAMPLES (default 20e6);
 * LONGRUN_PORT (default 4395) for the preview it starts.
 */
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { launchOptions, observeLongTasks, portFrom, startPreview } from '../scripts/browser.mjs';

const EXAMPLES = Number(process.env.EXAMPLES ?? 20e6);
const HASH = process.env.HASH ?? '';
const PORT = portFrom('LONGRUN_PORT', 4395);

/**
 * Resident memory (kB) of the biggest renderer among `own` (this browser's renderer processes):
 * with one tab open, that tab's. Not any Chromium renderer on the machine: another run's tab
 * would be measured in its place.
 */
function rendererRssKb(own: readonly number[]): number {
  const out = execFileSync('ps', ['-eo', 'pid,rss'], { encoding: 'utf8' });
  let best = 0;
  for (const line of out.split('\n')) {
    const [pid, rss] = line.trim().split(/\s+/).map(Number);
    if (own.includes(pid) && rss > best) best = rss;
  }
  return best;
}

async function main(): Promise<void> {
  const { base, stop } = await startPreview(PORT);
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await observeLongTasks(page);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${base}/sandbox/${HASH ? `#${HASH}` : ''}`);
    await page.waitForSelector('.sandbox[data-ready="true"]', { timeout: 30_000 });
    const processes = (await (
      await browser.newBrowserCDPSession()
    ).send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    const own = processes.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    // None found (another Chromium's names for its processes): every reading would be 0 MB.
    if (own.length === 0)
      throw new Error('page-longrun: this browser reports no renderer process.');
    await page.getByTestId('play').click();
    const rows: {
      seconds: number;
      examples: number;
      rssMb: number;
      heapMb: number;
      roundTripMs: number;
    }[] = [];
    const t0 = Date.now();
    for (;;) {
      await page.waitForTimeout(2000);
      const before = performance.now();
      const examples = await page.evaluate(() =>
        Number(
          document.querySelector('[data-testid="examples"]')?.textContent?.replace(/,/g, '') ?? 0,
        ),
      );
      const roundTripMs = performance.now() - before;
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const row = {
        seconds: Math.round((Date.now() - t0) / 1000),
        examples,
        rssMb: +(rendererRssKb(own) / 1024).toFixed(1),
        heapMb: +(heap.usedSize / 2 ** 20).toFixed(2),
        roundTripMs: +roundTripMs.toFixed(1),
      };
      rows.push(row);
      console.log(JSON.stringify({ kind: 'longrun-sample', ...row }));
      if (examples >= EXAMPLES || row.seconds > 900) break;
    }
    await page.getByTestId('play').click();
    const tasks = await page.evaluate(
      () => (window as unknown as { __longTasks: number[] }).__longTasks,
    );
    const half = rows.slice(Math.floor(rows.length / 2));
    const first = half[0];
    const last = rows[rows.length - 1];
    const perMillion = (key: 'rssMb' | 'heapMb') =>
      ((last[key] - first[key]) / Math.max(1, (last.examples - first.examples) / 1e6)).toFixed(3);
    const summary = {
      kind: 'longrun',
      examples: last.examples,
      seconds: last.seconds,
      rssMbFirst: rows[0].rssMb,
      rssMbLast: last.rssMb,
      rssMbPerMillionSecondHalf: Number(perMillion('rssMb')),
      heapMbFirst: rows[0].heapMb,
      heapMbLast: last.heapMb,
      heapMbPerMillionSecondHalf: Number(perMillion('heapMb')),
      maxRoundTripMs: Math.max(...rows.map((r) => r.roundTripMs)),
      longTasks: tasks.length,
      maxLongTaskMs: tasks.length ? Math.round(Math.max(...tasks)) : 0,
    };
    console.table([summary]);
    console.log(JSON.stringify(summary));
  } finally {
    await browser.close();
    stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
