/**
 * The facility life cycle (MODEL.md §4.2):
 * project → construction (lead time) → ramp-up (capacity rises linearly) → operating ⇄ idle → closed.
 *
 * Timers hold absolute month indices: `fTimer` is when construction or ramp-up ends, `fRestart` when a restart
 * completes. Each facility draws exactly two uniforms from its own stream `outage:<id>` every month, used or not, so
 * its draws never depend on the rest of the world.
 */
import { log as dLog } from '../../lib/dmath.ts';
import { monthLabel } from '../../scenario/months.ts';
import {
  KIND_MINE,
  KIND_REFINE,
  S_CLOSED,
  S_CONSTRUCTION,
  S_IDLE,
  S_OPERATING,
  S_RAMP,
  type World,
  emit,
  isStrategist,
} from '../world/world.ts';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

/** Step 2: advances construction, ramp-up, restarts and outages; sets each facility's available capacity (t/yr). */
export function advanceFacilities(w: World): void {
  const rules = w.s.facilityRules;
  for (let f = 0; f < w.F; f++) {
    const stream = w.fStreams[f]!;
    const u = stream();
    const ud = stream();
    w.fOutput[f] = 0;
    w.fFeed[f] = 0;
    w.fAvail[f] = 0;
    const state = w.fState[f]!;
    if (state === S_CONSTRUCTION && w.m >= w.fTimer[f]!) {
      w.fState[f] = S_RAMP;
      w.fTimer[f] = w.m + w.fRampMonths[f]!;
      w.fCommissioned[f] = w.m;
      emit(
        w,
        'commissioned',
        w.fId[f]!,
        w.fCountry[f]!,
        `Construction finished; ramping up over ${w.fRampMonths[f]} months.`,
        '4.2 commissioning',
      );
    }
    if (w.fState[f] === S_RAMP && w.m >= w.fTimer[f]!) w.fState[f] = S_OPERATING;
    if (w.fState[f] === S_IDLE && w.fRestart[f]! > 0 && w.m >= w.fRestart[f]!) {
      w.fState[f] = S_OPERATING;
      w.fRestart[f] = 0;
      w.fIdleSpell[f] = 0;
      w.fBelow[f] = 0;
      emit(w, 'restart', w.fId[f]!, w.fCountry[f]!, 'Back in operation after its restart.', '4.2 restart');
    }
    const now = w.fState[f]!;
    if (now !== S_OPERATING && now !== S_RAMP) continue;
    if (w.fOutage[f]! > 0) {
      w.fOutage[f]!--;
      continue;
    }
    if (u < rules.outageProbability) {
      const months = Math.max(1, Math.round(-dLog(1 - ud) * rules.outageMonths));
      w.fOutage[f] = months - 1;
      emit(
        w,
        'outage',
        w.fId[f]!,
        w.fCountry[f]!,
        `Unplanned outage of ${months} month${months > 1 ? 's' : ''}.`,
        '4.2 outage',
      );
      continue;
    }
    const ramp = w.fRampMonths[f]!;
    const frac = now === S_RAMP && ramp > 0 ? Math.min(1, (w.m - (w.fTimer[f]! - ramp) + 1) / (ramp + 1)) : 1;
    w.fAvail[f] = w.fCap[f]! * frac;
  }
}

/**
 * Step 7: private decisions after the month is settled — idle after `idleAfter` months below cash cost, restart after
 * `restartAfter` months above cost × (1 + restartHurdle), close on bankruptcy (cash < −maxLoss) or after `maxIdle` idle
 * months. The strategist's facilities and state facilities with support left do not idle or close.
 * Returns the stages (bit 0 mine, bit 1 refine) in which a closure followed a price collapse, for the investors' scar.
 */
export function decideFacilities(w: World): number {
  const rules = w.s.facilityRules;
  let scarred = 0;
  for (let f = 0; f < w.F; f++) {
    const state = w.fState[f]!;
    if (state !== S_OPERATING && state !== S_RAMP && state !== S_IDLE) continue;
    if (isStrategist(w, f)) continue;
    const c = w.fCountry[f]!;
    if (w.fOwner[f] === 1 && c !== w.dominant && w.supportLeft[c]! > 0) continue;
    const st = w.fKind[f] === KIND_MINE ? 0 : 1;
    const cost = w.fCost[f]! - w.subsidy[c * 2 + st]!;
    const netback = w.fNetback[f]!;
    const id = w.fId[f]!;
    if (w.fCash[f]! < -rules.maxLossMusd) {
      close(
        w,
        f,
        `Bankrupt: cash ${fmt(w.fCash[f]!)} M$ is below the −${rules.maxLossMusd} M$ limit after losses at a netback of $${fmt(netback)}/kg against a cash cost of $${fmt(cost)}/kg.`,
        '4.2 bankruptcy',
      );
      if (c !== w.dominant) scarred |= 1 << st;
      continue;
    }
    if (state !== S_IDLE) {
      // A refinery that could buy no concentrate earns nothing: it counts as a month below cost.
      const starved = w.fKind[f] === KIND_REFINE && w.fFeed[f] === 0 && w.fAvail[f]! > 0;
      // A netback equal to the cash cost (to rounding: a refinery whose bid gave away its margin) covers it.
      const below = netback < cost - 1e-6 * Math.max(1, Math.abs(cost));
      w.fBelow[f] = below || starved ? w.fBelow[f]! + 1 : 0;
      if (w.fBelow[f]! >= rules.idleAfter && starved && netback >= cost) {
        w.fState[f] = S_IDLE;
        w.fIdleSpell[f] = 0;
        w.fAbove[f] = 0;
        emit(
          w,
          'idle',
          id,
          c,
          `No concentrate to refine for ${w.fBelow[f]} months (bids outbid or supply cut): care and maintenance.`,
          '4.2 idle',
        );
      } else if (w.fBelow[f]! >= rules.idleAfter) {
        w.fState[f] = S_IDLE;
        w.fIdleSpell[f] = 0;
        w.fAbove[f] = 0;
        emit(
          w,
          'idle',
          id,
          c,
          `Netback $${fmt(netback)}/kg below its cash cost $${fmt(cost)}/kg for ${w.fBelow[f]} months: care and maintenance.`,
          '4.2 idle',
        );
      }
      continue;
    }
    w.fIdleSpell[f]!++;
    w.fIdleTotal[f]!++;
    if (w.fIdleSpell[f]! >= rules.maxIdle) {
      close(
        w,
        f,
        `Idle for ${w.fIdleSpell[f]} months (limit ${rules.maxIdle}) without prices to restart: closed for good.`,
        '4.2 max idle',
      );
      if (c !== w.dominant) scarred |= 1 << st;
      continue;
    }
    if (w.fRestart[f]! > 0) continue;
    const hurdle = cost * (1 + rules.restartHurdle);
    w.fAbove[f] = netback > hurdle ? w.fAbove[f]! + 1 : 0;
    if (w.fAbove[f]! >= rules.restartAfter) {
      w.fCash[f]! -= rules.restartCostMusd;
      w.fRestart[f] = w.m + Math.max(1, rules.restartMonths);
      w.fAbove[f] = 0;
      emit(
        w,
        'restart',
        id,
        c,
        `Netback $${fmt(netback)}/kg above the restart hurdle $${fmt(hurdle)}/kg for ${rules.restartAfter} months: restart decided (${rules.restartCostMusd} M$, back in ${Math.max(1, rules.restartMonths)} months, ${monthLabel(w.s.start, w.fRestart[f]!)}).`,
        '4.2 restart',
      );
    }
  }
  return scarred;
}

function close(w: World, f: number, detail: string, rule: string): void {
  w.fState[f] = S_CLOSED;
  w.fClosed[f] = w.m;
  emit(w, 'closed', w.fId[f]!, w.fCountry[f]!, detail, rule);
}
