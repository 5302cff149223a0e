/**
 * `scenarios/variants/rare-earths-zone-2026-offtakes.json` (MODEL.md §4.7): the zone preset with the Lynas–JARE offtake
 * and the DoD–MP floor. Without contracts Japan's NdPr comes mostly from Lynas' Malaysian plant, but when China floods in
 * the year after a retaliation lifts (with the flood's patience at 36 months) it supplies most of it; with the offtake
 * China supplies almost none, Lynas delivers its 5,000 t a year at $110/kg or more, and the run keeps its balances and
 * its accounting identity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { catalog, preset } from './preset-catalog.ts';

const file = join(import.meta.dirname, '..', '..', 'scenarios', 'variants', 'rare-earths-zone-2026-offtakes.json');

/** China's share of the refined tonnes delivered to Japan in calendar year `year` (0 = the first). */
function chinaShareOfJapan(r: RunResult, year: number): number {
  const codes = r.meta.countries.map((c) => c.code);
  const [chn, jpn] = [codes.indexOf('CHN'), codes.indexOf('JPN')];
  const b = r.buffers;
  let all = 0;
  let china = 0;
  for (let k = 0; k < b.flowMonth.length; k++) {
    const m = b.flowMonth[k]!;
    if (m < year * 12 || m >= year * 12 + 12 || b.flowStage[k] !== 1 || b.flowTo[k] !== jpn) continue;
    all += b.flowTonnes[k]!;
    if (b.flowOrigin[k] === chn) china += b.flowTonnes[k]!;
  }
  return china / all;
}

describe('rare-earths-zone-2026 with its real offtakes', () => {
  const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')), catalog);
  if (!parsed.ok) throw new Error(parsed.error.map((p) => `${p.path}: ${p.message}`).join('; '));
  const withContracts = runScenario(parsed.value, { checkInvariants: true });
  // Since engine 0.2.0-alpha.15 the preset's flood of 2028-10 is abandoned when the retaliation lifts in 2030-10 (it
  // pushed no rival plant out in 24 months), and China takes none of Japan's NdPr. With the flood's patience at 36
  // months, the control's maximum, China floods until 2031-10 and takes most of Japan's NdPr in 2031 without contracts.
  const patient = (s: Scenario): Scenario => ({ ...s, dominant: { ...s.dominant!, floodPatienceMonths: 36 } });
  const floodWith = runScenario(patient(parsed.value));
  const floodWithout = runScenario(patient(preset('rare-earths-zone-2026')));

  it('keeps China out of Japan’s supply in the years it would take it', () => {
    // The years in which China supplies most of Japan's refined product without contracts: after a retaliation lifts,
    // when the dominant floods (2031 on engine 0.2.0-alpha.15, with the flood's patience at 36 months).
    const years = [...Array(floodWithout.meta.months / 12).keys()].filter(
      (y) => chinaShareOfJapan(floodWithout, y) > 0.5,
    );
    expect(years.length).toBeGreaterThan(0);
    for (const year of years) {
      expect(chinaShareOfJapan(floodWith, year), `${2026 + year} with`).toBeLessThan(0.05);
    }
  });

  it('delivers Lynas’ 5,000 t a year to Japan at $110/kg or more, with a start event for each contract', () => {
    const b = withContracts.buffers;
    const k = withContracts.meta.contracts!.indexOf('lynas-jare');
    let t = 0;
    for (let i = 0; i < b.flowMonth.length; i++) {
      if (b.flowContract[i] !== k || b.flowMonth[i]! < 36 || b.flowMonth[i]! >= 48) continue;
      t += b.flowTonnes[i]!;
      expect((b.flowSellerValue[i]! * 1000) / b.flowTonnes[i]!).toBeGreaterThanOrEqual(110 - 1e-9);
    }
    expect(t).toBeCloseTo(5000, 6);
    const starts = withContracts.events.filter((e) => e.rule === '4.7 contract' && /starts/.test(e.detail));
    expect(starts.map((e) => e.agent).sort()).toEqual(['dod-mp', 'lynas-jare']);
  });
});
