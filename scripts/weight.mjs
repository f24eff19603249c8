#!/usr/bin/env node
/**
 * `npm run weight`: how heavy each page is, measured on the built site in Chromium.
 * For each page: the JavaScript it loads before any island is in view (gzip bytes, computed from
 * the built files), the JavaScript once every island has started, and the engine's .wasm sizes.
 * With --lighthouse it also runs Lighthouse 12.2.3 (fetched with npx on first use) and prints the
 * performance and accessibility scores, with Total Blocking Time, LCP and CLS.
 *
 * Expects `npm run build` to have run. Starts its own `astro preview` on port 4390, or on
 * WEIGHT_PORT when set (so two people measuring on one machine do not collide).
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath, launchOptions, portFrom, startPreview } from './browser.mjs';

const PORT = portFrom('WEIGHT_PORT', 4390);
const PAGES = ['/', '/lessons/reading-the-plots/', '/lessons/dying-relu/', '/sandbox/'];
const lighthouse = process.argv.includes('--lighthouse');

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

const { base: BASE, stop } = await startPreview(PORT);
try {
  const browser = await chromium.launch(launchOptions);
  const rows = [];
  for (const path of PAGES) {
    // A short viewport keeps every island out of view until we scroll.
    const context = await browser.newContext({ viewport: { width: 1280, height: 160 } });
    const page = await context.newPage();
    const scripts = new Set();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.goto(BASE + path, { waitUntil: 'networkidle' });
    const initial = [...scripts].filter((p) => !p.includes('worker'));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 400) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    await page.waitForLoadState('networkidle');
    const size = (list) => list.reduce((sum, p) => sum + gz(join('dist', p)), 0);
    // Worker scripts are not page JavaScript; the engine's wasm is reported separately.
    const all = [...scripts].filter((p) => !p.includes('worker'));
    rows.push({
      page: path,
      initialJsGzip: size(initial),
      allJsGzip: size(all),
      files: all.length,
    });
    await context.close();
  }
  await browser.close();

  const wasm = readdirSync('dist/_astro').filter((f) => f.endsWith('.wasm'));
  console.log('\nJavaScript per page (gzip -9 of the built files):');
  for (const r of rows) {
    console.log(
      `  ${r.page.padEnd(32)} before any island is in view: ${kb(r.initialJsGzip).padStart(9)}   with every island: ${kb(r.allJsGzip).padStart(9)} (${r.files} files)`,
    );
  }
  console.log('\nEngine:');
  for (const f of wasm) {
    const p = join('dist/_astro', f);
    console.log(
      `  ${f.padEnd(32)} ${kb(statSync(p).size).padStart(9)} raw, ${kb(gz(p)).padStart(9)} gzip`,
    );
  }
  for (const r of rows) console.log(JSON.stringify({ kind: 'weight', ...r }));

  if (lighthouse) {
    console.log('\nLighthouse 12.2.3 (desktop preset is not used: default mobile emulation):');
    for (const path of ['/', '/lessons/reading-the-plots/', '/sandbox/']) {
      const result = spawnSync(
        'npx',
        [
          '-y',
          'lighthouse@12.2.3',
          BASE + path,
          '--quiet',
          '--output=json',
          '--only-categories=performance,accessibility',
          ...(chromiumPath ? [`--chrome-path=${chromiumPath}`] : []),
          `--chrome-flags=--headless=new ${chromiumArgs.join(' ')}`,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (result.status !== 0) {
        console.log(`  ${path}: Lighthouse failed: ${result.stderr.slice(-300)}`);
        continue;
      }
      const report = JSON.parse(result.stdout);
      const score = (c) => Math.round(report.categories[c].score * 100);
      // The metrics behind the performance score, so a change can be traced to its cause.
      const metric = (id) => report.audits[id]?.numericValue ?? Number.NaN;
      const tbt = Math.round(metric('total-blocking-time'));
      const lcp = Math.round(metric('largest-contentful-paint'));
      const cls = +metric('cumulative-layout-shift').toFixed(3);
      console.log(
        `  ${path.padEnd(32)} performance ${score('performance')}, accessibility ${score('accessibility')}` +
          ` (TBT ${tbt} ms, LCP ${lcp} ms, CLS ${cls})`,
      );
      console.log(
        JSON.stringify({
          kind: 'lighthouse',
          page: path,
          performance: score('performance'),
          accessibility: score('accessibility'),
          tbt,
          lcp,
          cls,
        }),
      );
    }
  }
} finally {
  stop();
}
