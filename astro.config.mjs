// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import solid from '@astrojs/solid-js';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'always',
  integrations: [mdx(), solid()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex],
  },
  vite: {
    worker: { format: 'es' },
    // Never inline assets as data: URLs (the engine's .wasm, KaTeX's small fonts): the CSP
    // allows fonts and scripts from our own origin only.
    build: { assetsInlineLimit: 0 },
  },
});
