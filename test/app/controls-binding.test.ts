/**
 * What binds instead of a control (src/app/controls/binding.ts), on the teaching presets where a moved control used to
 * change nothing: the stockpile's release limit above its ration over the declared disruption (export-ban-stockpile),
 * the adaptive strategy where rivals never reach the tolerated share (export-ban), and a levy or a contract for
 * difference without a floor. Hand numbers: 16,250 t of storage over a 24-month disruption is 677 t a month.
 */
import { describe, expect, it } from 'vitest';
import {
  adaptiveIdle,
  mechanismRemark,
  noReleaseRemark,
  releaseRation,
  releaseRemark,
  rivalShareSeen,
  scheduledDisruptions,
} from '../../src/app/controls/binding.ts';
import type { ControlSpec, ValueOf } from '../../src/app/controls/control-types.ts';
import { buildControls } from '../../src/app/controls/controls-spec.ts';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import type { ControlValue } from '../../src/state/store.ts';
import { preset } from '../scenarios/preset-catalog.ts';

function setup(id: string) {
  const scenario = preset(id);
  const specs = buildControls(scenario, id);
  const spec = (c: string): ControlSpec => specs.find((s) => s.id === c)!;
  const at =
    (moved: Record<string, ControlValue> = {}): ValueOf =>
    (c) =>
      moved[c] ?? spec(c).defaultValue;
  return { scenario, spec, at };
}

function run(s: Scenario, sets: string[]) {
  const r = applyOverrides(s, sets);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return runScenario(r.value);
}

describe('the stockpile’s release limit and its ration over a declared disruption', () => {
  const { scenario, spec, at } = setup('export-ban-stockpile');

  it('finds the disruptions the preset schedules: the declared one and the ban’s, 24 months each from 2026-01', () => {
    expect(scheduledDisruptions(scenario, at())).toEqual([
      { from: 12, months: 24, why: 'the declared disruption' },
      { from: 12, months: 24, why: 'the export ban' },
    ]);
    // The ban moved to the first month: a cut measured on last year's exports starts in month 1, until 2028-01.
    expect(scheduledDisruptions(scenario, at({ 'export-ban': 0 }))[1]).toEqual({
      from: 1,
      months: 35,
      why: 'the export ban',
    });
  });

  it('bounds the release at storage / months of the disruption, rounded up to 10 t: 16,250 / 24 → 680 t a month', () => {
    expect(releaseRation(scenario, at())).toMatchObject({ boundT: 680, storageT: 16_250 });
    expect(releaseRation(scenario, at({ 'stockpile-capacity': 24_000 }))?.boundT).toBe(1000);
  });

  it('stops the slider at the preset’s limit (above the ration) instead of three times it, and says what binds', () => {
    const release = spec('stockpile-max-release');
    expect(release.defaultValue).toBe(2700);
    expect(release.range?.(at())).toEqual({ min: 0, max: 2700 });
    expect(release.remark?.(2700, at())).toMatch(
      /^The ration binds: during the declared disruption \(24 months from 2026-01\).*16,250 t \/ 24 ≈ 680 t a month.*release price \(\$80\/kg\)\. Lower it below 680 t a month/,
    );
    expect(release.remark?.(500, at())).toBeNull();
    expect(releaseRemark(scenario, at(), 680)).toBeNull();
  });

  it('leaves the release limit’s range alone where no disruption is scheduled', () => {
    const zone = setup('rare-earths-zone-2026');
    expect(releaseRation(zone.scenario, zone.at())).toBeNull();
    expect(zone.spec('stockpile-max-release').range?.(zone.at())).toEqual({ min: 0, max: 1000 });
  });
});

describe('the adaptive strategy where rivals never reach the tolerated share', () => {
  const { scenario, spec, at } = setup('export-ban');
  const adaptive = run(scenario, ['dominant.strategy=adaptive']);

  it('reads the largest rivals’ share the strategist weighed, skipping the ban’s restrict months', () => {
    const seen = rivalShareSeen(adaptive, 'refine')!;
    // 2027-12, the ban's last month, weighed in 2028-01 when the strategist competes again.
    expect(seen.month).toBe(35);
    expect(seen.share).toBeGreaterThan(0.1);
    expect(seen.share).toBeLessThan(0.12);
  });

  it('says adaptive acts as scripted here, why, and what would make it act', () => {
    const moved = at({ strategy: 'adaptive' });
    const remark = spec('strategy').remark?.('adaptive', moved, adaptive);
    expect(remark).toMatch(/^Here it acts exactly as scripted: .*tolerated 25% .*at most 11\.\d%, in 2027-12.*Lower/);
    expect(spec('tolerated-share').remark?.(0.25, moved, adaptive)).toMatch(/^No flood in this run/);
    // Scripted, or before any run of this preset, it says nothing.
    expect(spec('strategy').remark?.('scripted', at(), adaptive)).toBeNull();
    expect(adaptiveIdle(scenario, moved, null)).toBeNull();
  });

  it('says nothing once adaptive acts: a tolerated share under the rivals’ share, or a floor to retaliate against', () => {
    const lower = at({ strategy: 'adaptive', 'tolerated-share': 0.11 });
    const flooding = run(scenario, ['dominant.strategy=adaptive', 'dominant.toleratedRivalShare=0.11']);
    expect(flooding.events.some((e) => e.rule === '4.4 flood')).toBe(true);
    expect(adaptiveIdle(scenario, lower, flooding)).toBeNull();
    expect(adaptiveIdle(scenario, lower, adaptive)).toBeNull();
    expect(adaptiveIdle(scenario, at({ strategy: 'adaptive', 'floor-refine': 100 }), adaptive)).toBeNull();
  });

  it('says nothing on a preset whose own strategy is adaptive', () => {
    const zone = setup('rare-earths-zone-2026');
    expect(adaptiveIdle(zone.scenario, zone.at(), adaptive)).toBeNull();
  });
});

describe('a levy or a contract for difference without a floor', () => {
  const { scenario, at } = setup('export-ban');

  it('says the levy charges nothing and the contract pays nothing until a floor is set', () => {
    expect(mechanismRemark(scenario, at())).toMatch(/^There is no floor here, so the levy charges nothing/);
    expect(mechanismRemark(scenario, at({ mechanism: 'cfd' }))).toMatch(/the contract pays nothing/);
    expect(mechanismRemark(scenario, at({ mechanism: 'tariff' }))).toBeNull();
    expect(mechanismRemark(scenario, at({ 'floor-refine': 60 }))).toBeNull();
  });
});

describe('noReleaseRemark', () => {
  const zone = preset('rare-earths-zone-2026');
  const run = (sales: number) => ({ kpis: { stockpile_sales_musd: sales } }) as unknown as RunResult;

  it('says the release limit changes nothing in a run where the stockpile sold nothing', () => {
    expect(noReleaseRemark(zone, run(0))).toMatch(/sold nothing in this run/);
  });

  it('is silent before the first run, once the stockpile sells, and without a stockpile', () => {
    expect(noReleaseRemark(zone, null)).toBeNull();
    expect(noReleaseRemark(zone, run(12.5))).toBeNull();
    expect(noReleaseRemark(preset('rare-earths-2024'), run(0))).toBeNull();
  });
});
