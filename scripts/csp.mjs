#!/usr/bin/env node
/**
 * After `astro build`: give every page a strict Content-Security-Policy, in the two forms static
 * hosts honour: a <meta http-equiv> tag at the top of each page's <head>, and a `_headers` file
 * (Netlify / Cloudflare Pages syntax) with the same policy plus the directives a meta tag cannot
 * carry (frame-ancestors).
 *
 * Scripts: only our own files, the engine's Wasm compilation ('wasm-unsafe-eval', never
 * 'unsafe-eval'), and the exact inline scripts Astro emits, by SHA-256 hash. Styles allow
 * 'unsafe-inline' because KaTeX and the plots position elements with style attributes; styles
 * cannot run code. Nothing may be loaded from another origin.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;
const files = htmlFiles(dist);
const hashes = new Set();
for (const file of files) {
  for (const match of readFileSync(file, 'utf8').matchAll(INLINE_SCRIPT)) {
    if (match[1].length === 0) continue;
    hashes.add(`'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
  }
}

const directives = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${[...hashes].sort().join(' ')}`.trim(),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
const policy = directives.join('; ');

for (const file of files) {
  const html = readFileSync(file, 'utf8');
  if (html.includes('http-equiv="Content-Security-Policy"')) continue;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const out = html.replace(/<head>/i, `<head>${meta}`);
  if (out === html) throw new Error(`csp: no <head> in ${file}`);
  writeFileSync(file, out);
}

writeFileSync(
  join(dist, '_headers'),
  [
    '/*',
    `  Content-Security-Policy: ${policy}; frame-ancestors 'none'`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()',
    // Astro names every file here by its content's hash: one that changes gets another name, so
    // a browser may keep them for good and not ask again at each visit (the engine's .wasm too).
    '/_astro/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '',
  ].join('\n'),
);
console.log(`csp: ${files.length} pages, ${hashes.size} inline script hashes`);
