/**
 * Input checks for clearMarket and solveNetwork: a malformed problem is a bug upstream, so it throws with the offending
 * value.
 */
import type { ClearingProblem, NetworkProblem } from './problem.ts';

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

/** Throws unless `p` has consistent sizes, nodes in range, finite costs and prices, and quantities >= 0 (finite). */
export function validateNetworkProblem(p: NetworkProblem): void {
  const fail = (what: string): never => {
    throw new Error(`solveNetwork: invalid problem: ${what}`);
  };
  const { nodes: N, nArcs, nOffers, nBids } = p;
  const count = (name: string, value: number) => {
    if (!(Number.isInteger(value) && value >= 0)) fail(`${name} = ${value}`);
  };
  count('nodes', N);
  count('nArcs', nArcs);
  count('nOffers', nOffers);
  count('nBids', nBids);
  const length = (name: string, array: ArrayLike<number>, need: number) => {
    if (!(array instanceof Object) || !(array.length >= need)) fail(`${name}.length = ${array?.length} < ${need}`);
  };
  length('arcTail', p.arcTail, nArcs);
  length('arcHead', p.arcHead, nArcs);
  length('arcCost', p.arcCost, nArcs);
  length('arcCap', p.arcCap, nArcs);
  length('offerNode', p.offerNode, nOffers);
  length('offerAsk', p.offerAsk, nOffers);
  length('offerQty', p.offerQty, nOffers);
  length('bidNode', p.bidNode, nBids);
  length('bidPrice', p.bidPrice, nBids);
  length('bidQty', p.bidQty, nBids);
  // Each entry is checked by one condition; which check failed is worked out only for a bad one (a helper call per
  // check and entry was a thirtieth of a cold solve of a stress-sized network).
  const node = (name: string, i: number, v: number): never => fail(`${name}[${i}] = ${v} (nodes = ${N})`);
  const isNode = (v: number) => Number.isInteger(v) && v >= 0 && v < N;
  const { arcTail, arcHead, arcCost, arcCap } = p;
  for (let e = 0; e < nArcs; e++) {
    const t = arcTail[e]!;
    const h = arcHead[e]!;
    const c = arcCost[e]!;
    const q = arcCap[e]!;
    if (isNode(t) && isNode(h) && Number.isFinite(c) && q >= 0) continue;
    if (!isNode(t)) node('arcTail', e, t);
    if (!isNode(h)) node('arcHead', e, h);
    if (!Number.isFinite(c)) fail(`arcCost[${e}] = ${c} (must be finite)`);
    fail(`arcCap[${e}] = ${q} (must be >= 0 or Infinity)`);
  }
  // Offers and bids: a node, a finite ask or bid, a finite quantity >= 0.
  const steps = (
    names: readonly [string, string, string],
    at: ArrayLike<number>,
    price: ArrayLike<number>,
    qty: ArrayLike<number>,
    count: number,
  ) => {
    for (let k = 0; k < count; k++) {
      const v = at[k]!;
      const c = price[k]!;
      const q = qty[k]!;
      if (isNode(v) && Number.isFinite(c) && isStep(q)) continue;
      if (!isNode(v)) node(names[0], k, v);
      if (!Number.isFinite(c)) fail(`${names[1]}[${k}] = ${c} (must be finite)`);
      fail(`${names[2]}[${k}] = ${q} (must be finite and >= 0)`);
    }
  };
  steps(['offerNode', 'offerAsk', 'offerQty'], p.offerNode, p.offerAsk, p.offerQty, nOffers);
  steps(['bidNode', 'bidPrice', 'bidQty'], p.bidNode, p.bidPrice, p.bidQty, nBids);
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
