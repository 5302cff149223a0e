/**
 * Shared by the end-to-end tests and the browser benchmark: build the page with Vite, serve it with `vite preview` on
 * 127.0.0.1 and a free port, and drive Debian's Chromium (WebGL through SwiftShader) with playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type ConsoleMessage, type Page, chromium } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

/** Chromium flags that give headless WebGL with SwiftShader; never add --disable-software-rasterizer (it kills WebGL). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A served build and a browser. */
export interface Harness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Returns a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Builds the page into a temporary folder, serves it and launches Chromium. */
export async function startHarness(root = process.cwd()): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'chokepoint-e2e-'));
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server: PreviewServer = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    url: `http://127.0.0.1:${port}/`,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and warnings (and page errors) of a page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/** Opens the page and waits until the charts have drawn a run. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForCharts(page, 0);
}

/** Waits until the charts have drawn a results version above `after`; returns that version. */
export async function waitForCharts(page: Page, after: number, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    (v) => {
      const n = Number(document.getElementById('charts')?.dataset.version ?? 0);
      return n > v ? n : false;
    },
    after,
    { timeout },
  );
  return (await handle.jsonValue()) as number;
}

/** Returns the charts' current results version. */
export async function chartsVersion(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.getElementById('charts')?.dataset.version ?? 0));
}

/** Waits until the charts have drawn a run with a baseline (whose hash they carry), and returns both hashes. */
export async function waitForBaseline(page: Page, timeout = 60_000): Promise<{ current: string; baseline: string }> {
  const handle = await page.waitForFunction(
    () => {
      const d = document.getElementById('charts')?.dataset;
      return d?.baselineHash ? { current: d.resultHash ?? '', baseline: d.baselineHash } : false;
    },
    null,
    { timeout },
  );
  return (await handle.jsonValue()) as { current: string; baseline: string };
}

/** Waits until the charts have drawn a run whose result hash is not `before`, and returns it. */
export async function waitForNewHash(page: Page, before: string, timeout = 60_000): Promise<string> {
  const handle = await page.waitForFunction(
    (h) => {
      const now = document.getElementById('charts')?.dataset.resultHash ?? '';
      return now !== '' && now !== h ? now : false;
    },
    before,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}
