import { describe, expect, it } from 'vitest';
import { type BadgeRun, closureCutoff, describeShare, robustnessBadges } from '../../src/ensemble/badges.ts';

const METRICS = [
  'price_refine_member',
  'floor_refine',
  'consumption_refine_member',
  'unmet_refine_member',
  'dominant_share_refine_member',
];

/** A 4-month run with these member prices, a floor of 50, and the given unmet demand, shares and first closure. */
function run(prices: number[], opts: { unmet?: number; share?: [number, number]; closure?: number } = {}): BadgeRun {
  const monthly = new Float64Array(4 * METRICS.length);
  prices.forEach((p, m) => {
    const share = m === 0 ? (opts.share?.[0] ?? 0.8) : m === 3 ? (opts.share?.[1] ?? 0.7) : 0.75;
    monthly.set([p, 50, 100, m === 0 ? (opts.unmet ?? 0) : 0, share], m * METRICS.length);
  });
  return {
    metrics: METRICS,
    monthly,
    facts: {
      memberRefineries: 2,
      firstMemberRefineryClosure: opts.closure ?? -1,
      rivalRefineries: 3,
      firstRivalRefineryClosure: -1,
    },
  };
}

describe('robustnessBadges', () => {
  it('counts, per badge, the seeds where it held, with hand-checkable numbers', () => {
    const runs = [
      run([60, 55, 49.6, 70]), // within 1% of the floor: it held
      run([60, 49, 50, 130], { closure: 1 }),
      run([60, 55, 52, 58], { unmet: 50, share: [0.8, 0.9] }),
      run([60, 60, 60, 60], { closure: 3 }),
    ];
    const badges = robustnessBadges(runs, { start: '2024-01', months: 4, closureYears: 5 });
    expect(badges.map((b) => [b.id, b.count, b.total])).toEqual([
      ['floor-held-refine', 3, 4],
      ['no-refinery-closed', 2, 4],
      ['demand-met', 3, 4],
      ['dependence-fell', 3, 4],
      ['no-price-spike', 3, 4],
    ]);
    expect(badges[0]!.sentence).toBe(
      "The refined floor held in 75% of seeds (3 of 4): members' price never fell more than 1% below it.",
    );
    expect(badges[1]!.sentence).toBe(
      'No member refinery closed during the run (2024-01 to 2024-04) in 50% of seeds (2 of 4).',
    );
  });

  it('names the cutoff year when the run is long enough, and counts closures only before it', () => {
    const runs = [run([60, 60, 60, 60], { closure: 3 })];
    const [, closed] = robustnessBadges(runs, { start: '2025-01', months: 240, closureYears: 5 });
    expect(closed!.sentence).toBe('No member refinery closed before 2030 in 0% of seeds (0 of 1).');
    expect(closureCutoff('2025-01', 240, 5)).toBe(60);
    expect(closureCutoff('2024-07', 240, 5)).toBe(66);
    const late = robustnessBadges([run([60, 60, 60, 60], { closure: 70 })], { start: '2025-01', months: 240 });
    expect(late.find((b) => b.id === 'no-refinery-closed')!.count).toBe(1);
  });

  it('leaves out badges that do not apply: no floor, no member refineries', () => {
    const r = run([60, 60, 60, 60]);
    const j = METRICS.indexOf('floor_refine');
    for (let m = 0; m < 4; m++) (r.monthly as Float64Array)[m * METRICS.length + j] = NaN;
    r.facts.memberRefineries = 0;
    const ids = robustnessBadges([r], { start: '2024-01', months: 4 }).map((b) => b.id);
    expect(ids).toEqual(['demand-met', 'dependence-fell', 'no-price-spike']);
  });

  it('speaks of the world when the scenario has no zone members', () => {
    const metrics = [
      'price_refine_world',
      'consumption_refine_world',
      'unmet_refine_world',
      'dominant_share_refine_world',
      'consumption_refine_member',
    ];
    const world = (prices: number[], rivalClosure: number): BadgeRun => ({
      metrics,
      monthly: Float64Array.from(prices.flatMap((p, m) => [p, 100, 0, m === 3 ? 0.6 : 0.7, NaN])),
      facts: {
        memberRefineries: 0,
        firstMemberRefineryClosure: -1,
        rivalRefineries: 4,
        firstRivalRefineryClosure: rivalClosure,
      },
    });
    const badges = robustnessBadges([world([10, 12, 25, 11], 2), world([10, 11, 12, 13], -1)], {
      start: '2024-01',
      months: 4,
    });
    expect(badges.map((b) => [b.id, b.scope, b.count, b.total])).toEqual([
      ['no-refinery-closed', 'world', 1, 2],
      ['demand-met', 'world', 2, 2],
      ['dependence-fell', 'world', 2, 2],
      ['no-price-spike', 'world', 1, 2],
    ]);
    expect(badges[0]!.sentence).toBe(
      'No refinery outside the dominant supplier closed during the run (2024-01 to 2024-04) in 50% of seeds (1 of 2).',
    );
    expect(badges[3]!.sentence).toBe(
      'The world refined price never rose above 2× its first-month level in 50% of seeds (1 of 2).',
    );
  });

  it('never rounds a share to 100% or 0% unless it is exact', () => {
    expect(describeShare(199, 200)).toBe('>99% of seeds (199 of 200)');
    expect(describeShare(1, 300)).toBe('<1% of seeds (1 of 300)');
    expect(describeShare(47, 50)).toBe('94% of seeds (47 of 50)');
  });
});
