/**
 * The speeds a lesson quotes, measured the way its experiment measures them: every step of
 * src/content/experiments/*.json that holds a `benchmark` action (today the GCU lesson's "What a
 * cosine costs") is run ROUNDS times and each variant's best rate is kept.
 * - In Node, by the lessons' own LessonRunner on a Node engine.
 * - With `--chromium`, also in the built site in Chromium, as a reader would: the lesson page is
 *   opened, "Show me" is pressed on every step up to the measuring one, then the measuring step
 *   is run again until it has run ROUNDS times, and the page's own table is read each time. The
 *   page draws while it measures, as it does for a reader.
 * The lesson's figures for Node and for Chromium come from this. Each fast variant is also checked
 * against the exact variant of its activation: it must be the faster.
 *
 * Usage: `npx tsx bench/lesson-benchmarks.ts [--chromium]` (ROUNDS, default 7;
 * LESSON_BENCH_PORT, default 4397, for the preview `--chromium` starts); `--chromium` needs
 * `npm run build` first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Locator, type Page } from '@playwright/test';
import { loadEngine } from '../src/lib/engine/load-node';
import { LessonRunner, fromEngine, type BenchmarkRow } from '../src/lib/lessons/runner';
import { fastAgainstExact, isFaster, type MeasuredVariant } from '../src/lib/lessons/benchmark';
import { scriptSchema, type Script } from '../src/lib/lessons/schema';
import { launchOptions, portFrom, startPreview } from '../scripts/browser.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const DIR = 'src/content/experiments';
const PORT = portFrom('LESSON_BENCH_PORT', 4397);

/** Best rate per variant label, in the order the step lists them. */
type Best = Map<string, number>;

function keepBest(best: Best, rows: { label: string; examplesPerSecond: number }[]): void {
  for (const r of rows) best.set(r.label, Math.max(best.get(r.label) ?? 0, r.examplesPerSecond));
}

async function inNode(script: Script, index: number): Promise<Best> {
  const best: Best = new Map();
  const backends = Object.fromEntries(
    await Promise.all(
      script.networks.map(async (id) => [id, fromEngine(await loadEngine({ simd: true }))]),
    ),
  );
  const runner = new LessonRunner(script, backends, {
    onBenchmark: (rows: BenchmarkRow[]) => keepBest(best, rows),
  });
  for (let round = 0; round < ROUNDS; round++) await runner.runStep(index);
  return best;
}

/** The rows of the experiment's "Training speed measured in your browser" table. */
async function tableRows(figure: Locator) {
  return figure
    .getByTestId('benchmark')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        label: tr.querySelector('th')?.textContent ?? '',
        examplesPerSecond: Number((tr.querySelector('td')?.textContent ?? '').replace(/,/g, '')),
      })),
    );
}

async function inChromium(page: Page, base: string, slug: string, index: number): Promise<Best> {
  await page.goto(`${base}/lessons/${slug}/`);
  const figure = page.getByTestId(`guided-${slug}`);
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('.guided__placeholder').waitFor({ state: 'detached', timeout: 60_000 });
  const steps = figure.locator('.guided-step');
  const idle = figure.and(page.locator('[aria-busy="false"]'));
  const met = (i: number) => steps.nth(i).and(page.locator('[data-status="met"]'));
  for (let i = 0; i <= index; i++) {
    await idle.waitFor({ timeout: 120_000 });
    await steps.nth(i).getByRole('button', { name: 'Show me' }).click();
    await met(i).waitFor({ timeout: 120_000 });
  }
  const best: Best = new Map();
  let last = '';
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) {
      await idle.waitFor({ timeout: 120_000 });
      await steps.nth(index).getByRole('button', { name: 'Run this step again' }).click();
    }
    // A new measurement is a new table: wait until it differs from the last and the run is over.
    await page.waitForFunction(
      ([id, previous]) => {
        const fig = document.querySelector(`[data-testid="${id}"]`);
        const table = fig?.querySelector('[data-testid="benchmark"]');
        return (
          fig?.getAttribute('aria-busy') === 'false' && !!table && table.textContent !== previous
        );
      },
      [`guided-${slug}`, last] as const,
      { timeout: 120_000 },
    );
    last = (await figure.getByTestId('benchmark').textContent()) ?? '';
    const rows = await tableRows(figure);
    if (rows.some((r) => !(r.examplesPerSecond > 0)))
      throw new Error(`unreadable benchmark table: ${JSON.stringify(rows)}`);
    keepBest(best, rows);
  }
  return best;
}

/**
 * Each fast variant against the exact one of the same activation: the lesson quotes how much
 * faster the fast mode is, and a fast path that fell behind would otherwise go unnoticed. Faster
 * by the same measure as the page's sentence under its table (`isFaster`).
 */
function fastBeatsExact(variants: readonly MeasuredVariant[], best: Best): string[] {
  return fastAgainstExact(variants, (label) => best.get(label)).map(
    (p) =>
      `  ${isFaster(p) ? '✓' : '✗ NOT MET:'} ${p.fast} faster than ${p.exact}: ${p.ratio.toFixed(2)}×`,
  );
}

function report(where: string, file: string, stepId: string, hidden: unknown, best: Best): void {
  console.log(`\n${file} / ${stepId} (${where}): hidden ${JSON.stringify(hidden)}`);
  const first = [...best.values()][0];
  for (const [label, eps] of best) {
    console.log(
      `  ${label.padEnd(20)} ${Math.round(eps).toLocaleString('en').padStart(12)} examples/s  ${(eps / first).toFixed(2)}×`,
    );
  }
  console.log(
    JSON.stringify({
      lesson: file,
      step: stepId,
      where,
      hidden,
      rounds: ROUNDS,
      examplesPerSecond: Object.fromEntries([...best].map(([k, v]) => [k, Math.round(v)])),
    }),
  );
}

async function main(): Promise<void> {
  const browser = process.argv.includes('--chromium');
  const server = browser ? await startPreview(PORT) : null;
  const chromiumBrowser = browser ? await chromium.launch(launchOptions) : null;
  try {
    for (const name of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
      const file = name.replace('.json', '');
      const script = scriptSchema.parse(JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8')));
      for (const [index, step] of script.steps.entries()) {
        if (!step.actions.some((a) => a.do === 'benchmark')) continue;
        const hidden = step.actions.flatMap((a) => (a.do === 'benchmark' ? [a.hidden] : []));
        const variants = step.actions.flatMap((a) => (a.do === 'benchmark' ? a.variants : []));
        const node = await inNode(script, index);
        report('node', file, step.id, hidden, node);
        console.log(fastBeatsExact(variants, node).join('\n'));
        if (chromiumBrowser && server) {
          const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 900 } });
          const inPage = await inChromium(page, server.base, file, index);
          report('chromium', file, step.id, hidden, inPage);
          console.log(fastBeatsExact(variants, inPage).join('\n'));
          await page.close();
        }
      }
    }
  } finally {
    await chromiumBrowser?.close();
    server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
