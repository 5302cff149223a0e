/**
 * `chokepoint link` and `chokepoint run --link`, run in-process through runCli (the binary's exit codes are tested in
 * cli-bad-input and cli-run): a link printed for each preset reproduces the preset's run exactly (same resultHash),
 * changed settings travel with the link, and a bad link exits 1 and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.ts';
import { ENGINE_VERSION } from '../../src/results/version.ts';
import { LINK_LIMITS, encodeLink } from '../../src/scenario/link.ts';
import { catalog, preset } from '../scenarios/preset-catalog.ts';
import { runInProcess } from './cli-process.ts';

const FIXTURE = new URL('../fixtures/tiny-scenario.json', import.meta.url);
const PRESETS = [...catalog.keys()];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-link-'));
  writeFileSync(join(dir, 'tiny.json'), readFileSync(FIXTURE, 'utf8'));
  writeFileSync(
    join(dir, 'floor.json'),
    JSON.stringify({ schema: 1, extends: 'export-ban', title: 'A floor', zone: { floor: { refine: 52 } } }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hashOf = (out: string) => JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8')).resultHash as string;

/** Runs `chokepoint ...args` in `dir`. */
const cli = (args: string[]) => runInProcess(args, dir);

/** Prints a link with `chokepoint link ...args`, checking it succeeded quietly. */
async function printLink(args: string[]): Promise<string> {
  const result = await cli(['link', ...args]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^#v1\.[A-Za-z0-9_-]+\n$/);
  return result.stdout.trim();
}

/** Runs a link and a reference command line into two folders; returns both resultHashes and the link run's stderr. */
async function runBoth(link: string, reference: string[], name: string) {
  const viaLink = await cli(['run', '--link', link, '--out', `${name}-link`]);
  const direct = await cli(['run', ...reference, '--out', `${name}-direct`]);
  expect(viaLink.code, viaLink.stderr).toBe(0);
  expect(direct.code, direct.stderr).toBe(0);
  return { viaLink: hashOf(`${name}-link`), direct: hashOf(`${name}-direct`), stderr: viaLink.stderr };
}

describe('chokepoint link → run --link reproduces the run', () => {
  for (const id of PRESETS) {
    it(`${id}: the link's run has the same resultHash as run ${id}, and no warning`, async () => {
      const link = await printLink([id]);
      expect(link.length).toBeLessThan(LINK_LIMITS.shareChars);
      const { viaLink, direct, stderr } = await runBoth(link, [id], id);
      expect(viaLink).toBe(direct);
      expect(stderr).toBe('');
    });
  }

  it('carries --set, --seed and --months', async () => {
    const args = ['export-ban', '--set', 'zone.floor.refine=60', '--set', 'dominant.normalMargin=0.5', '--seed', '3'];
    const link = await printLink([...args, '--months', '36']);
    const { viaLink, direct, stderr } = await runBoth(link, [...args, '--months', '36'], 'sets');
    expect(viaLink).toBe(direct);
    expect(stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(dir, 'sets-link', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ seed: 3, months: 36 });
  });

  it('diffs a file that extends a preset against that preset', async () => {
    const link = await printLink(['floor.json']);
    const { viaLink, direct } = await runBoth(link, ['floor.json'], 'file');
    expect(viaLink).toBe(direct);
  });

  it('lets --seed override the link, saying the hash was not checked', async () => {
    const link = await printLink(['export-ban-stockpile']);
    const result = await cli(['run', '--link', link, '--seed', '9', '--out', 'reseeded']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'reseeded', 'summary.json'), 'utf8')).seed).toBe(9);
    expect(result.stderr).toMatch(/^note: the link's result hash [0-9a-f]{8} was not checked: --seed changed the run/);
  });
});

describe('chokepoint link and run --link with bad input', () => {
  it('a garbage link exits 1, says what is wrong, and writes nothing', async () => {
    const links = ['#v1.garbage', 'https://example.org/#v1.AAAA', '#v9.AAAA', 'not a link'];
    const results = await Promise.all(links.map((link, i) => cli(['run', '--link', link, '--out', `garbage-${i}`])));
    results.forEach((result, i) => {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^chokepoint: cannot open the link\nlink: /);
      expect(existsSync(join(dir, `garbage-${i}`))).toBe(false);
    });
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a link to an unknown preset names it and the known ones', async () => {
    const p = preset('export-ban');
    const link = encodeLink({ presetId: 'gone', scenario: p, preset: p, seed: 1, engineVersion: ENGINE_VERSION });
    const result = await cli(['run', '--link', link, '--out', 'gone']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^link\.preset: unknown preset "gone"; .*export-ban/m);
    expect(existsSync(join(dir, 'gone'))).toBe(false);
  });

  it('a result hash the engine does not reproduce: a warning naming both hashes and engines, files still written', async () => {
    const p = preset('export-ban');
    const link = encodeLink({
      presetId: 'export-ban',
      scenario: p,
      preset: p,
      seed: p.seed,
      engineVersion: '0.0.1-old',
      resultHash: 'ffffffff00000000',
    });
    const result = await cli(['run', '--link', link, '--out', 'mismatch']);
    expect(result.code, result.stderr).toBe(0);
    const hash = hashOf('mismatch');
    expect(result.stderr).toContain(`warning: This link's results had hash ffffffff (engine 0.0.1-old)`);
    expect(result.stderr).toContain(`this run gives ${hash.slice(0, 8)} (engine ${ENGINE_VERSION})`);
  });

  it('a file with no preset base: exit 1, links need a preset base', async () => {
    const result = await cli(['link', 'tiny.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cannot make a link for tiny.json');
    expect(result.stderr).toContain('links need a preset base');
  });

  it('a link over 2,000 characters is printed with a warning to share the file instead', async () => {
    let text = '';
    for (let i = 0; text.length < 3_900; i++) text += ((i * 2654435761) >>> 0).toString(36);
    const result = await cli(['link', 'export-ban', '--months', '12', '--set', `description="${text}"`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(LINK_LIMITS.shareChars);
    expect(result.stderr).toMatch(/^warning: this link is \d+ characters, .*share the scenario file instead\n$/);
  });
});

describe('parseCommandLine for links', () => {
  it('parses link and run --link, and refuses a scenario and --link together', () => {
    expect(parseCommandLine(['link', 'p', '--seed', '2', '--set', 'a=1'])).toEqual({
      kind: 'link',
      target: 'p',
      seed: 2,
      sets: ['a=1'],
    });
    expect(parseCommandLine(['run', '--link', '#v1.x', '--out', 'o'])).toEqual({
      kind: 'run-link',
      link: '#v1.x',
      out: 'o',
      sets: [],
      facilityMonths: false,
    });
    expect(() => parseCommandLine(['run', 'p', '--link', '#v1.x', '--out', 'o'])).toThrow(/not both/);
    expect(() => parseCommandLine(['link'])).toThrow(/needs a scenario/);
    expect(() => parseCommandLine(['link', 'p', '--out', 'o'])).toThrow(/Unknown option '--out'/);
  });
});
