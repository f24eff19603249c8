#!/usr/bin/env node
/**
 * `npm run audit`: known vulnerabilities in what NN Lab ships to readers.
 *
 * 1. Runs `npm audit --omit=dev --json`. If the registry answers, prints a summary and fails on
 *    any high or critical advisory that docs/security.md does not explain (a table row naming its
 *    GHSA id with a verdict that is not "open": scripts/audit-review.mjs). If the registry refuses (some registries and mirrors answer the bulk
 *    advisory endpoint with 405), it says so and goes on.
 * 2. Finds the npm packages whose code reaches readers, precisely: it builds the site into a
 *    temporary folder with source maps (Astro's programmatic build, `vite.build.sourcemap`; the
 *    repository, dist/ and node_modules are left alone), maps every `node_modules/<package>/`
 *    path in the maps' `sources` to that package's installed version, and adds what a source map
 *    cannot see: inline <script>s in the HTML, Vite's preload helper, KaTeX's build-time markup
 *    (see SIGNATURES). Every inline script must be attributed, or the audit fails.
 * 3. Checks that every shipped package@version has a row in the review table of
 *    docs/security.md (between the `shipped-packages` markers). A package that is missing, or
 *    reviewed at another version, fails the audit, so the review cannot go stale unnoticed.
 *
 * Usage: npm run audit. Node built-ins only, plus the project's own astro.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advisoryId, explainedAdvisories } from './audit-review.mjs';

const ROOT = process.cwd();
const REVIEW = 'docs/security.md';
const MARK_START = '<!-- shipped-packages:start -->';
const MARK_END = '<!-- shipped-packages:end -->';

/**
 * Package code that reaches readers without a source map entry, recognised by a signature.
 * `in`: 'inline' (the body of an inline <script> in a built page), 'html' (anywhere in a built
 * page) or 'js' (a built JavaScript file).
 */
const SIGNATURES = [
  {
    in: 'inline',
    test: /astro-island|self\.Astro\b/,
    pkg: 'astro',
    what: 'island runtime and client:idle/visible/only loaders, inlined in the HTML',
  },
  {
    in: 'inline',
    test: /_\$HY\b/,
    pkg: 'solid-js',
    what: 'hydration event buffer, inlined in the HTML',
  },
  {
    in: 'js',
    test: /"modulepreload"/,
    pkg: 'vite',
    what: 'preload helper written into chunks that import others dynamically',
  },
  {
    in: 'html',
    test: /class="katex/,
    pkg: 'katex',
    what: 'formula markup rendered at build time, with its stylesheet and fonts (no script)',
  },
];

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const reviewText = existsSync(join(ROOT, REVIEW)) ? readFileSync(join(ROOT, REVIEW), 'utf8') : '';
const explainedIds = explainedAdvisories(reviewText);
const problems = [];

// ---------------------------------------------------------------------------------------------
// 1. npm audit
// ---------------------------------------------------------------------------------------------

function npmAudit() {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
    shell: process.platform === 'win32',
  });
  try {
    return JSON.parse(run.stdout);
  } catch {
    const why = run.error?.message ?? (run.stderr.trim().split('\n')[0] || 'no output');
    return { message: `npm audit gave no JSON (${why})` };
  }
}

console.log('npm audit --omit=dev');
const audit = npmAudit();
if (audit.vulnerabilities && audit.metadata) {
  const counts = audit.metadata.vulnerabilities;
  console.log(
    `  ${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  for (const v of Object.values(audit.vulnerabilities)) {
    for (const via of v.via) {
      if (typeof via !== 'object') continue; // reached through another package, listed there
      const id = advisoryId(via.url);
      const explained = id !== undefined && explainedIds.has(id);
      const note = explained ? `explained in ${REVIEW}` : `not in ${REVIEW}`;
      console.log(
        `  ${v.name} ${via.range}: ${via.severity} ${id ?? via.url} (${note}) ${via.title}`,
      );
      if ((via.severity === 'high' || via.severity === 'critical') && !explained) {
        problems.push(`${v.name}: ${via.severity} advisory ${id ?? via.url} is not explained`);
      }
    }
  }
} else {
  const message = String(audit.message ?? audit.error?.summary ?? 'unknown error').split('\n')[0];
  console.log(`  unavailable, npm audit produced no report: ${message}`);
  console.log(`  Falling back to the review in ${REVIEW}, checked against what the build ships.`);
}

// ---------------------------------------------------------------------------------------------
// 2. What ships
// ---------------------------------------------------------------------------------------------

function files(dir, test) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, test);
    return test(name) ? [path] : [];
  });
}

/**
 * The installed package a source-map source belongs to, as its lockfile key
 * (`node_modules/a` or, nested, `node_modules/a/node_modules/b`). Vite writes sources relative
 * to where the chunk was first emitted, so the path is read from its first `node_modules/` on
 * rather than resolved.
 */
function packageKey(source) {
  const i = source.indexOf('node_modules/');
  if (i < 0) return undefined; // our own src/ and engine/
  const parts = source.slice(i).split('/');
  const j = parts.lastIndexOf('node_modules');
  const n = parts[j + 1]?.startsWith('@') ? 2 : 1;
  return parts.slice(0, j + 1 + n).join('/');
}

const shipped = new Map(); // "name@version" -> { name, version, how: Set }
function ship(name, version, how) {
  const key = `${name}@${version}`;
  if (!shipped.has(key)) shipped.set(key, { name, version, how: new Set() });
  shipped.get(key).how.add(how);
}

if (!existsSync(join(ROOT, 'engine/build/nn-simd.wasm'))) {
  console.log('\nThe engine is not built yet: node engine/build.mjs');
  const r = spawnSync(process.execPath, ['engine/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tmp = mkdtempSync(join(tmpdir(), 'nn-lab-audit-'));
try {
  const out = join(tmp, 'dist');
  console.log(`\nBuilding the site with source maps into ${out} (a temporary folder) ...`);
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  await build({
    root: ROOT,
    outDir: out,
    cacheDir: join(tmp, 'astro-cache'),
    logLevel: 'error',
    vite: { cacheDir: join(tmp, 'vite-cache'), build: { sourcemap: true } },
  });

  // Source maps: every module bundled into a client or worker chunk.
  for (const map of files(join(out, '_astro'), (n) => n.endsWith('.js.map'))) {
    for (const source of JSON.parse(readFileSync(map, 'utf8')).sources) {
      const key = packageKey(source);
      if (!key) continue;
      const manifest = join(ROOT, key, 'package.json');
      if (!existsSync(manifest)) {
        problems.push(`source map names ${source}, but ${key} is not installed here`);
        continue;
      }
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
      const locked = lock.packages[key]?.version;
      if (locked !== version) {
        problems.push(`${name}: installed ${version}, package-lock.json says ${locked} (npm ci?)`);
      }
      ship(name, version, 'bundled into _astro/*.js (source maps)');
    }
  }

  // Signatures: code without a source map entry.
  const pages = files(out, (n) => n.endsWith('.html')).map((f) => readFileSync(f, 'utf8'));
  const inline = new Set();
  for (const html of pages) {
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)) {
      const type = m[1].match(/\btype="([^"]*)"/)?.[1];
      if (m[2].trim() && (!type || type === 'module' || type === 'text/javascript')) {
        inline.add(m[2]);
      }
    }
  }
  const chunks = files(join(out, '_astro'), (n) => n.endsWith('.js')).map((f) =>
    readFileSync(f, 'utf8'),
  );
  const texts = { inline: [...inline], html: pages, js: chunks };
  for (const s of SIGNATURES) {
    if (!texts[s.in].some((t) => s.test.test(t))) continue;
    const versions = Object.entries(lock.packages)
      .filter(([key]) => key === `node_modules/${s.pkg}` || key.endsWith(`/node_modules/${s.pkg}`))
      .map(([, entry]) => entry.version);
    for (const v of new Set(versions)) ship(s.pkg, v, s.what);
  }
  for (const script of inline) {
    if (!SIGNATURES.some((s) => s.in === 'inline' && s.test.test(script))) {
      problems.push(
        `an inline <script> is not attributed to a package; add a signature in scripts/audit.mjs: ${script.slice(0, 80)}…`,
      );
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const list = [...shipped.values()].sort((a, b) => a.name.localeCompare(b.name));
console.log(`\nShipped to readers: ${list.length} packages`);
for (const p of list) {
  console.log(`  ${`${p.name}@${p.version}`.padEnd(28)} ${[...p.how].join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// 3. The review
// ---------------------------------------------------------------------------------------------

console.log(`\nReview: ${REVIEW}`);
const start = reviewText.indexOf(MARK_START);
const end = reviewText.indexOf(MARK_END);
const reviewed = new Map(); // name -> Set of versions, from rows "| `name` | `version` | ..."
if (start < 0 || end < start) {
  problems.push(`${REVIEW}: the markers ${MARK_START} … ${MARK_END} are missing`);
} else {
  for (const line of reviewText.slice(start, end).split('\n')) {
    const m = line.match(/^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/);
    if (!m) continue;
    if (!reviewed.has(m[1])) reviewed.set(m[1], new Set());
    reviewed.get(m[1]).add(m[2]);
  }
}
for (const p of list) {
  const versions = reviewed.get(p.name);
  if (!versions) problems.push(`${p.name}@${p.version} ships but is not reviewed in ${REVIEW}`);
  else if (!versions.has(p.version)) {
    problems.push(
      `${p.name}@${p.version} ships but ${REVIEW} reviewed ${[...versions].join(', ')}`,
    );
  }
}
for (const [name, versions] of reviewed) {
  if (!list.some((p) => p.name === name)) {
    for (const v of versions) {
      console.log(`  note: it reviews ${name}@${v}, which no longer ships; the row can go`);
    }
  }
}
if (problems.length) {
  for (const p of problems) console.log(`  FAIL ${p}`);
  process.exit(1);
}
console.log(`  every shipped package@version is reviewed there. OK`);
process.exit(0);
