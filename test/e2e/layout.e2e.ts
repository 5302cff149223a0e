/**
 * The page at the sizes people open it on — a 1024×768 laptop or projector, a 1440×900 desktop, a 390×844 phone —
 * and what a newcomer does first: read the money, click an event marker. Waits on the page's state, never on time.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, chartsVersion, openApp, startHarness, waitForCharts, watchConsole } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Opens the page at `width`×`height` and waits for the first charts. */
async function openAt(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const page = await h.browser.newPage({ viewport: { width, height } });
  const problems = watchConsole(page);
  await openApp(page, h.url);
  return { page, problems };
}

/** True when `selector`'s first match lies wholly inside the viewport (as the page is scrolled now). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  });
}

/** Runs axe and returns its serious and critical violations. */
async function seriousViolations(page: Page): Promise<unknown[]> {
  await page.evaluate(readFileSync('node_modules/axe-core/axe.min.js', 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('layouts', () => {
  it('at 1024×768 shows a slider and a chart together in the first viewport, and passes axe', async () => {
    const { page, problems } = await openAt(1024, 768);
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const sliders = await page.$$eval('#controls input[type="range"]', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.width > 40;
      }),
    );
    expect(sliders).toContain(true);
    expect(await inViewport(page, '#card-prices .chart-svg')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const bad = await seriousViolations(page);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('at 1440×900 shows the whole scenario title and the first line of its description', async () => {
    const { page, problems } = await openAt(1440, 900);
    const title = await page.$eval('#scenario-title', (el) => ({
      text: el.textContent ?? '',
      clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
      overflow: getComputedStyle(el).textOverflow,
    }));
    expect(title.text).toMatch(/Rare earths/);
    expect(title.clipped).toBe(false);
    expect(title.overflow).not.toBe('ellipsis');
    expect(await page.textContent('#scenario-lede')).toMatch(/NdPr oxide/);
    expect(await inViewport(page, '#scenario-lede')).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('on a 390×844 phone is one column with no sideways scroll, the story fits the screen, and passes axe', async () => {
    const { page, problems } = await openAt(390, 844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const lefts = await page.$$eval('#controls, #charts-area, #main', (els) =>
      els.map((el) => Math.round(el.getBoundingClientRect().left)),
    );
    expect(new Set(lefts).size).toBe(1);
    await page.click('#story-button');
    await page.waitForSelector('#story-panel[data-step="1"]', { state: 'visible' });
    await page.click('#story-next');
    await page.waitForSelector('#story-panel[data-step="2"]', { state: 'visible' });
    expect(await inViewport(page, '#story-panel')).toBe(true);
    // Step 3 selects a country whose charts are partly empty: their notes wrap inside the phone's width.
    await page.click('#story-next');
    await page.waitForSelector('#story-panel[data-step="3"]', { state: 'visible' });
    expect(await inViewport(page, '#story-panel')).toBe(true);
    expect(
      await page.$$eval('.empty-note', (els) => els.every((e) => e.getBoundingClientRect().right <= innerWidth)),
    ).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.click('#story-close');
    const bad = await seriousViolations(page);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
    await page.close();
    expect(problems).toEqual([]);
  });
});

/** Opens `preset` from the picker at `width`×`height` and waits for its charts. */
async function openPreset(preset: string, width: number, height: number) {
  const opened = await openAt(width, height);
  const v = await chartsVersion(opened.page);
  await opened.page.selectOption('#preset-picker', preset);
  await waitForCharts(opened.page, v);
  await expect.poll(() => opened.page.textContent('#run-status')).toBe('Up to date');
  return opened;
}

/** The money figures on screen, by column. */
async function moneyFigures(page: Page): Promise<Record<string, number>> {
  return page.$$eval('#card-money [data-kpi][data-value]', (els) =>
    Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.kpi!, Number((e as HTMLElement).dataset.value)])),
  );
}

describe('money', () => {
  it('is whole-run and non-zero on arrival on rare-earths-zone-2026, with "to the cursor" as an option', async () => {
    const { page, problems } = await openPreset('rare-earths-zone-2026', 1280, 800);
    expect(await page.inputValue('#timeline-scrub')).toBe('0');
    const whole = await moneyFigures(page);
    expect(Object.keys(whole)).toContain('tariff_revenue_musd');
    expect(whole.tariff_revenue_musd).toBeGreaterThan(0);
    expect(whole.consumer_cost_member_musd).toBeGreaterThan(0);
    expect(await page.textContent('#card-money')).toMatch(/a year/);
    expect(await page.textContent('#title-money')).toMatch(/over the run/);
    await page.check('#card-money input[name="money-span"][value="cursor"]');
    await expect.poll(() => page.textContent('#title-money')).toMatch(/Money to 2026-01/);
    const toCursor = await moneyFigures(page);
    expect(toCursor.tariff_revenue_musd).toBeLessThan(whole.tariff_revenue_musd!);
    await page.check('#card-money input[name="money-span"][value="horizon"]');
    await expect.poll(() => moneyFigures(page)).toEqual(whole);
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('event markers', () => {
  /** The explanation's text and whether it lies wholly in the viewport. */
  const explanation = (page: Page) =>
    page.$eval('[data-event-explanation]', (el) => {
      const r = el.getBoundingClientRect();
      const shown = r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
      return { text: el.textContent ?? '', shown };
    });

  for (const [width, height] of [
    [1024, 768],
    [390, 844],
  ] as const) {
    it(`at ${width}×${height} a clicked marker moves the cursor to its month and explains it in view`, async () => {
      const { page, problems } = await openAt(width, height);
      const markers = page.locator('#card-capacity [data-event-marker]');
      expect(await markers.count()).toBeGreaterThan(2);
      const marker = markers.nth(2);
      const month = await marker.getAttribute('data-event-marker');
      await marker.click();
      await expect.poll(() => page.inputValue('#timeline-scrub')).toBe(month);
      await expect.poll(() => explanation(page)).toMatchObject({ shown: true, text: expect.stringMatching(/rule/) });
      await page.close();
      expect(problems).toEqual([]);
    });
  }

  it('gives each chart one tab stop for its markers, and the arrow keys walk them', async () => {
    const { page, problems } = await openAt(1280, 800);
    const stops = await page.$$eval('.chart-card', (cards) =>
      cards.map((c) => c.querySelectorAll('[data-event-marker][tabindex="0"]').length),
    );
    expect(stops.every((n) => n <= 1)).toBe(true);
    expect(stops.filter((n) => n === 1).length).toBeGreaterThanOrEqual(1);
    const months = await page.$$eval('#card-capacity [data-event-marker]', (els) =>
      els.map((e) => e.getAttribute('data-event-marker')),
    );
    await page.focus('#card-capacity [data-event-marker][tabindex="0"]');
    const cursor = await page.inputValue('#timeline-scrub');
    await page.keyboard.press('ArrowRight');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-event-marker') ?? null);
    await expect.poll(focused).toBe(months[1]);
    expect(await page.inputValue('#timeline-scrub')).toBe(cursor);
    await page.keyboard.press('End');
    await expect.poll(focused).toBe(months[months.length - 1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.inputValue('#timeline-scrub')).toBe(months[months.length - 1]);
    expect(await page.$$eval('#card-capacity [data-event-marker][tabindex="0"]', (els) => els.length)).toBe(1);
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('playback', () => {
  it('tells the events it passes over the globe', async () => {
    const { page, problems } = await openAt(1280, 800);
    await page.selectOption('.tl-speed select', '16');
    expect(await page.isHidden('#playback-note')).toBe(true);
    await page.click('.tl-button[aria-pressed]');
    await page.waitForSelector('#playback-note', { state: 'visible', timeout: 30_000 });
    expect(await page.textContent('#playback-note')).toMatch(/^\d{4}-\d{2} — .+ \(rule /);
    await page.click('.tl-button[aria-pressed]');
    expect(await page.getAttribute('.tl-button[aria-pressed]', 'aria-pressed')).toBe('false');
    await page.click('#timeline-scrub');
    await page.keyboard.press('Home');
    await page.waitForSelector('#playback-note', { state: 'hidden' });
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('the first view', () => {
  it('opens the zone preset against itself without the zone: money and its differences non-zero on arrival', async () => {
    const { page, problems } = await openAt(1280, 800);
    expect(await page.inputValue('#preset-picker')).toBe('rare-earths-zone-2026');
    expect(await page.textContent('#scenario-lede')).toMatch(/zone/);
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'Up to date');
    await expect.poll(() => page.textContent('.baseline-note')).toMatch(/without the zone/);
    const deltas = () =>
      page.$$eval('#card-money [data-kpi][data-value]', (els) =>
        els.map((e) => ({ value: Number((e as HTMLElement).dataset.value), delta: (e as HTMLElement).dataset.delta })),
      );
    await expect.poll(async () => (await deltas()).some((f) => f.delta !== '' && Number(f.delta) !== 0)).toBe(true);
    expect((await deltas()).some((f) => f.value > 0)).toBe(true);
    expect(await page.isDisabled('#control-floor-refine')).toBe(false);
    await page.click('#compare-menu > summary');
    expect(await page.isChecked('#compare-menu input[value="no-zone"]')).toBe(true);
    await page.keyboard.press('Escape');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('keeps the member list one tab stop until opened, says its sources in plain words, and Compare chooses the baseline', async () => {
    const { page, problems } = await openPreset('rare-earths-zone-2026', 1280, 800);
    const visibleBoxes = () =>
      page.$$eval('#controls input[type="checkbox"]', (els) => els.filter((e) => e.checkVisibility()).length);
    expect(await visibleBoxes()).toBe(0);
    await page.focus('#controls summary');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('range');
    await page.click('#controls .checklist-disclosure > summary');
    expect(await visibleBoxes()).toBeGreaterThan(20);
    expect(await page.textContent('.sources')).not.toMatch(/\.md|§/);
    expect(await page.textContent('#controls')).not.toMatch(/§|ε /);
    await page.click('#compare-menu > summary');
    await page.check('#compare-menu input[value="pinned"]');
    await expect.poll(() => page.textContent('.baseline-note')).toMatch(/pinned/);
    await page.check('#compare-menu input[value="preset"]');
    await expect.poll(() => page.textContent('.baseline-note')).toMatch(/preset as shipped/);
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe('presentation mode', () => {
  it('enlarges the text, zooms the charts to the story step’s months, and hides the money card without a zone', async () => {
    const { page, problems } = await openAt(1280, 800);
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'Up to date');
    const titleSize = () => page.$eval('#title-prices', (el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await titleSize();
    await page.click('#present-button');
    expect(await page.getAttribute('#present-button', 'aria-pressed')).toBe('true');
    expect(await titleSize()).toBeGreaterThan(before);
    expect(await page.isVisible('#card-money')).toBe(true);
    const window = () => page.$eval('#card-prices [data-window]', (el) => (el as HTMLElement).dataset.window);
    expect(await window()).toBe('');
    await page.click('#story-button');
    await page.waitForSelector('#story-panel[data-step="1"]', { state: 'visible' });
    // A step's window runs from the step before it to the step after it, widened to at least a year (stepWindow):
    // checked against the months the story moved the cursor to.
    const span = async () => (await window())!.split('-').map(Number) as [number, number];
    const cursor = async () => Number(await page.inputValue('#timeline-scrub'));
    await expect.poll(window).not.toBe('');
    const m1 = await cursor();
    const [a1, b1] = await span();
    expect(a1).toBeLessThanOrEqual(m1);
    expect(b1).toBeGreaterThanOrEqual(m1);
    expect(b1 - a1).toBeGreaterThanOrEqual(12);
    await page.click('#story-next');
    await page.waitForSelector('#story-panel[data-step="2"]', { state: 'visible' });
    await expect.poll(cursor).not.toBe(m1);
    const m2 = await cursor();
    await expect.poll(async () => (await span())[1] >= m2 && (await span())[0] <= m1).toBe(true);
    const [a2, b2] = await span();
    expect(b2 - a2).toBeGreaterThanOrEqual(12);
    const ticks = await page.$$eval('#card-prices .x.axis .tick text, #card-prices .tick text', (els) =>
      els.map((e) => e.textContent),
    );
    // rare-earths-zone-2026 starts in 2026-01: the window's last month falls in this year.
    expect(ticks).toContain(String(2026 + Math.floor(b2 / 12)));
    await page.click('#story-close');
    await expect.poll(window).toBe('');
    const bad = await seriousViolations(page);
    expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
    // dumping-cycle has no zone: no money card while presenting.
    const v = await chartsVersion(page);
    await page.selectOption('#preset-picker', 'dumping-cycle');
    await waitForCharts(page, v);
    await expect.poll(() => page.isHidden('#card-money')).toBe(true);
    await page.click('#present-button');
    await expect.poll(() => page.isVisible('#card-money')).toBe(true);
    await page.close();
    expect(problems).toEqual([]);
  });
});
