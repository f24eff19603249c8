import { readdirSync, readFileSync } from 'node:fs';
import { builtPages, expect, killWorkers, test, wasmResponses, withoutSimd } from './fixtures';

test.describe('resilience', () => {
  test('every page carries a strict Content-Security-Policy', async ({ page }) => {
    // builtPages() fails on an empty or partial build.
    for (const path of builtPages()) {
      await page.goto(path);
      // The policy is in the served HTML, so there is nothing to wait for.
      const policy = await page.evaluate(
        () =>
          document
            .querySelector('meta[http-equiv="Content-Security-Policy"]')
            ?.getAttribute('content') ?? null,
      );
      expect(policy, `${path} has no CSP`).toBeTruthy();
      expect(policy, path).toContain("default-src 'self'");
      expect(policy, path).toContain("'wasm-unsafe-eval'");
      expect(policy, path).not.toMatch(/'unsafe-eval'/);
      expect(policy, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    }
  });

  test('the built files named by their hash may be cached for good, and only those', () => {
    const headers = readFileSync('dist/_headers', 'utf8');
    expect(headers).toMatch(
      /^\/_astro\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m,
    );
    // Safe only while every file there changes name when its content changes.
    const unhashed = readdirSync('dist/_astro').filter(
      (f) => !/[.-][A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(f),
    );
    expect(unhashed).toEqual([]);
    // The pages themselves are not cached for good: no rule names them.
    expect(headers.match(/immutable/g)).toHaveLength(1);
  });

  test('without WebAssembly SIMD the scalar engine trains, and the page says so', async ({
    page,
  }) => {
    await withoutSimd(page);
    const wasm = wasmResponses(page);
    await page.goto('/lessons/reading-the-plots/');
    const figure = page.locator('figure.live-trainer');
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.getByTestId('scalar-note')).toBeVisible();
    const train = figure.getByRole('button', { name: /^Train/ });
    await expect(train).toBeEnabled();
    // Only the scalar engine was fetched.
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^200 .*nn-scalar[^/]*\.wasm$/);
    await train.click();
    await expect(figure.getByTestId('examples')).toHaveText('2,000', { timeout: 60_000 });
  });

  test('a worker that is killed is reported, and restarting it works', async ({ page }) => {
    await page.goto('/lessons/reading-the-plots/');
    const figure = page.locator('figure.live-trainer');
    await figure.scrollIntoViewIfNeeded();
    const train = figure.getByRole('button', { name: /^Train/ });
    await expect(train).toBeEnabled();
    await killWorkers(page);
    const alert = figure.getByRole('alert');
    await expect(alert).toContainText('stopped responding', { timeout: 20_000 });
    await alert.getByRole('button', { name: 'Restart the trainer' }).click();
    await expect(alert).toHaveCount(0);
    await expect(train).toBeEnabled();
    await train.click();
    await expect(figure.getByTestId('examples')).toHaveText('2,000', { timeout: 60_000 });
  });

  test('leaving a page leaves no trainer running', async ({ page }) => {
    await page.goto('/lessons/reading-the-plots/');
    const figure = page.locator('figure.live-trainer');
    await figure.scrollIntoViewIfNeeded();
    await expect(figure.getByRole('button', { name: /^Train/ })).toBeEnabled();
    expect(page.workers().length).toBeGreaterThan(0);
    await page.goto('/');
    await expect.poll(() => page.workers().length).toBe(0);
  });
});
