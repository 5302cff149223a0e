/**
 * The dominant supplier's retaliation against the zone (MODEL.md §4.4): a trigger strategy that does not compound.
 * When the zone's burden on its exports of the focus stage exceeds `retaliationTrigger`, exports to members are held, at
 * each stage with something to cut, to (1 − retaliationCut) × the pre-dispute basis for `retaliationMonths`. At expiry
 * the cut lifts; it may fire again only `forgiveMonths` later, and only if the burden is still above the trigger. Each
 * firing declares a disruption for the zone's stockpile.
 *
 * The pre-dispute basis is measured against trade in a reference period the dispute has not touched, as trade
 * remedies are: a safeguard quota may not cut imports below their average in a recent *representative* period (WTO
 * Agreement on Safeguards Art. 5.1; GATT Art. XIII:2(d), "a previous representative period"), a suspension of
 * concessions is sized on the trade the measure impaired, and China's 2010 rare-earth export quotas were cuts from the
 * export levels of the years before. Here, per destination and stage, fixed at the first trigger, it is the larger of:
 * - the mean monthly exports in the 12 months before the first retaliation (what "halve exports" says at first sight);
 * - for a country that had joined the zone by then, the mean monthly exports in the 12 months before it joined: the
 *   zone's levy can only have lowered the dominant's sales to it, so when it had cut them (to nothing, under a floor
 *   member plants can meet) the trade before the zone is the representative level. A later member brings its
 *   pre-dispute exports (the 12 months before the first retaliation, when it was outside the zone).
 * A cut is sized on the sum over the countries that are members when it fires, so it is never sized on exports an
 * earlier cut reduced. A stage with a zero basis gets no quota (half of nothing is not a ban), and a retaliation with
 * nothing to cut at either stage is not declared.
 */
import { monthLabel } from '../../scenario/months.ts';
import { recentExportsTo } from '../policy/policies.ts';
import { Mode, type World, emit } from '../world/world.ts';

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const STAGE_NAMES = ['concentrate', 'refined'];

/** Returns the pre-dispute basis of a cut at stage st, t/month: the basis of the countries now members, summed. */
export function retaliationBasis(w: World, st: number): number {
  let sum = 0;
  for (let b = 0; b < w.countries.count; b++)
    if (w.countries.member[b] === 1) sum += w.strategist.retaliationBasisT[b * 2 + st]!;
  return sum;
}

/** Fixes the per-destination basis at the first trigger (see the module's comment). */
function fixBasis(w: World): void {
  const s = w.strategist;
  for (let b = 0; b < w.countries.count; b++) {
    for (const st of [0, 1]) {
      const i = b * 2 + st;
      const recent = recentExportsTo(w, w.countries.dominant, b, st);
      const before = s.preZoneExportsT[i]!;
      s.retaliationRecentT[i] = recent;
      // NaN (not joined by now) never wins: a later member's basis is its pre-dispute exports.
      s.retaliationBasisT[i] = before > recent ? before : recent;
    }
  }
}

/** Describes a stage's basis and quota for the event: which reference period set it, and why. */
function describeStage(w: World, st: number, quotaT: number): string {
  const s = w.strategist;
  const t = (x: number) => x.toFixed(1);
  let recent = 0;
  let members = 0;
  let fromZone = 0;
  for (let b = 0; b < w.countries.count; b++) {
    if (w.countries.member[b] !== 1) continue;
    members++;
    recent += s.retaliationRecentT[b * 2 + st]!;
    if (s.retaliationBasisT[b * 2 + st]! > s.retaliationRecentT[b * 2 + st]!) fromZone++;
  }
  const name = STAGE_NAMES[st]!;
  const basis = retaliationBasis(w, st);
  if (!(basis > 0))
    return `${name}: none to members in either period, nothing to cut, so no quota (half of nothing is not a ban)`;
  if (fromZone === 0)
    return `${name} ${t(basis)} t a month from the 12 months before the dispute, quota ${t(quotaT)} t`;
  return `${name} ${t(basis)} t a month, against ${t(recent)} t in the 12 months before the dispute: for ${fromZone} of ${members} members the 12 months before they joined the zone count instead, as the zone's levy had since cut the dominant's sales to them; quota ${t(quotaT)} t`;
}

/** Step 3b's last part: lifts a retaliation at expiry and fires one when the zone's burden exceeds the trigger. */
export function retaliate(w: World, focus: number): void {
  const d = w.scenario.dominant!;
  const zone = w.scenario.zone;
  const s = w.strategist;
  if (s.retaliationUntil >= 0 && w.month >= s.retaliationUntil) {
    s.retaliationUntil = -1;
    s.retaliationLiftedMonth = w.month;
    emit(
      w,
      'restriction',
      'dominant',
      w.countries.dominant,
      `The retaliation against the zone lifts after ${d.retaliationMonths} months; it may fire again from ${monthLabel(w.scenario.start, w.month + d.forgiveMonths)} (forgiveness ${d.forgiveMonths} months) if the zone's tariffs are still above the trigger.`,
      '4.4 retaliation',
    );
  }
  // A year of exports is needed to size the cut.
  if (d.strategy !== 'adaptive' || !zone || w.month < 12 || s.retaliationUntil >= 0) return;
  if (s.retaliationLiftedMonth >= 0 && w.month < s.retaliationLiftedMonth + d.forgiveMonths) return;
  const ask = s.exportAskUsdPerKg[focus]!;
  if (!(ask > 0)) return;
  const floor = w.zone.floorUsdPerKg[focus]!;
  // Capturing the levy, it pays none: the zone's levy is its own rent then.
  const levy = zone.variableLevy && floor === floor && !d.captureLevy ? Math.max(0, floor - ask) : 0;
  const burden = (levy + zone.fixedTariff * ask) / ask;
  if (burden <= d.retaliationTrigger) return;
  if (s.retaliationFirstMonth < 0) {
    s.retaliationFirstMonth = w.month;
    fixBasis(w);
  }
  const since = monthLabel(w.scenario.start, s.retaliationFirstMonth);
  const basis = [0, 1].map((st) => retaliationBasis(w, st));
  if (!(basis[0]! > 0) && !(basis[1]! > 0)) {
    if (!s.retaliationVoidLogged) {
      s.retaliationVoidLogged = true;
      emit(
        w,
        'restriction',
        'dominant',
        w.countries.dominant,
        `The zone's tariffs reach ${pct(burden)} of its export ask (trigger ${pct(d.retaliationTrigger)}), but it sold members nothing in the 12 months before the dispute (to ${since}) nor in the 12 months before they joined the zone: there is nothing to cut, and no retaliation is declared.`,
        '4.4 retaliation',
      );
    }
    return;
  }
  const until = w.month + d.retaliationMonths;
  s.retaliationUntil = until;
  const quota = basis.map((b) => (1 - d.retaliationCut) * b);
  for (const st of [0, 1]) {
    if (!(basis[st]! > 0)) continue;
    w.policies.restrictions.push({
      exporter: w.countries.dominant,
      stage: st,
      dest: 'member',
      quotaT: quota[st]!,
      until,
      source: 'retaliation',
    });
  }
  emit(
    w,
    'restriction',
    'dominant',
    w.countries.dominant,
    `The zone's tariffs reach ${pct(burden)} of its export ask (trigger ${pct(d.retaliationTrigger)}): exports to members cut by ${pct(d.retaliationCut)} of the pre-dispute basis for ${d.retaliationMonths} months, to ${monthLabel(w.scenario.start, until)}. Basis (per member, the larger of its mean monthly imports from the dominant in the 12 months before the first retaliation, to ${since}, and in the 12 months before it joined the zone): ${describeStage(w, 1, quota[1]!)}; ${describeStage(w, 0, quota[0]!)}.`,
    '4.4 retaliation',
  );
  w.zone.disruptionUntil = Math.max(w.zone.disruptionUntil, until);
  emit(
    w,
    'policy',
    'zone',
    -1,
    `A supply disruption is declared for ${d.retaliationMonths} months (the dominant supplier's retaliation): the stockpile may release.`,
    '4.6 stockpile',
  );
  if (s.mode !== Mode.restrict) {
    s.modeBeforeRestrict = s.mode;
    s.mode = Mode.restrict;
    const detail = 'Retaliation against the zone: restrict exports to members.';
    emit(w, 'mode', 'dominant', w.countries.dominant, detail, '4.4 restrict');
  }
}
