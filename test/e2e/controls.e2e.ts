/**
 * Every control acts (PRODUCT.md "Every control reaches the mechanics"): on rare-earths-zone-2026 and on the teaching
 * presets export-ban and export-ban-stockpile, each enabled control in [data-controls], moved to the end of its range
 * farthest from its default (one more member; each other option of a select), changes the result hash; each disabled
 * one says why in plain words. A range stops where something else binds (the stockpile's release limit at its ration
 * over the declared disruption), so its far end must act; an option that acts here exactly as another (the adaptive
 * strategy where rivals never reach the tolerated share, a levy without a floor) must say so in the control's hint
 * (`data-remark`). Waits on the page's state — the charts' results version, the status line and the hash they drew —
 * never on time.
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

/** A move of one control: a select's option, or (null) the far end of a range, or one more member. */
type Move = { id: string; option: string | null };

/** Moves one control as a user would; returns a description of the move. */
async function move({ id, option }: Move): Promise<string> {
  return page.$eval(
    `[data-controls] [data-control-id="${id}"]`,
    (row, option) => {
      const select = row.querySelector('select');
      if (select) {
        select.value = option!;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return `${select.name} → ${option}`;
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
    },
    option,
  );
}

/** Opens a preset (unless it is on screen) and waits until its run has settled; returns its hash. */
async function openPreset(id: string): Promise<string> {
  if ((await page.inputValue('#preset-picker')) !== id) {
    const v = await chartsVersion(page);
    await page.selectOption('#preset-picker', id);
    await waitForCharts(page, v);
  }
  return settled();
}

/**
 * Moves every enabled control of the preset on screen in turn (each other option of a select), resetting after each;
 * returns the moves that changed nothing and did not say why, and the ids of the enabled controls.
 */
async function moveEveryControl(): Promise<{ inert: string[]; enabled: string[] }> {
  const shipped = await settled();
  const rows = await page.$$eval('[data-controls] [data-control-id]', (els) =>
    els.map((el) => ({
      id: (el as HTMLElement).dataset.controlId!,
      reason: (el as HTMLElement).dataset.notInForce ?? null,
      hint: el.querySelector('.control-hint')?.textContent ?? '',
      options: [...el.querySelectorAll('option')].filter((o) => !o.selected).map((o) => o.value),
    })),
  );
  expect(rows.length).toBeGreaterThan(20);
  for (const r of rows.filter((r) => r.reason !== null)) {
    expect(r.hint, r.id).toMatch(/^Not in force: .+: .+\.$/);
  }
  const enabled = rows.filter((r) => r.reason === null && r.id !== 'seeds');
  const moves = enabled.flatMap((r): Move[] =>
    r.options.length ? r.options.map((option) => ({ id: r.id, option })) : [{ id: r.id, option: null }],
  );
  const inert: string[] = [];
  for (const m of moves) {
    const before = await chartsVersion(page);
    const moved = await move(m);
    await waitForCharts(page, before);
    const hash = await settled();
    if (hash === shipped) {
      // An option that acts here exactly as another says so; a range stops where something else binds.
      const remark = await page.$eval(
        `[data-controls] [data-control-id="${m.id}"]`,
        (row) => (row as HTMLElement).dataset.remark ?? '',
      );
      if (m.option === null || remark === '') inert.push(moved);
    }
    const back = await chartsVersion(page);
    await page.click('.reset-all');
    await waitForCharts(page, back);
    expect(await settled()).toBe(shipped);
  }
  return { inert, enabled: enabled.map((r) => r.id) };
}

describe('every control acts', () => {
  it('on rare-earths-zone-2026, changes the result hash when moved, or says why it is not in force', async () => {
    const { inert, enabled } = await moveEveryControl();
    // The binding parameters are controls here, and they are live.
    for (const id of ['floor-margin', 'floor-security-share', 'floor-max-step', 'stockpile-capacity']) {
      expect(enabled).toContain(id);
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
    const back = await chartsVersion(page);
    await page.click('.reset-all');
    await waitForCharts(page, back);
  });

  it.each(['export-ban', 'export-ban-stockpile'])(
    'on %s, changes the result hash when moved, or says why not',
    async (id) => {
      await openPreset(id);
      const { inert, enabled } = await moveEveryControl();
      expect(enabled).toContain('strategy');
      expect(inert).toEqual([]);
      expect(problems).toEqual([]);
    },
    600_000,
  );

  it('on export-ban, says why the adaptive strategy acts as scripted, and what would make it act', async () => {
    await openPreset('export-ban');
    const before = await chartsVersion(page);
    await page.selectOption('#control-strategy', 'adaptive');
    await waitForCharts(page, before);
    await settled();
    expect(await page.textContent('[data-control-id="strategy"] .control-hint')).toMatch(
      /acts exactly as scripted: in this run rivals never supplied more than the tolerated 25%.*Lower Tolerated rival share below/,
    );
    const back = await chartsVersion(page);
    await page.click('.reset-all');
    await waitForCharts(page, back);
  });

  it('on export-ban-stockpile, stops the release limit where the ration binds, and says so', async () => {
    await openPreset('export-ban-stockpile');
    expect(await page.getAttribute('#control-stockpile-max-release', 'max')).toBe('2700');
    expect(await page.textContent('[data-control-id="stockpile-max-release"] .control-hint')).toMatch(
      /The ration binds: .*≈ 680 t a month/,
    );
  });
});
