/**
 * Every control acts (PRODUCT.md "Every control reaches the mechanics"): on rare-earths-zone-2026 each enabled control
 * in [data-controls], moved to the end of its range farthest from its default (another option of a select, one more
 * member), changes the result hash; each disabled one says why in plain words. Waits on the page's state — the charts'
 * results version, the status line and the hash they drew — never on time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  chartsVersion,
  openApp,
  startHarness,
  waitForBaseline,
  waitForCharts,
  watchConsole,
} from './harness.ts';

let h: Harness;
let page: Page;
let problems: string[];

beforeAll(async () => {
  h = await startHarness();
  page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
  problems = watchConsole(page);
  await openApp(page, h.url);
  if ((await page.inputValue('#preset-picker')) !== 'rare-earths-zone-2026') {
    const v = await chartsVersion(page);
    await page.selectOption('#preset-picker', 'rare-earths-zone-2026');
    await waitForCharts(page, v);
  }
  // The baseline (the scenario without the zone) is drawn before any control moves.
  await waitForBaseline(page);
  await settled();
});

afterAll(async () => {
  await h?.close();
});

/** Waits until no run is in flight and returns the hash the charts drew. */
async function settled(): Promise<string> {
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent === 'Up to date', null, {
    timeout: 60_000,
  });
  return page.$eval('#charts', (el) => (el as HTMLElement).dataset.resultHash ?? '');
}

/** Moves one control as a user would, to its far value; returns a description of the move. */
async function moveFar(id: string): Promise<string> {
  return page.$eval(`[data-controls] [data-control-id="${id}"]`, (row) => {
    const select = row.querySelector('select');
    if (select) {
      const other = [...select.options].find((o) => o.value !== select.value)!;
      select.value = other.value;
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return `${select.name} → ${other.value}`;
    }
    const box = row.querySelector<HTMLInputElement>('input[type="checkbox"]:not(:checked)');
    if (box) {
      box.click();
      return `member + ${box.value}`;
    }
    const input = row.querySelector('input')!;
    const [min, max, v] = [Number(input.min), Number(input.max), Number(input.value)];
    const to = v - min > max - v ? min : max;
    input.value = String(to);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return `${input.name} ${v} → ${to}`;
  });
}

describe('every control acts', () => {
  it('on rare-earths-zone-2026, changes the result hash when moved, or says why it is not in force', async () => {
    const shipped = await settled();
    const rows = await page.$$eval('[data-controls] [data-control-id]', (els) =>
      els.map((el) => ({
        id: (el as HTMLElement).dataset.controlId!,
        reason: (el as HTMLElement).dataset.notInForce ?? null,
        hint: el.querySelector('.control-hint')?.textContent ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThan(20);
    const enabled = rows.filter((r) => r.reason === null && r.id !== 'seeds');
    for (const r of rows.filter((r) => r.reason !== null)) {
      expect(r.hint, r.id).toMatch(/^Not in force: .+: .+\.$/);
    }
    // The binding parameters are controls here, and they are live.
    for (const id of ['floor-margin', 'floor-security-share', 'floor-max-step', 'stockpile-capacity']) {
      expect(enabled.map((r) => r.id)).toContain(id);
    }
    const inert: string[] = [];
    for (const { id } of enabled) {
      const before = await chartsVersion(page);
      const move = await moveFar(id);
      await waitForCharts(page, before);
      const hash = await settled();
      if (hash === shipped) inert.push(move);
      const back = await chartsVersion(page);
      await page.click('.reset-all');
      await waitForCharts(page, back);
      expect(await settled()).toBe(shipped);
    }
    expect(inert).toEqual([]);
    expect(problems).toEqual([]);
  }, 900_000);

  it('makes the CfD budget apply once the contract for difference is chosen', async () => {
    const before = await chartsVersion(page);
    await page.selectOption('#control-mechanism', 'cfd');
    await waitForCharts(page, before);
    await settled();
    expect(await page.isDisabled('#control-cfd-budget')).toBe(false);
    expect(await page.textContent('[data-control-id="cfd-budget"] .control-hint')).toMatch(/pays nothing/);
    expect(await page.isDisabled('#control-fixed-tariff')).toBe(true);
    await page.click('.reset-all');
  });
});
