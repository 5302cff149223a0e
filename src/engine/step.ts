/**
 * A month is a fixed, named pipeline of steps (docs/ARCHITECTURE.md "The month"), each a function of the world and the month's
 * scratch. The order is the model's: events → facilities → expectations → strategist and floor → offers, bids and
 * clearing (both stages in one network) → settle → decide → invest → demand → record.
 */
import { updateDemand } from './agents/demand.ts';
import { advanceFacilities, decideFacilities } from './agents/facilities.ts';
import { invest, scarInvestors, updateExpectations } from './agents/investors.ts';
import { STOCKPILE } from './market/book.ts';
import { type ClearedStage, clearMonth } from './market/market.ts';
import { clearWithContracts, contractNetbacks, settleContracts } from './market/contracts.ts';
import { rollTrqYear } from './market/trq.ts';
import { applyEvents } from './policy/policies.ts';
import { settleFacilities, settleStage } from './market/settle.ts';
import { runStrategist } from './agents/strategist.ts';
import type { World } from './world/world.ts';
import { closeStockpileMonth } from './policy/stockpile.ts';
import { reviewFloor } from './policy/zone.ts';

/** What one month's steps hand to each other. */
export interface MonthScratch {
  mine?: ClearedStage;
  refine?: ClearedStage;
}

type Step = readonly [name: string, run: (w: World, scratch: MonthScratch) => void];

function resetOutcome(w: World): void {
  w.outcome.priceUsdPerKg.fill(NaN);
  w.outcome.productionT.fill(0);
  w.outcome.consumptionT.fill(0);
  w.outcome.importsT.fill(0);
  w.outcome.exportsT.fill(0);
  w.outcome.unmetT.fill(0);
  w.outcome.ownFeedT.fill(0);
  w.outcome.recyclingT.fill(0);
  w.outcome.stockNetT = 0;
  w.outcome.reexportT.fill(0);
  w.outcome.stockChangeT.fill(0);
  w.outcome.processingGap = 0;
  w.outcome.spendMusd.fill(0);
  w.outcome.tariffRevenueMusd = 0;
  w.outcome.tariffRevenueMemberMusd = 0;
  w.outcome.cfdOutlayMusd = w.outcome.cfdPaybackMusd = 0;
  w.outcome.stockSpendMusd = 0;
  w.outcome.stockSalesMusd = 0;
  w.outcome.curveGap = 0;
  w.outcome.curveGapCountry = -1;
  w.outcome.fobGap = 0;
  w.outcome.clearings = 0;
  const a = w.outcome.accounts;
  a.consumerSurplusMusd.fill(0);
  a.producerSurplusMusd.fill(0);
  a.governmentMusd.fill(0);
  a.lostProductionMusd.fill(0);
  a.cfdPaidMusd.fill(0);
  a.cfdReceivedMusd.fill(0);
  a.levyMusd = a.exportRentMusd = a.quotaRentMusd = a.transportMusd = a.dominantPayoffMusd = 0;
  a.paidMusd = a.receivedMusd = a.stockHoldingMusd = a.stockpileHoldingMusd = 0;
  w.strategist.supportMonthMusd = 0;
  w.outcome.flows.n = 0;
  const written = w.countries.exportRingWritten[w.month % 12]!;
  for (const i of written) w.countries.exportRingT[i] = 0;
  written.length = 0;
}

function clearBoth(w: World, x: MonthScratch): void {
  resetOutcome(w);
  [x.mine, x.refine] = clearWithContracts(w, clearMonth);
  settleStage(w, x.mine);
  settleContracts(w, x.mine);
  settleStage(w, x.refine);
  settleContracts(w, x.refine);
  rollTrqYear(w);
}

function decide(w: World, x: MonthScratch): void {
  scarInvestors(w, decideFacilities(w));
  const { book, offerSold, bidFilled } = x.refine!;
  let sold = 0;
  let bought = 0;
  for (let k = 0; k < book.offerOwner.n; k++) if (book.offerOwner.data[k] === STOCKPILE) sold += offerSold[k]!;
  for (let k = 0; k < book.bidOwner.n; k++) if (book.bidOwner.data[k] === STOCKPILE) bought += bidFilled[k]!;
  if (w.scenario.zone?.stockpile) closeStockpileMonth(w, bought, sold);
}

function carryPrices(w: World): void {
  for (let i = 0; i < w.countries.count * 2; i++)
    if (w.outcome.priceUsdPerKg[i] === w.outcome.priceUsdPerKg[i])
      w.countries.lastPriceUsdPerKg[i] = w.outcome.priceUsdPerKg[i]!;
}

/** The month's steps, in order. */
export const MONTH_STEPS: readonly Step[] = [
  ['events', (w) => applyEvents(w)],
  ['facilities', (w) => advanceFacilities(w)],
  ['expectations', (w) => updateExpectations(w)],
  ['strategist', (w) => runStrategist(w)],
  ['floor', (w) => reviewFloor(w)],
  ['clear', clearBoth],
  [
    'settle',
    (w, x) => {
      settleFacilities(w, x.mine!, x.refine!);
      contractNetbacks(w);
    },
  ],
  ['decide', decide],
  ['invest', (w) => invest(w)],
  ['prices', (w) => carryPrices(w)],
  ['demand', (w) => updateDemand(w)],
];

/** Runs one month through every step. */
export function stepMonth(w: World): MonthScratch {
  const scratch: MonthScratch = {};
  for (const [, run] of MONTH_STEPS) run(w, scratch);
  return scratch;
}
