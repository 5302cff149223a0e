/**
 * The engine's own checks after a month (RunOptions.checkInvariants, on in tests): every number finite, no negative
 * price, quantity or stock, every refined price on its demand curve (MODEL.md §4.5), and the accounting identity
 * (§7). How far the tariff valuation stopped from its fixed point (§4.6) is not an invariant but a reported
 * diagnostic (`fixed_point_residual` in monthly.csv): where a levy flips which origin lands cheapest, the stepped
 * demand has no exact fixed point. A broken check throws with
 * the value, the place and the rule, so a failing property test says what went wrong where.
 */
import { CURVE_TOLERANCE } from './agents/demand.ts';
import type { World } from './world/world.ts';

const STAGES = ['mine', 'refine'];

/** Throws when the month just stepped breaks an invariant. */
export function checkMonth(w: World): void {
  const o = w.outcome;
  const at = (i: number) => `${w.countries.codes[i >> 1]} ${STAGES[i & 1]}, month ${w.month}`;
  for (let i = 0; i < w.countries.count * 2; i++) {
    const p = o.priceUsdPerKg[i]!;
    if (p === p && !(p >= 0 && p < Infinity)) fail(`price ${p} USD/kg at ${at(i)}`, '§5 prices are finite and >= 0');
    for (const [name, col] of [
      ['production', o.productionT],
      ['consumption', o.consumptionT],
      ['imports', o.importsT],
      ['exports', o.exportsT],
    ] as const) {
      const v = col[i]!;
      if (!(v >= 0 && v < Infinity)) fail(`${name} ${v} t at ${at(i)}`, '§3 quantities are finite and >= 0');
    }
  }
  for (let c = 0; c < w.countries.count; c++) {
    const v = o.unmetT[c]!;
    if (!(v >= 0 && v < Infinity)) fail(`unmet demand ${v} t in ${w.countries.codes[c]}, month ${w.month}`, '§4.5');
  }
  checkBalances(w);
  if (!(o.processingGap <= 1e-6)) {
    fail(
      `a refinery's refined price is ${o.processingGap} USD/kg off its concentrate price / recovery + conversion in month ${w.month}`,
      '§3 same-month price consistency',
    );
  }
  for (let i = 0; i < w.countries.count * 2; i++) {
    const level = w.stocks.levelT[i]!;
    if (!(level >= 0 && level <= w.stocks.capacityT[i]! * (1 + 1e-9) + 1e-9))
      fail(`commercial stock ${level} t at ${at(i)}`, '§4.8 stocks lie between 0 and capacity');
  }
  if (!(w.zone.stockT >= 0)) fail(`stockpile ${w.zone.stockT} t, month ${w.month}`, '§4.6 stocks are >= 0');
  if (!(w.zone.stockBookMusd >= 0) || !(w.outcome.accounts.stockpileHoldingMusd >= 0))
    fail(
      `stockpile book value ${w.zone.stockBookMusd} M$, holding cost ${w.outcome.accounts.stockpileHoldingMusd} M$, month ${w.month}`,
      '§4.6 the stockpile carries a non-negative value and cost',
    );
  const a = o.accounts;
  if (!(Math.abs(a.paidMusd - a.receivedMusd) <= 1e-6 * Math.max(1, a.paidMusd))) {
    fail(
      `buyers paid ${a.paidMusd} M$ but sellers, carriers, treasuries and licence holders received ${a.receivedMusd} M$ in month ${w.month}`,
      '§7 accounting identity',
    );
  }
  checkCfd(w);
  if (!(o.curveGap <= CURVE_TOLERANCE)) {
    const where = o.curveGapCountry >= 0 ? w.countries.codes[o.curveGapCountry] : '?';
    fail(
      `refined price in ${where}, month ${w.month}, is ${(o.curveGap * 100).toFixed(3)}% off its demand curve`,
      `§4.5 prices on the true curves (tolerance ${CURVE_TOLERANCE * 100}%)`,
    );
  }
}

/**
 * Material balance of every country and stage this month (MODEL.md §3), t: concentrate mined + imported = exported +
 * fed to refineries + fed by integrated plants to themselves + added to commercial stocks; refined produced + recycled
 * + imported + released from the public stockpile = consumed + exported + bought by the stockpile + added to
 * commercial stocks (a stock change is negative when stocks are sold).
 */
function checkBalances(w: World): void {
  const o = w.outcome;
  const sp = w.zone.stockCountry;
  // The clearing puts flows within 1e-11 of the market's largest quantity on their bounds: a small country's balance
  // can be off by that much, which is no loss of material.
  let scale = 0;
  for (let i = 0; i < w.countries.count * 2; i++) scale = Math.max(scale, o.productionT[i]!, o.consumptionT[i]!);
  for (let c = 0; c < w.countries.count; c++) {
    const conc = [
      o.productionT[c * 2]! + o.importsT[c * 2]!,
      o.exportsT[c * 2]! + o.consumptionT[c * 2]! + o.ownFeedT[c]! + o.stockChangeT[c * 2]!,
    ];
    const net = c === sp ? o.stockNetT : 0;
    const ref = [
      o.productionT[c * 2 + 1]! + o.recyclingT[c]! + o.importsT[c * 2 + 1]! + Math.max(0, -net),
      o.consumptionT[c * 2 + 1]! + o.exportsT[c * 2 + 1]! + Math.max(0, net) + o.stockChangeT[c * 2 + 1]!,
    ];
    for (const [st, [inT, outT]] of [conc, ref].entries()) {
      if (!(Math.abs(inT! - outT!) <= 1e-6 * Math.max(1, inT!) + 1e-9 * scale)) {
        fail(
          `${w.countries.codes[c]} ${STAGES[st]}, month ${w.month}: ${inT} t in (produced, recycled, imported, released) but ${outT} t out (consumed or fed, exported, stocked)`,
          '§3 material balance',
        );
      }
    }
  }
}

/**
 * The CfD's transfers this month (MODEL.md §4.6): what the payers paid equals what producers received, outlays less
 * pay-backs, to a millionth; the budget never goes below zero.
 */
function checkCfd(w: World): void {
  const o = w.outcome;
  let paid = 0;
  let received = 0;
  for (let i = 0; i < w.countries.count * 2; i++) {
    paid += o.accounts.cfdPaidMusd[i]!;
    received += o.accounts.cfdReceivedMusd[i]!;
  }
  const net = o.cfdOutlayMusd - o.cfdPaybackMusd;
  const tol = 1e-6 * Math.max(1, o.cfdOutlayMusd + o.cfdPaybackMusd);
  if (!(Math.abs(paid - net) <= tol && Math.abs(received - net) <= tol))
    fail(
      `CfD payers paid ${paid} M$ and producers received ${received} M$, but outlays less pay-backs were ${net} M$ in month ${w.month}`,
      '§4.6 CfD accounts',
    );
  if (!(w.zone.budgetLeftMusd >= -1e-9)) fail(`CfD budget ${w.zone.budgetLeftMusd} M$ in month ${w.month}`, '§4.6 CfD');
}

function fail(what: string, rule: string): never {
  throw new Error(`engine invariant broken: ${what} (MODEL.md ${rule})`);
}
