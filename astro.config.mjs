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
    // The engine's .wasm must be a real file (never a data: URL) so the CSP stays strict.
    build: { assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined) },
  },
});
