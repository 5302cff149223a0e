/**
 * Share links, downloads and untrusted input end to end: one production build served by `vite preview`, driven in
 * Chromium and checked against the CLI (`bin/chokepoint.mjs`): a link printed by the CLI opens to the CLI's run, a
 * downloaded scenario file reproduces the page's run, downloads are well formed, bad links and files fall back to a
 * working page with a visible message.
 *
 * Node 20 (the CLI) and Chromium (the page) differ in the last bit of Math.exp, log, pow, sin, cos and asin; the
 * engine therefore computes those itself (src/lib/dmath.ts), and these tests check that both give the same resultHash.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync, strFromU8, strToU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../src/results/version.ts';
import { type Harness, startHarness, waitForCharts, watchConsole } from './harness.ts';
import { setRange } from './page-probes.ts';

const ARTIFACTS = 'test/artifacts';
const CLI = 'bin/chokepoint.mjs';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHARTS = ['prices', 'supply', 'capacity', 'cost-curve', 'money'];
const RUN_FILES = ['summary.json', 'monthly.csv', 'countries.csv', 'flows.csv', 'facilities.csv', 'events.csv'];
const CSV_FILES = RUN_FILES.slice(1);

/** A CLI run: its folder's files and its resultHash. */
interface CliRun {
  files: Record<string, string>;
  hash: string;
}

let h: Harness;
let tmp: string;
let cliLink: string;
let linkRun: CliRun;
/** The page opened from the CLI's link, reused by the download tests, and its hashes as they were checked. */
let page: Page;
/** A second page: bad links, hashchange, Share and upload. */
let other: Page;
let linkPageHash = '';
let filePageHash = '';
let fileRun: CliRun;
let scenarioFile = '';
const problems: string[] = [];

function cli(...args: string[]): string {
  return execFileSync('node', [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function cliRun(...args: string[]): CliRun {
  const out = join(mkdtempSync(join(tmp, 'run-')), 'out');
  cli('run', ...args, '--out', out);
  const files = Object.fromEntries(RUN_FILES.map((n) => [n, readFileSync(join(out, n), 'utf8')]));
  return { files, hash: JSON.parse(files['summary.json']!).resultHash };
}

async function newPage(): Promise<Page> {
  const p = await h.browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  const seen = watchConsole(p);
  p.on('close', () => problems.push(...seen));
  return p;
}

/** Opens a URL in a fresh page and waits for the first drawn run. */
async function openFresh(url: string): Promise<Page> {
  const p = await newPage();
  await p.goto(url);
  await waitForCharts(p, 0);
  return p;
}

/** Waits until the run on screen is up to date and returns the result hash the About panel carries. */
async function pageHash(p: Page): Promise<string> {
  await expect.poll(() => p.textContent('#run-status')).toBe('Up to date');
  return (await p.getAttribute('[data-result-hash]', 'data-result-hash')) ?? '';
}

async function chartsVersion(p: Page): Promise<number> {
  return p.evaluate(() => Number(document.getElementById('charts')!.dataset.version));
}

/** Clicks a Download menu item and returns the downloaded file's name and bytes. */
async function download(p: Page, itemId: string): Promise<{ name: string; bytes: Buffer }> {
  if (!(await p.isVisible(`#${itemId}`))) await p.click('#download-menu > summary');
  const [d] = await Promise.all([p.waitForEvent('download'), p.click(`#${itemId}`)]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** Downloads the run zip and returns its files as text. */
async function runFilesOf(p: Page): Promise<Record<string, string>> {
  const { bytes } = await download(p, 'download-run');
  const files = unzipSync(new Uint8Array(bytes));
  return Object.fromEntries(Object.entries(files).map(([n, b]) => [n, strFromU8(b)]));
}

/** Expects the default preset on screen with at least four charts drawn and a result hash. */
async function expectWorkingDefault(p: Page): Promise<void> {
  expect(await p.inputValue('#preset-picker')).toBe('rare-earths-zone-2026');
  const drawn = await p.$$eval(
    '.chart-card',
    (cards) =>
      cards.filter((c) => [...c.querySelectorAll('path.series')].some((e) => (e.getAttribute('d') ?? '').length > 40))
        .length,
  );
  expect(drawn).toBeGreaterThanOrEqual(4);
  expect(await pageHash(p)).toMatch(/^[0-9a-f]{16}$/);
}

/** Expects two runs' files to agree as written: every CSV byte for byte, summary.json but for hash and KPIs. */
function expectSameFiles(a: Record<string, string>, b: Record<string, string>): void {
  for (const name of CSV_FILES) expect(a[name], name).toBe(b[name]);
  const strip = (s: string) => {
    const { resultHash: _h, kpis: _k, ...rest } = JSON.parse(s);
    return rest;
  };
  expect(strip(a['summary.json']!)).toEqual(strip(b['summary.json']!));
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'chokepoint-share-'));
  cliLink = cli('link', 'dumping-cycle-floor', '--set', 'zone.floor.refine=50').trim();
  linkRun = cliRun('--link', cliLink);
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('share links', () => {
  it('opens a link printed by the CLI to the CLI’s scenario, seed and files', async () => {
    expect(cliLink).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
    page = await openFresh(h.url + cliLink);
    linkPageHash = await pageHash(page);
    expect(linkPageHash).toMatch(/^[0-9a-f]{16}$/);
    expect(await page.inputValue('#preset-picker')).toBe('dumping-cycle-floor');
    expect(await page.inputValue('#control-floor-refine')).toBe('50');
    expectSameFiles(await runFilesOf(page), linkRun.files);
    // Whatever the hashes, the page says how they compare: in About this run, and in a notice when they differ.
    const same = linkPageHash.slice(0, 8) === linkRun.hash.slice(0, 8);
    await expect.poll(() => page.textContent('#run-about')).toMatch(same ? /matches the link/ : /had hash/);
    expect(await page.locator('.notice[data-topic="link-hash"]').isVisible()).toBe(!same);
  });

  it('opens a link printed by the CLI to the CLI’s resultHash', () => {
    expect(linkPageHash).toBe(linkRun.hash);
  });

  it('falls back to a working page with a visible message for #v1.garbage, then #%%% on hashchange', async () => {
    other = await openFresh(h.url + '#v1.garbage');
    const notice = other.locator('.notice[data-topic="link"]');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toMatch(/This link cannot be opened — link: damaged/);
    await expectWorkingDefault(other);
    await other.evaluate(() => (location.hash = '%%%'));
    await expect.poll(() => notice.textContent()).toMatch(/This link cannot be opened — link: not a Chokepoint link/);
    expect(await notice.isVisible()).toBe(true);
    await expectWorkingDefault(other);
  });

  it('says plainly when a link’s results differ from this run', async () => {
    const v = await chartsVersion(other);
    await other.evaluate((hash) => (location.hash = hash), reHash(cliLink));
    await waitForCharts(other, v);
    const notice = other.locator('.notice[data-topic="link-hash"]');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(/had hash 00000000 .* this run gives [0-9a-f]{8}/);
    expect(await other.locator('.notice[data-topic="link"]').count()).toBe(0);
  });

  it('shares a link to the page’s own run that opens to the same hash', async () => {
    let v = await chartsVersion(other);
    await other.selectOption('#preset-picker', 'export-ban');
    v = await waitForCharts(other, v);
    await setRange(other, '#control-demand-growth', '0.1');
    v = await waitForCharts(other, v);
    const hash = await pageHash(other);
    await setRange(other, '#timeline-scrub', '30');
    await other.focus('#globe');
    await other.keyboard.press('ArrowRight');
    await expect.poll(() => other.textContent('#title-prices')).toMatch(/\(selected\)/);
    const title = await other.textContent('#title-prices');
    await other.click('#share-button');
    await expect.poll(() => other.isVisible('#share-dialog')).toBe(true);
    const url = await other.inputValue('#share-url');
    expect(url.startsWith(`${h.url}#v1.`)).toBe(true);
    expect(await other.isVisible('#share-warning')).toBe(false);
    await other.click('#share-copy');
    await expect.poll(() => other.textContent('#share-status')).toMatch(/Copied|Ctrl\+C/);
    await other.screenshot({ path: `${ARTIFACTS}/share-dialog.png` });
    await other.keyboard.press('Escape');
    expect(await other.isVisible('#share-dialog')).toBe(false);
    // Back to the preset as shipped, then the link (a hashchange: the page is not reloaded).
    await other.selectOption('#preset-picker', 'rare-earths-2024');
    v = await waitForCharts(other, v);
    await other.goto(url);
    await waitForCharts(other, v);
    expect(await pageHash(other)).toBe(hash);
    expect(await other.inputValue('#preset-picker')).toBe('export-ban');
    expect(await other.inputValue('#control-demand-growth')).toBe('0.1');
    expect(await other.inputValue('#timeline-scrub')).toBe('30');
    await expect.poll(() => other.textContent('#title-prices')).toBe(title);
  });
});

describe('downloads', () => {
  it('writes a scenario file that reproduces the page’s run, after a control moved', async () => {
    const v = await chartsVersion(page);
    await setRange(page, '#control-demand-growth', '0.1');
    await waitForCharts(page, v);
    filePageHash = await pageHash(page);
    expect(filePageHash).not.toBe(linkPageHash);
    const { name, bytes } = await download(page, 'download-scenario');
    expect(name).toMatch(/^dumping-cycle-floor-seed\d+\.json$/);
    const scenario = JSON.parse(bytes.toString('utf8'));
    expect(scenario.extends).toBeUndefined();
    expect(scenario.zone.floor.refine).toBe(50);
    scenarioFile = join(tmp, name);
    writeFileSync(scenarioFile, bytes);
    fileRun = cliRun(scenarioFile);
    expectSameFiles(await runFilesOf(page), fileRun.files);
  });

  it('writes a scenario file that the CLI runs to the page’s resultHash', () => {
    expect(fileRun.hash).toBe(filePageHash);
  });

  it('zips the six run files with the RESULTS.md headers, the scenario, a README and metadata.json', async () => {
    const { name, bytes } = await download(page, 'download-run');
    expect(name).toMatch(/^dumping-cycle-floor-seed\d+\.zip$/);
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files)).toEqual([...RUN_FILES, 'scenario.json', 'metadata.json', 'README.md']);
    const metadata = JSON.parse(strFromU8(files['metadata.json']!));
    expect(metadata.run.resultHash).toBe(filePageHash);
    expect(strFromU8(files['README.md']!)).toMatch(/## How to cite[\s\S]*## Licence[\s\S]*## Caveats/);
    const text = (n: string) => strFromU8(files[n]!);
    const summary = JSON.parse(text('summary.json'));
    expect(summary.resultHash).toBe(filePageHash);
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'title',
      'seed',
      'start',
      'months',
      'engineVersion',
      'resultHash',
      'kpis',
    ]);
    const header = (n: string) => text(n).split('\n')[0];
    expect(header('monthly.csv')).toMatch(/^month,price_mine_dominant,.*,dominant_mode$/);
    expect(header('countries.csv')).toBe(
      'month,country,stage,price,production,consumption,imports,exports,unmet,own_feed,recycling,stock_change,stock,cfd_paid_musd,cfd_received_musd',
    );
    expect(header('flows.csv')).toBe(
      'month,stage,from,to,tonnes,value_musd,tariff_musd,origin,seller_price,buyer_price,transport_musd,rent_musd,contract',
    );
    expect(header('facilities.csv')).toBe(
      'id,name,country,stage,owner,capacity_tpy,cash_cost,state_final,commissioned_month,closed_month,idle_months,cash_final_musd',
    );
    expect(header('events.csv')).toMatch(/^month,type,agent,country,detail/);
    expect(text('monthly.csv').trim().split('\n')).toHaveLength(summary.months + 1);
  });

  it('saves every chart as SVG with paths and as PNG, and the globe as PNG', async () => {
    for (const id of CHARTS) {
      const svg = await download(page, `download-${id}-svg`);
      const text = svg.bytes.toString('utf8');
      expect(svg.name).toBe(`dumping-cycle-floor-seed1-${id}.svg`);
      expect(text.startsWith('<svg')).toBe(true);
      expect(text).toMatch(/<path [^>]*d="M/);
      expect(text).toMatch(/Source: Chokepoint simulation/);
      const png = await download(page, `download-${id}-png`);
      expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(png.bytes.length).toBeGreaterThan(2000);
    }
    const globe = await download(page, 'download-globe');
    expect(globe.name).toBe('dumping-cycle-floor-seed1-globe.png');
    expect([...globe.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    await page.keyboard.press('Escape');
  });

  it('shows what ran in About this run', async () => {
    await page.click('#run-about > summary');
    const about = await page.textContent('#run-about');
    expect(about).toMatch(/dumping-cycle-floor — /);
    expect(about).toContain(`Engine version${ENGINE_VERSION}`);
    expect(await page.textContent('[data-result-hash]')).toBe(filePageHash);
    await page.screenshot({ path: `${ARTIFACTS}/about-run.png` });
    await page.keyboard.press('Escape');
  });
});

describe('opening scenario files', () => {
  it('runs a downloaded scenario file to the hash it was saved from', async () => {
    const v = await chartsVersion(other);
    await other.setInputFiles('#scenario-file-input', scenarioFile);
    await waitForCharts(other, v);
    expect(await pageHash(other)).toBe(filePageHash);
    expect(await other.inputValue('#preset-picker')).toBe('dumping-cycle-floor');
    expect(await other.textContent('.notice[data-topic="upload"]')).toMatch(/Opened dumping-cycle-floor-seed1\.json/);
    expect(await other.evaluate(() => location.hash)).toBe('');
    await other.close();
  });

  it('offers the scenario file instead of a link over 2,000 characters', async () => {
    let x = 7;
    const noise = Array.from({ length: 3000 }, () => String.fromCharCode(97 + ((x = (x * 48271) % 2147483647) % 26)));
    const long = join(tmp, 'long.json');
    writeFileSync(long, JSON.stringify({ schema: 1, extends: 'export-ban', description: noise.join(''), months: 24 }));
    const v = await chartsVersion(page);
    await page.setInputFiles('#scenario-file-input', long);
    await waitForCharts(page, v);
    await page.click('#share-button');
    await expect.poll(() => page.isVisible('#share-warning')).toBe(true);
    expect(await page.textContent('#share-warning')).toMatch(
      /longer than the 2,000 .* Share the scenario file instead/,
    );
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#share-download-scenario')]);
    expect(JSON.parse(readFileSync(await d.path(), 'utf8')).description).toBe(noise.join(''));
    await page.keyboard.press('Escape');
  });

  it('shows the problems of an invalid file as text with their paths, and keeps the page working', async () => {
    const before = await pageHash(page);
    const bad = join(tmp, 'bad.json');
    const hostile = { schema: 1, extends: 'export-ban', title: '<img src=x onerror=alert(1)>', months: 3, seed: -1 };
    writeFileSync(bad, JSON.stringify(hostile));
    await page.setInputFiles('#scenario-file-input', bad);
    const notice = page.locator('.notice[data-topic="upload"]');
    await expect.poll(() => notice.textContent()).toMatch(/bad\.json is not a scenario this page can run/);
    expect(await notice.textContent()).toMatch(/months: .*seed: /);
    expect(await page.locator('.notice img').count()).toBe(0);
    expect(await pageHash(page)).toBe(before);
  });

  it('logged no console errors or warnings', async () => {
    await page.close();
    expect(problems).toEqual([]);
  });
});

/** Replaces the short result hash inside a v1 link with 00000000 (decode, edit the JSON, encode again). */
function reHash(fragment: string): string {
  const bytes = Buffer.from(fragment.slice('#v1.'.length), 'base64url');
  const json = JSON.parse(strFromU8(inflateSync(bytes)));
  json.hash = '00000000';
  return `v1.${Buffer.from(deflateSync(strToU8(JSON.stringify(json)))).toString('base64url')}`;
}
