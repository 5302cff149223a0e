/**
 * Ensembles, paired comparison and story mode end to end, on the built page in Chromium: Seeds 20 runs on the worker
 * pool and draws bands and badges; a moved control pairs it with the baseline; Cancel stops a 200-seed run with no
 * ensemble worker left; the dumping-cycle story steps with the keyboard. Screenshots go to test/artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../src/results/version.ts';
import { encodeLink } from '../../src/scenario/link.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { type Harness, openApp, startHarness, waitForCharts, watchConsole } from './harness.ts';
import { setRange } from './page-probes.ts';

const ARTIFACTS = 'test/artifacts';
let h: Harness;
let page: Page;
let problems: string[];

/** Sets a number control as a user does (type, then commit with a change event). */
async function setNumber(p: Page, selector: string, value: number): Promise<void> {
  await p.$eval(
    selector,
    (el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

const phase = (p: Page) => p.getAttribute('#ensemble-panel', 'data-phase');
const progress = async (p: Page) => Number(await p.getAttribute('#ensemble-panel', 'data-progress'));
const ensembleWorkers = (p: Page) => p.workers().filter((w) => /ensemble/.test(w.url())).length;

/** Returns the `d` of every band path in a card, and how many are non-empty. */
async function bandPaths(p: Page, card: string): Promise<{ count: number; drawn: number }> {
  return p.$$eval(`${card} .bands path.band`, (ps) => ({
    count: ps.length,
    drawn: ps.filter((x) => (x.getAttribute('d') ?? '').length > 40).length,
  }));
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startHarness();
  page = await h.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  problems = watchConsole(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await openApp(page, h.url);
  // The ensemble tests start on rare-earths-2024: no zone, so the preset as shipped is its own baseline.
  const v = Number(await page.evaluate(() => document.getElementById('charts')!.dataset.version));
  await page.selectOption('#preset-picker', 'rare-earths-2024');
  await waitForCharts(page, v);
});

afterAll(async () => {
  await h?.close();
});

describe('ensembles', () => {
  it('offers no ensemble download while the page runs one seed', async () => {
    await page.click('#download-menu > summary');
    expect(await page.isVisible('#download-run')).toBe(true);
    expect(await page.isHidden('#download-ensemble')).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('runs 20 seeds on the pool: bands on the charts, progress to 100%, badges with a percentage', async () => {
    expect(await page.isHidden('#ensemble-panel')).toBe(true);
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));
    await setNumber(page, '#control-seeds', 20);
    await expect.poll(() => phase(page), { timeout: 90_000, interval: 200 }).toBe('done');
    await expect.poll(() => page.getAttribute('#charts', 'data-ensemble'), { timeout: 10_000 }).toBe('20/20');
    expect(await progress(page)).toBe(100);
    expect(await page.textContent('#ensemble-count')).toMatch(/20 of 20 runs \(100%\)/);
    const bands = await bandPaths(page, '#card-prices');
    expect(bands.count).toBeGreaterThanOrEqual(2);
    expect(bands.drawn).toBe(bands.count);
    expect((await bandPaths(page, '#card-capacity')).drawn).toBe(2);
    expect(await page.textContent('#card-prices .legend')).toMatch(/middle 50% and 90% of 20 seeds/);
    const badges = await page.$$eval('#ensemble-badges li', (li) => li.map((x) => x.textContent ?? ''));
    expect(badges.length).toBeGreaterThan(0);
    for (const b of badges) expect(b).toMatch(/\d+% of seeds \(\d+ of 20\)/);
    // The same preset on both sides: no paired difference to show.
    expect(await page.locator('.diff-strip:not([hidden])').count()).toBe(0);
    const longest = await page.evaluate(() =>
      Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks),
    );
    console.log(`longest main-thread task during the 20-seed ensemble: ${Math.round(longest)} ms`);
    await page.locator('#charts-area').screenshot({ path: `${ARTIFACTS}/ensemble-bands.png` });
    await page.screenshot({ path: `${ARTIFACTS}/ensemble-page.png` });
  });

  it('offers the ensemble’s files once every run is in, in its panel and in the Download menu', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ensemble-download')]);
    expect(download.suggestedFilename()).toBe('rare-earths-2024-ensemble-20-seeds.zip');
    await page.click('#download-menu summary');
    expect(await page.isVisible('#download-ensemble')).toBe(true);
    const [fromMenu] = await Promise.all([page.waitForEvent('download'), page.click('#download-ensemble')]);
    const zip = readFileSync(await fromMenu.path());
    const text = zip.toString('latin1');
    for (const name of ['runs.csv', 'bands.csv', 'badges.csv', 'sweep.json']) expect(text).toContain(name);
    await page.keyboard.press('Escape');
  });

  it('pairs a moved control with the baseline on the same seeds: both medians and the difference band', async () => {
    await setRange(page, '#control-demand-growth', '0.12');
    await expect
      .poll(() => page.textContent('#ensemble-title'), { timeout: 10_000 })
      .toMatch(/paired with the baseline/);
    await expect.poll(() => phase(page), { timeout: 90_000, interval: 200 }).toBe('done');
    await expect.poll(() => page.getAttribute('#charts', 'data-ensemble'), { timeout: 10_000 }).toBe('40/40');
    expect(await page.textContent('#ensemble-count')).toMatch(/40 of 40 runs/);
    const strip = page.locator('#card-prices .diff-strip');
    expect(await strip.isVisible()).toBe(true);
    expect(await strip.textContent()).toMatch(/current − baseline .*of 20 paired seeds/);
    const d = await page.$$eval('#card-prices .diff-strip path.band', (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(d.every((x) => x.length > 40)).toBe(true);
    expect(await page.locator('#card-prices path.line.ghost').count()).toBeGreaterThan(0);
    expect(await page.textContent('#card-prices .legend')).toMatch(/baseline median/);
    expect(await page.textContent('#card-money')).toMatch(/M\$ \(90%: [−+±][\d,.]+ to [−+±][\d,.]+\) vs baseline/);
    await page.locator('#charts-area').screenshot({ path: `${ARTIFACTS}/ensemble-paired.png` });
  });

  it('cancels a 200-seed run: progress stays below 100%, no ensemble worker is left, the page responds', async () => {
    // Workers the pool keeps from the runs before, and workers it starts for this one.
    const kept = ensembleWorkers(page);
    let started = 0;
    const onWorker = (w: Worker) => void (/ensemble/.test(w.url()) && started++);
    page.on('worker', onWorker);
    await setNumber(page, '#control-seeds', 200);
    // Cancel in the same task that sees the run going, so it cannot finish between the look and the click.
    await page.waitForFunction(
      () => {
        const panel = document.getElementById('ensemble-panel');
        if (panel?.dataset.phase !== 'running' || !(Number(panel.dataset.progress) > 0)) return false;
        document.querySelector<HTMLButtonElement>('#ensemble-cancel')!.click();
        return true;
      },
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    page.off('worker', onWorker);
    expect(kept + started).toBeGreaterThan(0);
    expect(await phase(page)).toBe('cancelled');
    const stopped = await progress(page);
    expect(stopped).toBeLessThan(100);
    await expect.poll(() => ensembleWorkers(page), { timeout: 5_000 }).toBe(0);
    await page.waitForTimeout(1000);
    expect(await progress(page)).toBe(stopped);
    expect((await bandPaths(page, '#card-prices')).drawn).toBeGreaterThan(0);
    // Responsive: a step of the timeline is handled at once, and the main thread's queue is short.
    const before = Number(await page.inputValue('#timeline-scrub'));
    const step = await page.evaluate(
      () =>
        new Promise<{ handled: number; queued: number; frame: number; value: string }>((resolve) => {
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>('.tl-button[aria-label="+1 month"]')!.click();
          const value = document.querySelector<HTMLInputElement>('#timeline-scrub')!.value;
          const handled = performance.now() - t0;
          setTimeout(() => {
            const queued = performance.now() - t0 - handled;
            requestAnimationFrame(() => resolve({ handled, queued, frame: performance.now() - t0, value }));
          }, 0);
        }),
    );
    expect(Number(step.value)).toBe(before + 1);
    console.log(
      `a timeline step after Cancel: handled in ${Math.round(step.handled)} ms, next task after ` +
        `${Math.round(step.queued)} ms, on screen (next frame) after ${Math.round(step.frame)} ms`,
    );
    expect(step.handled).toBeLessThan(200);
    expect(step.queued).toBeLessThan(200);
    expect(await page.isVisible('#ensemble-resume')).toBe(true);
  });

  it('goes back to one seed: no bands, no panel', async () => {
    await setNumber(page, '#control-seeds', 1);
    await expect.poll(() => page.isHidden('#ensemble-panel'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => bandPaths(page, '#card-prices').then((b) => b.count), { timeout: 10_000 }).toBe(0);
  });
});

describe('story mode', () => {
  const stepText = () => page.textContent('#story-step');
  const cursor = async () => Number(await page.inputValue('#timeline-scrub'));

  it('steps the dumping-cycle story forward and back with the keyboard, moving the cursor', async () => {
    const v = Number(await page.getAttribute('#charts', 'data-version'));
    await page.selectOption('#preset-picker', 'dumping-cycle');
    await waitForCharts(page, v);
    expect(await page.isVisible('#story-button')).toBe(true);
    await page.click('#story-button');
    await expect.poll(stepText).toMatch(/^Step 1 of \d+ · 2025-01$/);
    expect(await cursor()).toBe(0);
    expect(await page.getAttribute('#card-prices', 'class')).toMatch(/story-highlight/);
    await page.keyboard.press('PageDown');
    await expect.poll(stepText).toMatch(/^Step 2 of \d+ · 2025-07$/);
    expect(await cursor()).toBe(6);
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    await expect.poll(stepText).toMatch(/^Step 4 of \d+ · 2026-07$/);
    expect(await cursor()).toBe(18);
    expect(await page.getAttribute('#card-capacity', 'class')).toMatch(/story-highlight/);
    await expect.poll(() => page.textContent('#title-capacity')).toMatch(/United States \(selected\)/);
    await page.keyboard.press('[');
    await expect.poll(stepText).toMatch(/^Step 3 of/);
    expect(await cursor()).toBe(7);
    expect(await page.textContent('#title-capacity')).not.toMatch(/\(selected\)/);
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect.poll(stepText).toMatch(/^Step 1 of/);
    expect(await cursor()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/story-step.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('#story-panel')).toBe(true);
    expect(await page.locator('.story-highlight').count()).toBe(0);
  });

  it('opens at step 1 from a link with ?story=1', async () => {
    const raw = JSON.parse(readFileSync('scenarios/dumping-cycle.json', 'utf8'));
    const catalog = new Map<string, unknown>([['dumping-cycle', raw]]);
    const parsed = parseScenario(raw, catalog);
    if (!parsed.ok) throw new Error('dumping-cycle does not parse');
    const fragment = encodeLink({
      presetId: 'dumping-cycle',
      scenario: parsed.value,
      preset: parsed.value,
      seed: parsed.value.seed,
      engineVersion: ENGINE_VERSION,
    });
    const other = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const otherProblems = watchConsole(other);
    await openApp(other, `${h.url}?story=1${fragment}`);
    await expect.poll(() => other.textContent('#story-step'), { timeout: 30_000 }).toMatch(/^Step 1 of/);
    expect(await other.isVisible('#story-panel')).toBe(true);
    await other.close();
    expect(otherProblems).toEqual([]);
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});
