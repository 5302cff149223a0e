/** Small probes the end-to-end tests run in the page. */
import type { Page } from 'playwright-core';

/** What the globe's canvas shows. */
export interface GlobePixels {
  ok: boolean;
  clearShare: number;
  drawnShare: number;
  colours: number;
}

/**
 * Reads the globe canvas (its drawing buffer is preserved): the share of pixels in the navy clear colour, the share of
 * other pixels, and how many distinct colours (quantized) appear. A failed WebGL context gives a transparent canvas,
 * which has no clear colour at all.
 */
export async function globePixels(page: Page): Promise<GlobePixels> {
  return page.evaluate(() => {
    const src = document.querySelector<HTMLCanvasElement>('#globe canvas');
    if (!src || src.width < 10) return { ok: false, clearShare: 0, drawnShare: 0, colours: 0 };
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = Math.round((320 * src.height) / src.width);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let clear = 0;
    let drawn = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b, a] = [d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!];
      if (a < 250) continue;
      if (Math.abs(r - 10) <= 3 && Math.abs(g - 26) <= 3 && Math.abs(b - 51) <= 3) clear++;
      else drawn++;
      colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
    }
    const n = d.length / 4;
    const res = { clearShare: clear / n, drawnShare: drawn / n, colours: colours.size };
    return { ok: res.clearShare > 0.02 && res.drawnShare > 0.2 && res.colours > 30, ...res };
  });
}

/** Returns the `d` attributes of a card's data paths, joined: it changes when the chart is redrawn with new data. */
export async function pathSignature(page: Page, card: string): Promise<string> {
  return page.$$eval(`${card} path.series`, (ps) => ps.map((p) => p.getAttribute('d') ?? '').join('|'));
}

/** Moves a range input to `value` as a user would (an input event). */
export async function setRange(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      const input = el as HTMLInputElement;
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}
