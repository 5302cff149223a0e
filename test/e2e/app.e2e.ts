/**
 * The page end to end: a production build served by `vite preview`, driven in Chromium with WebGL (SwiftShader).
 * Screenshots go to test/artifacts/ (gitignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  openApp,
  startHarness,
  waitForBaseline,
  waitForCharts,
  waitForNewHash,
  watchConsole,
} from './harness.ts';
import { globePixels, pathSignature, setRange } from './page-probes.ts';

const ARTIFACTS = 'test/artifacts';
let h: Harness;
let page: Page;
let problems: string[];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startHarness();
  page = await h.browser.newPage({ viewport: { width: 1280, height: 720 } });
  problems = watchConsole(page);
  await openApp(page, h.url);
});

afterAll(async () => {
  await h?.close();
});

describe('the page', () => {
  it('opens the default preset and says what it is', async () => {
    expect(await page.title()).toMatch(/Chokepoint/);
    await expect.poll(() => page.textContent('.scenario-title')).toMatch(/Rare earths/i);
    expect(await page.inputValue('#preset-picker')).toBe('rare-earths-zone-2026');
  });

  it('renders the globe with WebGL: the navy clear colour, drawn countries and many colours', async () => {
    await expect.poll(() => globePixels(page), { timeout: 60_000, interval: 500 }).toMatchObject({ ok: true });
    const px = await globePixels(page);
    expect(px.clearShare).toBeGreaterThan(0.02);
    expect(px.drawnShare).toBeGreaterThan(0.2);
    expect(px.colours).toBeGreaterThan(30);
  });

  it('draws at least four charts with data', async () => {
    const drawn = await page.$$eval(
      '.chart-card',
      (cards) =>
        cards.filter((c) => [...c.querySelectorAll('path.series')].some((p) => (p.getAttribute('d') ?? '').length > 40))
          .length,
    );
    expect(drawn).toBeGreaterThanOrEqual(4);
  });

  it('re-runs and redraws when a slider moves', async () => {
    // The baseline (the scenario without the zone) first, so the redraw waited for is the moved control's.
    const { current } = await waitForBaseline(page);
    const before = await pathSignature(page, '#card-supply');
    await setRange(page, '#control-demand-growth', '0.15');
    await waitForNewHash(page, current);
    expect(await pathSignature(page, '#card-supply')).not.toBe(before);
    await expect.poll(() => page.textContent('#run-status')).toBe('Up to date');
  });

  it('filters the charts to a country chosen on the globe, by keyboard and by click', async () => {
    // On rare-earths-2024, whose few countries put one under the globe's centre once the keys have walked to it.
    const v = await page.evaluate(() => Number(document.getElementById('charts')!.dataset.version));
    await page.selectOption('#preset-picker', 'rare-earths-2024');
    await waitForCharts(page, v);
    await page.focus('#globe');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent('#title-prices')).toMatch(/\(selected\)/);
    expect(await page.textContent('#title-supply')).toMatch(/\(selected\)/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#title-prices')).toMatch(/by bloc/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    const box = (await page.locator('#globe canvas').boundingBox())!;
    await page.waitForTimeout(300);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.textContent('#title-prices')).toMatch(/\(selected\)/);
    await page.click('.filter-note button');
    await expect.poll(() => page.textContent('#title-prices')).toMatch(/by bloc/);
  });

  it('plays, pauses and steps the shared cursor from the keyboard', async () => {
    await page.click('.chart-desc');
    const start = await page.inputValue('#timeline-scrub');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.inputValue('#timeline-scrub')).toBe(String(Number(start) + 1));
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.tl-button', 'aria-pressed')).toBe('true');
    await expect
      .poll(async () => Number(await page.inputValue('#timeline-scrub')), { timeout: 20_000 })
      .toBeGreaterThan(Number(start) + 3);
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.tl-button', 'aria-pressed')).toBe('false');
    const stopped = await page.inputValue('#timeline-scrub');
    await page.waitForTimeout(600);
    expect(await page.inputValue('#timeline-scrub')).toBe(stopped);
    expect(await page.textContent('#title-cost-curve')).toContain(await page.textContent('.tl-month'));
  });

  it('explains an event marker in a sentence and shows any chart as a table', async () => {
    await page.click('#card-capacity .marker');
    await expect.poll(() => page.textContent('#event-note')).toMatch(/rule/);
    await page.click('#card-prices .table-toggle');
    expect(await page.locator('#table-prices table tbody tr').count()).toBeGreaterThan(12);
    await page.click('#card-prices .table-toggle');
    expect(await page.locator('#table-prices').isHidden()).toBe(true);
  });

  it('passes an axe audit with no serious or critical violations', async () => {
    await page.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
        }
      ).axe;
      const r = await axe.run();
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
  });

  it('saves screenshots at 1280×720 and 1920×1080', async () => {
    await page.screenshot({ path: `${ARTIFACTS}/app-1280x720.png` });
    const big = await h.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const bigProblems = watchConsole(big);
    await openApp(big, h.url);
    await expect.poll(() => globePixels(big), { timeout: 60_000, interval: 500 }).toMatchObject({ ok: true });
    await big.waitForTimeout(500);
    const scroll = await big.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(scroll).toBeLessThanOrEqual(0);
    await big.screenshot({ path: `${ARTIFACTS}/app-1920x1080.png` });
    await big.close();
    expect(bigProblems).toEqual([]);
  });

  it('opens another preset from the picker, and a zone control moves the floor on the prices chart', async () => {
    const v = await page.evaluate(() => Number(document.getElementById('charts')!.dataset.version));
    await page.selectOption('#preset-picker', 'dumping-cycle-floor');
    await waitForCharts(page, v);
    await expect.poll(() => page.textContent('.scenario-title')).toMatch(/floor/i);
    expect(await page.isDisabled('#control-floor-refine')).toBe(false);
    // dumping-cycle-floor opens against itself without the zone: that run first, then the moved control's.
    const { current } = await waitForBaseline(page);
    const before = await page.$eval('#card-prices path.dashed', (p) => p.getAttribute('d'));
    await setRange(page, '#control-floor-refine', '60');
    await waitForNewHash(page, current);
    expect(await page.$eval('#card-prices path.dashed', (p) => p.getAttribute('d'))).not.toBe(before);
    expect(await page.textContent('#card-money')).toMatch(/vs baseline/);
    await page.click('text=Pin as baseline');
    await expect.poll(() => page.textContent('.baseline-note')).toMatch(/pinned/);
  });

  it('keeps the globe still under prefers-reduced-motion', async () => {
    const still = await h.browser.newPage({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    const stillProblems = watchConsole(still);
    await openApp(still, h.url);
    await expect.poll(() => globePixels(still), { timeout: 60_000, interval: 500 }).toMatchObject({ ok: true });
    await still.waitForTimeout(1500);
    const a = await still.locator('#globe canvas').screenshot();
    await still.waitForTimeout(1500);
    const b = await still.locator('#globe canvas').screenshot();
    expect(Buffer.compare(a, b)).toBe(0);
    await still.close();
    expect(stillProblems).toEqual([]);
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
    expect(problems.join('\n')).not.toMatch(/WebGL context could not be created/);
  });
});
