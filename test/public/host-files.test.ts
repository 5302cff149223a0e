import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync('index.html', 'utf8');

describe('files for the static host', () => {
  it('send the Content-Security-Policy that index.html sets in its meta tag, for every path', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headers = readFileSync('public/_headers', 'utf8');
    const block = /^\/\*\n((?: {2}.+\n)+)/m.exec(headers)?.[1] ?? '';
    const header = /^ {2}Content-Security-Policy: (.+)$/m.exec(block)?.[1];
    expect(meta).toBeTruthy();
    expect(header).toBe(meta);
  });

  it('include the favicon that index.html links, as SVG', () => {
    const href = /<link rel="icon" href="\/([^"]+)" type="image\/svg\+xml"/.exec(html)?.[1];
    expect(href).toBe('favicon.svg');
    expect(readFileSync(`public/${href}`, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('include robots.txt', () => {
    expect(existsSync('public/robots.txt')).toBe(true);
  });
});
