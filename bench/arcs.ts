/**
 * `arcs_2000_frame_ms`: the median and 95th-percentile frame time (the interval between animation frames) during
 * 10 s of playback with 2,000 arcs on the globe, from a generated 200-country scenario (bench/arcs-page.ts), in
 * headless Chromium with software WebGL (SwiftShader), as the end-to-end tests run it, and the drawing scale the globe
 * settled at (it draws smaller when the renderer falls behind: src/globe/render-scale.ts). Budget: p95 < 50 ms.
 * Run alone with `npx tsx bench/arcs.ts [arcs]` (another count of arcs, 0 for the globe alone); `npm run bench`
 * imports `benchArcs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, freePort } from '../test/e2e/harness.ts';

/** The arcs figures. */
export interface ArcsBench {
  arcs_2000_frame_ms: number;
  arcs_2000_frame_p95_ms: number;
  arcs_2000_frames: number;
  /** The globe's drawing scale at the end (globe/render-scale.ts: 1 unless the renderer fell behind). */
  arcs_2000_draw_scale: number;
}

/** Seconds of playback measured. */
const SECONDS = 10;

/** Runs the benchmark against the project at `root`. */
export async function benchArcs(root = process.cwd(), arcs = 2000): Promise<ArcsBench> {
  const outDir = mkdtempSync(join(tmpdir(), 'chokepoint-arcs-'));
  await build({
    root,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, rolldownOptions: { input: join(root, 'bench/arcs.html') } },
  });
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/bench/arcs.html?arcs=${arcs}`);
    await page.waitForFunction('window.__ready === true', null, { timeout: 120_000 });
    // A second of warm-up (shaders, first uploads), then the measured playback.
    await page.evaluate('window.__play(1)');
    await page.evaluate('window.__frames.length = 0');
    await page.evaluate(`window.__play(${SECONDS})`);
    const frames = (await page.evaluate('window.__frames')) as number[];
    const scale = (await page.evaluate(
      '(() => { const c = document.querySelector("canvas"); return c.width / c.clientWidth; })()',
    )) as number;
    if (errors.length) throw new Error(errors.join('; '));
    const sorted = [...frames].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return {
      arcs_2000_frame_ms: at(0.5),
      arcs_2000_frame_p95_ms: at(0.95),
      arcs_2000_frames: frames.length,
      arcs_2000_draw_scale: Math.round(scale * 100) / 100,
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchArcs(process.cwd(), Number(process.argv[2] ?? 2000)).then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
