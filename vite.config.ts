import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Reads the headers `public/_headers` gives every path (its `/*` block), the one place the page's response headers are
 * written: static hosts read the file, and `vite preview` sends the same headers, so the Content-Security-Policy is
 * enforced as a header there too.
 */
function hostHeaders(file = 'public/_headers'): Record<string, string> {
  const block = /^\/\*\n((?: {2}.+\n)+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const headers: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const m = /^ {2}([A-Za-z-]+): (.+)$/.exec(line);
    if (m) headers[m[1]!] = m[2]!;
  }
  return headers;
}

/**
 * Lets the dev server inject its stylesheets: Vite's dev client adds CSS as `<style>` elements, which the page's
 * policy (no inline styles) refuses. Only `vite` (serve) is touched; the build keeps the policy as written.
 */
function devInlineStyles(): Plugin {
  return {
    name: 'chokepoint-dev-inline-styles',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

/** Vite builds the static page; vitest runs the unit tests (the browser tests have their own config). */
export default defineConfig({
  plugins: [devInlineStyles()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'three', test: /node_modules[\\/]three/ }] },
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: hostHeaders() },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    // One worker per core: the default, one fewer than the cores, runs one file at a time on a 2-core machine. Worker
    // threads start a test file with less work than child processes. Files stay isolated: isolate: false was faster
    // still, but shares module state (caches, counters, stubbed globals) between the files of a worker.
    pool: 'threads',
    maxWorkers: '100%',
    // A missing file snapshot (test/output/, golden.test.ts) fails unless `-u` asks for it to be written.
    update: 'none',
  },
});
