/**
 * The shared Playwright fixture: every e2e test fails on any console error, uncaught page error,
 * failed request, or request to another origin (NN Lab loads nothing from elsewhere), on any page
 * of its browser context. Also the helpers the specs share: open and train the sandbox, open a
 * guided experiment and complete its steps, record the engine files a page fetches.
 * Import `test` and `expect` from here, never from @playwright/test directly.
 */
import { readdirSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ context, page, baseURL }, use) => {
      const problems: string[] = [];
      const origin = new URL(baseURL ?? 'http://localhost').origin;
      // Every page of the test's browser context is watched: the fixture's own `page` and any
      // opened later with `context.newPage()` (a second tab, a copied link).
      const watched = new WeakSet<Page>();
      const watch = (p: Page) => {
        if (watched.has(p)) return;
        watched.add(p);
        p.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
        });
        p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        p.on('requestfailed', (request) => {
          // A navigation away aborts in-flight requests; that is not a fault of the page.
          const failure = request.failure()?.errorText ?? '';
          if (failure.includes('ERR_ABORTED')) return;
          problems.push(`request failed: ${request.url()} (${failure})`);
        });
        p.on('request', (request) => {
          const url = request.url();
          if (url.startsWith('data:') || url.startsWith('blob:')) return;
          if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
        });
        p.on('response', (response) => {
          if (response.status() >= 400)
            problems.push(`HTTP ${response.status()}: ${response.url()}`);
        });
      };
      context.on('page', watch);
      for (const p of context.pages()) watch(p);
      watch(page);
      await use(problems);
      expect(problems, 'the page reported problems').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Read the pixels of the first canvas inside `selector` as a compact signature string. */
export async function canvasSignature(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => {
    const canvas = el instanceof HTMLCanvasElement ? el : el.querySelector('canvas');
    if (!canvas) throw new Error('no canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i++) hash = (Math.imul(hash, 31) + data[i]) | 0;
    return `${canvas.width}x${canvas.height}:${hash}`;
  });
}

/** Serious and critical axe violations on the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/**
 * Make the page's SIMD probe fail, as in a browser without WebAssembly SIMD: any module that
 * uses the 0xfd (SIMD) opcode prefix is "invalid". Call before `page.goto`.
 */
export async function withoutSimd(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    WebAssembly.validate = (bytes: BufferSource) => {
      const view = ArrayBuffer.isView(bytes)
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
      if (view.includes(0xfd)) return false;
      return validate(bytes);
    };
  });
}

/** Terminate every trainer worker on the page, as a crash would (see src/lib/trainer/client.ts). */
export const killWorkers = (page: Page) =>
  page.evaluate(() => {
    for (const worker of globalThis.__nnlabWorkers ?? []) worker.terminate();
  });

/** Open the sandbox (with an optional URL hash) and wait until its first snapshot has arrived. */
export async function openSandbox(page: Page, hash = ''): Promise<void> {
  await page.goto(`/sandbox/${hash}`);
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true');
  // The first snapshot has arrived when the test loss shows a number.
  await expect(page.getByTestId('test-loss')).toHaveText(/\d/);
}

/**
 * Store the reader's progress as the site keeps it (src/lib/lessons/progress.ts, version 1), on
 * the page's origin: `scripts` maps a lesson to { done, total, updated }, well formed or not.
 */
export async function storeProgress(page: Page, scripts: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    (s) => localStorage.setItem('nn-lab:progress', JSON.stringify({ v: 1, scripts: s })),
    scripts,
  );
}

/** Reload the sandbox and wait until it has looked for a saved network to offer back. */
export async function reloadSandbox(page: Page): Promise<void> {
  await page.reload();
  await expect(page.locator('.sandbox')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('.sandbox')).toHaveAttribute('data-session-checked', 'true');
}

/**
 * Open the sandbox at `hash` as a new page load (going to another hash of the same page does not
 * load it again), and wait until it has looked for a saved network.
 */
export async function reopenSandbox(page: Page, hash: string): Promise<void> {
  await page.goto(`/sandbox/${hash}`);
  await reloadSandbox(page);
}

/** In the sandbox, press "Train `label`" and wait until the examples counter shows `total`. */
export async function trainSandbox(page: Page, label: string, total: string): Promise<void> {
  await page.getByRole('button', { name: `Train ${label}`, exact: true }).click();
  await expect(page.getByTestId('examples')).toHaveText(total, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Train 1', exact: true })).toBeEnabled();
}

/**
 * Rewrite the sandbox's one saved network (IndexedDB 'nn-lab', store 'sandbox') as another
 * version would have left it: 'one-record', the first version's single 'last-session' record with
 * no network identity and no index; 'next-version', its snapshot marked with the next snapshot
 * version (bytes 4–7), which this engine refuses.
 */
export async function rewriteSavedSession(
  page: Page,
  how: 'one-record' | 'next-version',
): Promise<void> {
  await page.evaluate(
    (how) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('nn-lab', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('sandbox', 'readwrite');
          const store = tx.objectStore('sandbox');
          const keys = store.getAllKeys();
          keys.onsuccess = () => {
            const key = (keys.result as string[]).find((k) => k.startsWith('session:'))!;
            const record = store.get(key);
            record.onsuccess = () => {
              const saved = record.result as Record<string, unknown> & { snapshot: Uint8Array };
              if (how === 'one-record') {
                const { network: _network, ...old } = saved;
                store.put(old, 'last-session');
                store.delete(key);
                store.delete('sessions');
              } else {
                const view = new DataView(saved.snapshot.buffer, saved.snapshot.byteOffset);
                view.setUint32(4, view.getUint32(4, true) + 1, true);
                store.put(saved, key);
              }
            };
          };
          tx.oncomplete = () => resolve();
        };
      }),
    how,
  );
}

/** Open a lesson and scroll to its guided experiment; resolves once its engine is ready. */
export async function openExperiment(page: Page, slug: string): Promise<Locator> {
  await page.goto(`/lessons/${slug}/`);
  return experimentReady(page, slug);
}

/** The lesson's experiment, scrolled to and with its engine ready. */
async function experimentReady(page: Page, slug: string): Promise<Locator> {
  const figure = page.getByTestId(`guided-${slug}`);
  await figure.scrollIntoViewIfNeeded();
  // The workers start near the viewport; the placeholder goes once the engine is ready.
  await expect(figure.locator('.guided__placeholder')).toHaveCount(0, { timeout: 30_000 });
  return figure;
}

/**
 * Reload the lesson page (as a reader's reload does: one navigation) and wait until its
 * experiment says it is back at kept checkpoint `checkpoint`.
 */
export async function reloadExperiment(
  page: Page,
  slug: string,
  checkpoint: number,
): Promise<Locator> {
  await page.reload();
  const figure = await experimentReady(page, slug);
  await expect(figure.getByTestId('guided-resumed')).toContainText(`at checkpoint ${checkpoint}`);
  return figure;
}

/**
 * Do whatever a guided step needs (answer its prediction, run it, do what a reader checkpoint
 * asks), until its checkpoint ticks; then check the result says so and a prediction is revealed.
 */
export async function completeStep(page: Page, figure: Locator, step: Locator): Promise<void> {
  const check = (await step.getAttribute('data-check')) ?? '';
  const network = (await step.getAttribute('data-network')) ?? 'a';
  const radios = step.getByRole('radio');
  if ((await radios.count()) > 0) await radios.first().check();
  const run = step.getByRole('button', { name: 'Run this step' });
  if ((await run.count()) > 0) {
    await expect(run).toBeEnabled();
    await run.click();
    if (check === 'reader:lowerLearningRate') {
      const halve = figure.getByRole('button', { name: 'Halve it' });
      await expect(halve).toBeVisible();
      await page.waitForTimeout(1500);
      await halve.click();
      await page.waitForTimeout(1500);
      await halve.click();
    }
  }
  const panel = figure.getByTestId(`network-${network}`);
  if (check === 'reader:selectDeadNeuron') {
    await expect(figure).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    await panel
      .getByRole('button', { name: /: dead/ })
      .first()
      .click();
  }
  if (check === 'reader:inspectEachLayer') {
    await expect(figure).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
    for (let layer = 1; layer <= 8; layer++) {
      const cell = panel.getByRole('button', { name: new RegExp(`^layer ${layer}, neuron 1\\b`) });
      if ((await cell.count()) === 0) break;
      await cell.first().click();
    }
  }
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  await expect(step.getByTestId(/^result-/)).toContainText('Checkpoint met');
  if (check === 'metric:silentNeurons') {
    // The count the checkpoint quotes is on the panel too, where the reader can follow it.
    const shown = (await panel.getByTestId(`silent-${network}`).textContent()) ?? '';
    expect(shown).toMatch(/^\d+$/);
    await expect(step.getByTestId(/^result-/)).toContainText(`${shown} of the`);
  }
  // A prediction's answer is revealed once the step has run.
  if ((await radios.count()) > 0) {
    await expect(step.getByTestId(/^reveal-/)).toBeVisible();
  }
}

/**
 * Record the WebAssembly files the page fetches from now on, as "status url" lines (the array
 * fills as responses arrive). Call before `page.goto`.
 */
export function wasmResponses(page: Page): string[] {
  const wasm: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasm.push(`${response.status()} ${response.url()}`);
  });
  return wasm;
}

/**
 * Every HTML page of the build (dist/), as the path it is served at: "/", "/404.html",
 * "/sandbox/", "/lessons/…/". Read at test time, so a new page is checked without listing it.
 */
export function builtPages(): string[] {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => `/${file.split(sep).join('/')}`.replace(/\/index\.html$/, '/'))
    .sort();
  // An empty or partial build must fail the tests that loop over these, not pass them.
  for (const page of ['/', '/404.html', '/sandbox/', '/lessons/reading-the-plots/'])
    if (!pages.includes(page))
      throw new Error(`builtPages: ${page} is not in dist/; run npm run build`);
  return pages;
}

/** WCAG 1.4.12's text spacing, as a reader's bookmarklet sets it (add it with page.addStyleTag). */
export const TEXT_SPACING =
  '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

/** "Show me" on step `index` (from 0) of a guided experiment, until its checkpoint is met. */
export async function showMe(figure: Locator, index: number): Promise<Locator> {
  const step = figure.locator('.guided-step').nth(index);
  await step.getByRole('button', { name: 'Show me' }).click();
  await expect(step).toHaveAttribute('data-status', 'met', { timeout: 90_000 });
  return step;
}
