/** Input checks for clearMarket: a malformed problem is a bug upstream, so it throws with the offending value. */
import type { ClearingProblem } from './problem.ts';

/** Throws unless `p` has consistent sizes, node indices in range, finite non-negative steps and no NaN route cost. */
export function validateClearingProblem(p: ClearingProblem): void {
  const { sellers: S, buyers: B, nOffers, nBids } = p;
  if (!(Number.isInteger(S) && S >= 0)) fail(`sellers = ${S}`);
  if (!(Number.isInteger(B) && B >= 0)) fail(`buyers = ${B}`);
  if (!(Number.isInteger(nOffers) && nOffers >= 0)) fail(`nOffers = ${nOffers}`);
  if (!(Number.isInteger(nBids) && nBids >= 0)) fail(`nBids = ${nBids}`);
  checkLength('offerSeller', p.offerSeller.length, nOffers);
  checkLength('offerAsk', p.offerAsk.length, nOffers);
  checkLength('offerQty', p.offerQty.length, nOffers);
  checkLength('bidBuyer', p.bidBuyer.length, nBids);
  checkLength('bidPrice', p.bidPrice.length, nBids);
  checkLength('bidQty', p.bidQty.length, nBids);
  checkLength('routeCost', p.routeCost.length, S * B);
  for (let j = 0; j < nOffers; j++) {
    const s = p.offerSeller[j]!;
    if (!(s >= 0 && s < S)) fail(`offerSeller[${j}] = ${s} (sellers = ${S})`);
    if (!isStep(p.offerAsk[j]!)) fail(`offerAsk[${j}] = ${p.offerAsk[j]} (must be finite and >= 0)`);
    if (!isStep(p.offerQty[j]!)) fail(`offerQty[${j}] = ${p.offerQty[j]} (must be finite and >= 0)`);
  }
  for (let k = 0; k < nBids; k++) {
    const b = p.bidBuyer[k]!;
    if (!(b >= 0 && b < B)) fail(`bidBuyer[${k}] = ${b} (buyers = ${B})`);
    if (!isStep(p.bidPrice[k]!)) fail(`bidPrice[${k}] = ${p.bidPrice[k]} (must be finite and >= 0)`);
    if (!isStep(p.bidQty[k]!)) fail(`bidQty[${k}] = ${p.bidQty[k]} (must be finite and >= 0)`);
  }
  for (let r = 0; r < S * B; r++) {
    const c = p.routeCost[r]!;
    if (Number.isNaN(c) || c === -Infinity) fail(`routeCost[${r}] = ${c} (finite, or Infinity for a closed route)`);
  }
  p.quotas.forEach((q, i) => {
    if (!(Number.isInteger(q.seller) && q.seller >= 0 && q.seller < S)) fail(`quotas[${i}].seller = ${q.seller}`);
    if (q.buyerMask.length < B) fail(`quotas[${i}].buyerMask.length = ${q.buyerMask.length} < buyers = ${B}`);
    if (!(q.capacity >= 0)) fail(`quotas[${i}].capacity = ${q.capacity} (must be >= 0)`);
  });
}

function checkLength(name: string, length: number, need: number): void {
  if (length < need) fail(`${name}.length = ${length} < ${need}`);
}

function isStep(value: number): boolean {
  return value >= 0 && value < Infinity;
}

function fail(what: string): never {
  throw new Error(`clearMarket: invalid problem: ${what}`);
}
