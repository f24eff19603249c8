#!/usr/bin/env node
/**
 * `npm test`: every test, in one command. Builds the engine and the site, runs the unit tests
 * (Vitest) and the end-to-end tests (Playwright, on the built site), then prints one plain line
 * `N passed, N failed` summing both, and exits non-zero on any failure.
 *
 * It installs nothing. The e2e tests need a Chromium: Debian's /usr/bin/chromium, or the path in
 * CHROMIUM_PATH. Without one it says what to do and fails.
 *
 * Options: --unit (unit tests only), --e2e (e2e only), --no-build (reuse engine/build and dist).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromiumPath } from './browser.mjs';

const args = new Set(process.argv.slice(2));
const runUnit = !args.has('--e2e');
const runE2e = !args.has('--unit');
const build = !args.has('--no-build');
mkdirSync('test-results', { recursive: true });

function run(command, commandArgs, options = {}) {
  console.log(`\n$ ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

let passed = 0;
let failed = 0;
const problems = [];

if (build) {
  const status = run('npm', ['run', runE2e ? 'build' : 'build:engine']);
  if (status !== 0) {
    problems.push('the build failed');
    failed++;
  }
}

if (runUnit && problems.length === 0) {
  const out = 'test-results/unit.json';
  rmSync(out, { force: true });
  const status = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    if (report.numTotalTests === 0) problems.push('Vitest ran no test');
    if (status !== 0 && report.numFailedTests === 0) {
      failed++;
      problems.push('Vitest exited with an error outside the tests (see above)');
    }
  } else {
    failed++;
    problems.push('Vitest wrote no report');
  }
}

if (runE2e && problems.length === 0) {
  if (!chromiumPath || !existsSync(chromiumPath)) {
    console.error(
      '\nNo Chromium found for the end-to-end tests.\n' +
        '  On Debian/Ubuntu:  sudo apt-get install -y chromium   (gives /usr/bin/chromium)\n' +
        '  Or point CHROMIUM_PATH at a Chromium or Chrome binary.\n' +
        '  To run only the unit tests:  npm test -- --unit',
    );
    failed++;
    problems.push('no Chromium');
  } else {
    const out = 'test-results/e2e.json';
    rmSync(out, { force: true });
    const status = run('npx', ['playwright', 'test'], {
      env: { ...process.env, CHROMIUM_PATH: chromiumPath },
    });
    if (existsSync(out)) {
      const { stats } = JSON.parse(readFileSync(out, 'utf8'));
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      if (stats.expected + stats.unexpected + stats.flaky === 0)
        problems.push('Playwright ran no test');
      if (status !== 0 && stats.unexpected === 0) {
        failed++;
        problems.push('Playwright exited with an error outside the tests (see above)');
      }
    } else {
      failed++;
      problems.push('Playwright wrote no report');
    }
  }
}

if (problems.length) console.error(`\nProblems: ${problems.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
