/**
 * The equilibrium conditions of MODEL.md §5, checked on a solution from the outside: quantities within bounds and
 * balanced, quotas held, each buyer's price on its demand curve, no arbitrage left on routes whose quotas do not bind
 * (and a quota rent >= 0 where one binds), each offer sold according to its ask against its seller's price.
 */
import type { ClearingProblem, ClearingSolution } from '../../../src/engine/clearing/clear.ts';
import { measureSurplus } from '../../../src/engine/clearing/clear.ts';

/** Relative tolerance on prices and quantities. */
export const TOLERANCE = 1e-9;

/** Returns true when quantity `x` is zero within tolerance of `scale` tonnes. */
const nearZero = (x: number, scale: number) => Math.abs(x) <= TOLERANCE * Math.max(1, scale);
/** Returns true when prices `a` and `b` agree within tolerance. */
const samePrice = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * (1 + Math.abs(a) + Math.abs(b));
/** Returns true when price `a` is at most `b` within tolerance. */
const atMost = (a: number, b: number) => a <= b + TOLERANCE * (1 + Math.abs(a) + Math.abs(b));

/** Returns which quotas bind (their covered flow reaches capacity within tolerance). */
export function bindingQuotas(p: ClearingProblem, sol: ClearingSolution): boolean[] {
  return p.quotas.map(
    (q) =>
      q.capacity < Infinity &&
      q.capacity - quotaFlow(p, sol, q.seller, q.buyerMask) <= TOLERANCE * Math.max(1, q.capacity),
  );
}

/** Returns the tonnes from `seller` to the buyers in `mask`. */
export function quotaFlow(p: ClearingProblem, sol: ClearingSolution, seller: number, mask: Uint8Array): number {
  let t = 0;
  for (let b = 0; b < p.buyers; b++) if (mask[b]) t += sol.flow[seller * p.buyers + b]!;
  return t;
}

/** Lists every violated condition (empty when the solution is an equilibrium). */
export function findViolations(p: ClearingProblem, sol: ClearingSolution): string[] {
  const out: string[] = [];
  const S = p.sellers;
  const B = p.buyers;
  const all = [sol.flow, sol.offerSold, sol.bidFilled, sol.buyerPrice, sol.sellerPrice];
  if (all.some((a) => a.some((x) => !Number.isFinite(x))) || !Number.isFinite(sol.surplus))
    out.push('non-finite value');
  if (!samePrice(sol.surplus, measureSurplus(p, sol.flow, sol.offerSold, sol.bidFilled))) out.push('surplus mismatch');
  const sold = new Float64Array(S);
  const filled = new Float64Array(B);
  for (let j = 0; j < p.nOffers; j++) {
    const q = p.offerQty[j]!;
    const x = sol.offerSold[j]!;
    if (x < -TOLERANCE || x > q * (1 + TOLERANCE)) out.push(`offer ${j} sold ${x} of ${q}`);
    sold[p.offerSeller[j]!]! += x;
    // Condition 3: an offer below its seller's price sells all; one above sells nothing.
    const pi = sol.sellerPrice[p.offerSeller[j]!]!;
    if (!atMost(p.offerAsk[j]!, pi) && !nearZero(x, q)) out.push(`offer ${j} above price sells ${x}`);
    if (!atMost(pi, p.offerAsk[j]!) && !nearZero(q - x, q)) out.push(`offer ${j} below price sells ${x} of ${q}`);
  }
  for (let k = 0; k < p.nBids; k++) {
    const q = p.bidQty[k]!;
    const y = sol.bidFilled[k]!;
    if (y < -TOLERANCE || y > q * (1 + TOLERANCE)) out.push(`bid ${k} filled ${y} of ${q}`);
    filled[p.bidBuyer[k]!]! += y;
    // Condition 1: the buyer's price lies below every filled step and above every unfilled step.
    const price = sol.buyerPrice[p.bidBuyer[k]!]!;
    if (!nearZero(y, q) && !atMost(price, p.bidPrice[k]!)) out.push(`bid ${k} filled above its price`);
    if (!nearZero(q - y, q) && !atMost(p.bidPrice[k]!, price)) out.push(`bid ${k} unfilled below its price`);
  }
  const shipped = new Float64Array(S);
  const received = new Float64Array(B);
  const binding = bindingQuotas(p, sol);
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < B; b++) {
      const x = sol.flow[s * B + b]!;
      const c = p.routeCost[s * B + b]!;
      if (c === Infinity) {
        if (x !== 0) out.push(`closed route ${s}->${b} carries ${x}`);
        continue;
      }
      if (x < -TOLERANCE) out.push(`route ${s}->${b} negative flow ${x}`);
      shipped[s]! += x;
      received[b]! += x;
      // Condition 2: no arbitrage; a binding quota may add a rent >= 0.
      const delivered = sol.sellerPrice[s]! + c;
      const rented = p.quotas.some((q, i) => binding[i] && q.seller === s && q.buyerMask[b]);
      const flows = x > TOLERANCE;
      if (!rented && !atMost(sol.buyerPrice[b]!, delivered)) out.push(`arbitrage left on ${s}->${b}`);
      if (!rented && flows && !samePrice(sol.buyerPrice[b]!, delivered)) out.push(`flow on ${s}->${b} off price`);
      if (rented && flows && !atMost(delivered, sol.buyerPrice[b]!)) out.push(`negative quota rent on ${s}->${b}`);
    }
  }
  for (let s = 0; s < S; s++) if (!nearZero(sold[s]! - shipped[s]!, sold[s]!)) out.push(`seller ${s} unbalanced`);
  for (let b = 0; b < B; b++) if (!nearZero(filled[b]! - received[b]!, filled[b]!)) out.push(`buyer ${b} unbalanced`);
  p.quotas.forEach((q, i) => {
    const t = quotaFlow(p, sol, q.seller, q.buyerMask);
    if (t > q.capacity + TOLERANCE * Math.max(1, q.capacity)) out.push(`quota ${i} exceeded: ${t} > ${q.capacity}`);
  });
  return out;
}
