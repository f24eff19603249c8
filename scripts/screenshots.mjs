#!/usr/bin/env node
/**
 * Screenshots of the built site at 1280 px and 390 px wide, for looking at what a reader sees.
 * Usage: node scripts/screenshots.mjs [baseURL] [outDir] [path …]
 * Expects the site served (e.g. `npx astro preview --port 4321`). Uses Debian's Chromium.
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { launchOptions } from './browser.mjs';

const [base = 'http://localhost:4321', out = 'screenshots', ...paths] = process.argv.slice(2);
const pages = paths.length ? paths : ['/', '/lessons/reading-the-plots/', '/sandbox/'];
mkdirSync(out, { recursive: true });
const browser = await chromium.launch(launchOptions);
for (const [name, width, height] of [
  ['desktop', 1280, 900],
  ['phone', 390, 844],
]) {
  for (const theme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: { width, height },
      colorScheme: theme,
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    for (const path of pages) {
      await page.goto(base + path, { waitUntil: 'networkidle' });
      // Scroll through once so lazily started islands come to life, then back to the top.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((r) => setTimeout(r, 120));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForTimeout(800);
      const slug = path.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'home';
      const file = `${out}/${slug}-${name}-${theme}.png`;
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      console.log(`${file}${overflow > 0 ? `  (horizontal overflow: ${overflow}px)` : ''}`);
    }
    await context.close();
  }
}
await browser.close();
