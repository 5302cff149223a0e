/**
 * The embed (PRODUCT.md "Embed"): a host page on another origin iframes `?embed=1` and drives it with the postMessage
 * protocol of src/app/embed-protocol.ts — ready, run finished with its hash, set cursor, set control — and a message
 * from anyone but the parent is ignored. Waits on the messages and the page's state, never on time.
 */
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, freePort, startHarness, watchConsole } from './harness.ts';

let h: Harness;
let host: Server;
let hostUrl: string;
let page: Page;
let problems: string[];

interface Received {
  origin: string;
  type: string;
  [k: string]: unknown;
}

beforeAll(async () => {
  h = await startHarness();
  const html = readFileSync('test/e2e/fixtures/embed-host.html', 'utf8');
  host = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  const port = await freePort();
  // Another origin than the app's: localhost, not 127.0.0.1.
  await new Promise<void>((resolve) => host.listen(port, '127.0.0.1', resolve));
  hostUrl = `http://localhost:${port}/`;
  page = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
  problems = watchConsole(page);
});

afterAll(async () => {
  await new Promise((resolve) => host?.close(resolve));
  await h?.close();
});

const received = (p: Page) => p.evaluate(() => (window as unknown as { received: Received[] }).received);

/** Waits for the `n`-th message of a type (1-based) and returns it. */
async function waitForMessage(p: Page, type: string, n = 1, timeout = 60_000): Promise<Received> {
  await p.waitForFunction(
    ([t, k]) => (window as unknown as { received: Received[] }).received.filter((m) => m.type === t).length >= k,
    [type, n] as const,
    { timeout },
  );
  return (await received(p)).filter((m) => m.type === type)[n - 1]!;
}

const appFrame = (p: Page): Frame => p.frames().find((f) => f.url().includes('embed=1'))!;

describe('embed', () => {
  it('shows only the globe, timeline and charts, and says ready, then the hash of the run it finished', async () => {
    const app = `${h.url}?embed=1&origin=${encodeURIComponent(new URL(hostUrl).origin)}`;
    await page.goto(`${hostUrl}?app=${encodeURIComponent(app)}`);
    const ready = await waitForMessage(page, 'ready');
    expect(ready).toMatchObject({ origin: new URL(h.url).origin, version: 1, presetId: 'rare-earths-zone-2026' });
    expect((ready.controls as { id: string }[]).map((c) => c.id)).toContain('floor-refine');
    const first = await waitForMessage(page, 'run-finished');
    expect(first.resultHash).toMatch(/^[0-9a-f]{16}$/);
    const frame = appFrame(page);
    expect(await frame.isVisible('#charts')).toBe(true);
    expect(await frame.isVisible('#globe')).toBe(true);
    expect(await frame.isHidden('#controls')).toBe(true);
    expect(await frame.isHidden('#header')).toBe(true);
    expect(await frame.getAttribute('#charts', 'data-result-hash')).toBe(first.resultHash);
  });

  it('round-trips set-control (a new run and its hash) and set-cursor (the cursor message and the scrubber)', async () => {
    const before = (await waitForMessage(page, 'run-finished')).resultHash;
    await page.evaluate(() =>
      (window as unknown as { send(b: unknown): void }).send({ type: 'set-control', id: 'floor-refine', value: 60 }),
    );
    const second = await waitForMessage(page, 'run-finished', 2);
    expect(second.resultHash).not.toBe(before);
    expect(await appFrame(page).getAttribute('#charts', 'data-result-hash')).toBe(second.resultHash);
    await page.evaluate(() =>
      (window as unknown as { send(b: unknown): void }).send({ type: 'set-cursor', month: '2027-02' }),
    );
    expect(await waitForMessage(page, 'cursor')).toMatchObject({ month: 13, label: '2027-02' });
    expect(await appFrame(page).inputValue('#timeline-scrub')).toBe('13');
    // null puts a control back to the preset's value: the first run's hash again.
    await page.evaluate(() =>
      (window as unknown as { send(b: unknown): void }).send({ type: 'set-control', id: 'floor-refine', value: null }),
    );
    expect((await waitForMessage(page, 'run-finished', 3)).resultHash).toBe(before);
  });

  it('refuses a bad request with an error that says why', async () => {
    await page.evaluate(() => {
      const send = (window as unknown as { send(b: unknown): void }).send;
      send({ type: 'set-control', id: 'floor-refine', value: 1e9 });
      send({ type: 'set-control', id: 'cfd-budget', value: 100 });
      send({ type: 'run-script', code: 'alert(1)' });
    });
    await waitForMessage(page, 'error', 3);
    const errors = (await received(page)).filter((m) => m.type === 'error').map((m) => String(m.message));
    expect(errors[0]).toMatch(/floor-refine: needs a number from 0 to/);
    expect(errors[1]).toMatch(/cfd-budget: not in force/);
    expect(errors[2]).toMatch(/unknown "type"/);
  });

  it('ignores messages from a window other than its parent', async () => {
    const frame = appFrame(page);
    const cursor = await frame.inputValue('#timeline-scrub');
    // The frame posting to itself is not its parent.
    await frame.evaluate(() =>
      window.postMessage({ protocol: 'chokepoint', version: 1, type: 'set-cursor', month: 0 }, '*'),
    );
    await frame.waitForFunction(() => document.documentElement.dataset.embedRejected === '1');
    expect(await frame.inputValue('#timeline-scrub')).toBe(cursor);
    expect(problems).toEqual([]);
  });
});
