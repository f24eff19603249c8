/**
 * The shared Playwright fixture: every e2e test fails on any console error, uncaught page error,
 * failed request, or request to another origin (NN Lab loads nothing from elsewhere), on any page
 * of its browser context.
 * Import `test` and `expect` from here, never from @playwright/test directly.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

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
export async function canvasSignature(
  page: import('@playwright/test').Page,
  selector: string,
): Promise<string> {
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
