/**
 * The browser benchmark: builds the page, serves it and drives Chromium (as the end-to-end tests do), then measures
 * in the page with performance.now():
 * - control_to_chart_ms: median over 20 moves of a slider, from its input event to the charts' redraw with the new
 *   run (the `charts-drawn` event the charts panel dispatches). Budget ≤ 150 ms.
 * - longest_task_ms: the longest main-thread task (PerformanceObserver 'longtask') during 10 s of playback. Budget
 *   ≤ 50 ms; 0 when no task reached the 50 ms a long task needs.
 * With the split of control_to_chart_ms into the engine's part (request → result) and the drawing (result → charts).
 * Run alone with `npx tsx bench/browser.ts`; `npm run bench` imports `benchBrowser`.
 */
import { pathToFileURL } from 'node:url';
import { openApp, startHarness } from '../test/e2e/harness.ts';
import { globePixels } from '../test/e2e/page-probes.ts';

/** The browser figures. */
export interface BrowserBench {
  control_to_chart_ms: number;
  longest_task_ms: number;
  /** Of control_to_chart_ms: the median time from the request to the worker's result (run + transfer). */
  control_engine_ms: number;
  /** Of control_to_chart_ms: the median time from the result to the charts drawn. */
  control_draw_ms: number;
}

const SLIDER = 'control-tolerated-share';

// Page scripts are strings so that no bundler helper leaks into them.
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

const MOVE_SLIDER = `(args) => new Promise((resolve, reject) => {
  const input = document.getElementById(args.id);
  const charts = document.getElementById('charts');
  const timer = setTimeout(() => reject(new Error('the charts did not redraw within 30 s')), 30000);
  const t0 = performance.now();
  const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
  charts.addEventListener('charts-drawn', () => {
    const t1 = performance.now();
    clearTimeout(timer);
    resolve({ total: t1 - t0, engine: last('chokepoint:result') - last('chokepoint:request'), draw: t1 - last('chokepoint:result') });
  }, { once: true });
  input.value = String(args.value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
})`;

/** Runs the benchmark against the project at `root`. */
export async function benchBrowser(root = process.cwd()): Promise<BrowserBench> {
  const h = await startHarness(root);
  try {
    const page = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await openApp(page, h.url);
    for (let i = 0; i < 120 && !(await globePixels(page)).ok; i++) await page.waitForTimeout(500);
    await page.waitForTimeout(2000);
    const moves: { total: number; engine: number; draw: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const value = (0.25 + 0.01 * i).toFixed(2);
      moves.push((await page.evaluate(`(${MOVE_SLIDER})(${JSON.stringify({ id: SLIDER, value })})`)) as never);
    }
    await page.waitForTimeout(1000);
    await page.click('.chart-desc');
    const start = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.press('Space');
    await page.waitForTimeout(10_000);
    const end = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.press('Space');
    const tasks = (await page.evaluate('window.__longTasks')) as { start: number; duration: number }[];
    const during = tasks.filter((t) => t.start >= start && t.start <= end).map((t) => t.duration);
    return {
      control_to_chart_ms: median(moves.map((m) => m.total)),
      longest_task_ms: Math.max(0, ...during),
      control_engine_ms: median(moves.map((m) => m.engine)),
      control_draw_ms: median(moves.map((m) => m.draw)),
    };
  } finally {
    await h.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchBrowser().then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
