/**
 * Robustness badges: plain sentences a policy reader can put in a briefing, each with the share of seeds it held in
 * ("The refined floor held in 94% of seeds (47 of 50)"). A badge is shown only when it means something for the
 * scenario (no floor, no floor badge); its fraction counts only the seeds where it applies.
 */
import { monthLabel } from '../scenario/months.ts';
import type { RunFacts } from './digest.ts';

/** The badges, in the order they are listed. */
export const BADGE_IDS = [
  'floor-held-refine',
  'floor-held-mine',
  'no-refinery-closed',
  'demand-met',
  'dependence-fell',
  'no-price-spike',
] as const;
export type BadgeId = (typeof BADGE_IDS)[number];

/**
 * Whose outcome a badge speaks of: the zone's members when the scenario has any (they bought or had refineries), else
 * the world (and, for closures, refineries outside the dominant supplier's country).
 */
export type BadgeScope = 'member' | 'world';

/** One badge: what held, in how many of the seeds it applies to. */
export interface Badge {
  id: BadgeId;
  scope: BadgeScope;
  /** Seeds where it held. */
  count: number;
  /** Seeds where it applies. */
  total: number;
  /** count / total. */
  fraction: number;
  /** The sentence, with its percentage and counts. */
  sentence: string;
}

/** What a badge needs of a run (a RunDigest has it). */
export interface BadgeRun {
  metrics: readonly string[];
  monthly: ArrayLike<number>;
  facts: RunFacts;
}

/** The run horizon and the thresholds; the defaults are what the sentences say. */
export interface BadgeOptions {
  /** First month, "YYYY-MM". */
  start: string;
  months: number;
  /** Closures count before the first January at least this many years after the start (default 5). */
  closureYears?: number;
  /** Demand counts as met when unmet demand is at most this share of it (default 0.01). */
  unmetShare?: number;
  /** A spike is a refined price above this multiple of its first-month level (default 2). */
  spikeFactor?: number;
  /**
   * The floor holds while the members' mean price stays within this share below it (default 0.01). The mean mixes
   * buyers paying the floor with some paying a little less (members' own output, transport), so an exact test would
   * call a floor that did its job broken.
   */
  floorTolerance?: number;
}

type Verdict = boolean | undefined;
type Rule = [BadgeId, (r: ColumnReader, facts: RunFacts) => Verdict, (share: string) => string];

/**
 * Computes the badges of an ensemble (the runs of one scenario or one sweep point, one per seed). Every badge that
 * applies to at least one run is returned, in BADGE_IDS order. The scope is `member` when any run has member demand
 * or member refineries, else `world`. Definitions (per run; "bloc" is the scope):
 * - floor-held-{refine,mine}: in every month with a floor in force and member purchases, the members' mean price was
 *   at least (1 − `floorTolerance`) × the floor. Member scope only.
 * - no-refinery-closed: no refinery of the bloc (member countries; for the world, countries other than the dominant
 *   supplier) closed before the cutoff — the first January at least `closureYears` after the start, or the end of the
 *   run if that comes first. Applies when the bloc has refineries.
 * - demand-met: the bloc's unmet refined demand over the run was at most `unmetShare` of its demand.
 * - dependence-fell: the dominant supplier's share of the bloc's refined supply was lower in the last month than in
 *   the first. Applies when that share started above zero.
 * - no-price-spike: the bloc's refined price never exceeded `spikeFactor` × its first-month level.
 */
export function robustnessBadges(runs: readonly BadgeRun[], options: BadgeOptions): Badge[] {
  const tally = new BadgeTally(options);
  for (const run of runs) tally.add(run);
  return tally.badges();
}

/**
 * Counts the badges of an ensemble one run at a time, so that a run can be let go once it is counted: the badges of
 * the runs added so far are those `robustnessBadges` gives for them, whatever order they came in. Each run is judged
 * by the rules of both scopes; which scope's counts are reported is decided at the end.
 */
export class BadgeTally {
  private readonly months: number;
  private readonly rules: Record<BadgeScope, Rule[]>;
  private readonly tallies: Record<BadgeScope, { count: number; total: number }[]>;
  private members = false;

  /** Starts an empty tally for runs of the horizon and thresholds of `options`. */
  constructor(options: BadgeOptions) {
    this.months = options.months;
    this.rules = badgeRules(options);
    this.tallies = {
      member: this.rules.member.map(() => ({ count: 0, total: 0 })),
      world: this.rules.world.map(() => ({ count: 0, total: 0 })),
    };
  }

  /** Counts one run. */
  add(run: BadgeRun): void {
    const r = new ColumnReader(run, this.months);
    if (!this.members && hasMembers(r, run.facts)) this.members = true;
    for (const scope of ['member', 'world'] as const) {
      this.rules[scope].forEach(([, judge], i) => {
        const v = judge(r, run.facts);
        if (v === undefined) return;
        const t = this.tallies[scope][i]!;
        t.total++;
        if (v) t.count++;
      });
    }
  }

  /** Returns the badges of the runs counted so far (see robustnessBadges). */
  badges(): Badge[] {
    const scope: BadgeScope = this.members ? 'member' : 'world';
    const badges: Badge[] = [];
    this.rules[scope].forEach(([id, , say], i) => {
      const { count, total } = this.tallies[scope][i]!;
      if (total === 0) return;
      badges.push({ id, scope, count, total, fraction: count / total, sentence: say(describeShare(count, total)) });
    });
    return badges;
  }
}

/** The rules of each scope, with the thresholds and the horizon of `options` in their sentences. */
function badgeRules(options: BadgeOptions): Record<BadgeScope, Rule[]> {
  const { start, months } = options;
  const unmetShare = options.unmetShare ?? 0.01;
  const spikeFactor = options.spikeFactor ?? 2;
  const tolerance = options.floorTolerance ?? 0.01;
  const below = `${Math.round(tolerance * 1000) / 10}%`;
  const cutoff = closureCutoff(start, months, options.closureYears ?? 5);
  const when =
    cutoff < months
      ? `before ${monthLabel(start, cutoff).slice(0, 4)}`
      : `during the run (${monthLabel(start, 0)} to ${monthLabel(start, months - 1)})`;
  const pct = Math.round((1 - unmetShare) * 1000) / 10;
  const closedBefore = (first: number) => first < 0 || first >= cutoff;
  return {
    member: [
      [
        'floor-held-refine',
        (r) => floorHeld(r, 'refine', tolerance),
        (s) => `The refined floor held in ${s}: members' price never fell more than ${below} below it.`,
      ],
      [
        'floor-held-mine',
        (r) => floorHeld(r, 'mine', tolerance),
        (s) => `The concentrate floor held in ${s}: members' price never fell more than ${below} below it.`,
      ],
      [
        'no-refinery-closed',
        (_, f) => (f.memberRefineries > 0 ? closedBefore(f.firstMemberRefineryClosure) : undefined),
        (s) => `No member refinery closed ${when} in ${s}.`,
      ],
      [
        'demand-met',
        (r) => demandMet(r, 'member', unmetShare),
        (s) => `Members got at least ${pct}% of the refined product they demanded in ${s}.`,
      ],
      [
        'dependence-fell',
        (r) => dependenceFell(r, 'member'),
        (s) => `The dominant supplier's share of members' refined supply ended lower than it began in ${s}.`,
      ],
      [
        'no-price-spike',
        (r) => noSpike(r, 'member', spikeFactor),
        (s) => `The members' refined price never rose above ${spikeFactor}× its first-month level in ${s}.`,
      ],
    ],
    world: [
      [
        'no-refinery-closed',
        (_, f) => (f.rivalRefineries > 0 ? closedBefore(f.firstRivalRefineryClosure) : undefined),
        (s) => `No refinery outside the dominant supplier closed ${when} in ${s}.`,
      ],
      [
        'demand-met',
        (r) => demandMet(r, 'world', unmetShare),
        (s) => `Buyers got at least ${pct}% of the refined product they demanded in ${s}.`,
      ],
      [
        'dependence-fell',
        (r) => dependenceFell(r, 'world'),
        (s) => `The dominant supplier's share of world refined output ended lower than it began in ${s}.`,
      ],
      [
        'no-price-spike',
        (r) => noSpike(r, 'world', spikeFactor),
        (s) => `The world refined price never rose above ${spikeFactor}× its first-month level in ${s}.`,
      ],
    ],
  };
}

/** Says "94% of seeds (47 of 50)"; never rounds to 100% or 0% unless it is exactly that. */
export function describeShare(count: number, total: number): string {
  const exact = (100 * count) / total;
  let p = String(Math.round(exact));
  if (count < total && p === '100') p = '>99';
  if (count > 0 && p === '0') p = '<1';
  return `${p}% of seeds (${count} of ${total})`;
}

/** Returns the month index of the first January at least `years` after `start`. */
export function closureCutoff(start: string, months: number, years: number): number {
  const month0 = Number(start.slice(5, 7));
  const toJanuary = month0 === 1 ? 0 : 13 - month0;
  return Math.min(months, toJanuary + 12 * years);
}

/** Reads a run's monthly columns by name; a column the run lacks reads as all-empty. */
class ColumnReader {
  private readonly at: Map<string, number>;
  constructor(
    private readonly run: BadgeRun,
    readonly months: number,
  ) {
    this.at = new Map(run.metrics.map((m, j) => [m, j]));
  }
  /** Returns the value of `metric` in month `m`, NaN when empty or missing. */
  get(metric: string, m: number): number {
    return this.series(metric)(m);
  }

  /** Returns the values of `metric` by month (NaN when empty or missing), its column looked up once. */
  series(metric: string): (m: number) => number {
    const j = this.at.get(metric);
    if (j === undefined) return () => NaN;
    const { monthly, metrics } = this.run;
    const k = metrics.length;
    return (m) => monthly[m * k + j]!;
  }
}

function floorHeld(r: ColumnReader, stage: 'mine' | 'refine', tolerance: number): Verdict {
  let applies = false;
  const floorAt = r.series(`floor_${stage}`);
  const priceAt = r.series(`price_${stage}_member`);
  for (let m = 0; m < r.months; m++) {
    const floor = floorAt(m);
    const price = priceAt(m);
    if (!(floor === floor && price === price)) continue;
    applies = true;
    if (price < floor * (1 - tolerance)) return false;
  }
  return applies ? true : undefined;
}

function hasMembers(r: ColumnReader, facts: RunFacts): boolean {
  if (facts.memberRefineries > 0) return true;
  const consumption = r.series('consumption_refine_member');
  const unmet = r.series('unmet_refine_member');
  for (let m = 0; m < r.months; m++) if (consumption(m) > 0 || unmet(m) > 0) return true;
  return false;
}

function demandMet(r: ColumnReader, bloc: BadgeScope, share: number): Verdict {
  let unmet = 0;
  let served = 0;
  const unmetAt = r.series(`unmet_refine_${bloc}`);
  const consumptionAt = r.series(`consumption_refine_${bloc}`);
  for (let m = 0; m < r.months; m++) {
    const u = unmetAt(m);
    const c = consumptionAt(m);
    if (u === u) unmet += u;
    if (c === c) served += c;
  }
  const demand = unmet + served;
  return demand > 0 ? unmet <= share * demand : undefined;
}

function dependenceFell(r: ColumnReader, bloc: BadgeScope): Verdict {
  const first = r.get(`dominant_share_refine_${bloc}`, 0);
  const last = r.get(`dominant_share_refine_${bloc}`, r.months - 1);
  return first > 0 && last === last ? last < first : undefined;
}

function noSpike(r: ColumnReader, bloc: BadgeScope, factor: number): Verdict {
  const priceAt = r.series(`price_refine_${bloc}`);
  const p0 = priceAt(0);
  if (!(p0 > 0)) return undefined;
  for (let m = 1; m < r.months; m++) if (priceAt(m) > factor * p0) return false;
  return true;
}
