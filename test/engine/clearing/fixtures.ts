/**
 * Seeded clearing problems for the tests and the benchmark: random supply steps, demand steps, transport costs,
 * tariffs (per kg, and variable levies that lift a landed price to a floor), closed routes, export subsidies and
 * laminar export quotas. The same rng sequence always gives the same problem.
 */
import type { ClearingProblem, ClearingQuota } from '../../../src/engine/clearing/clear.ts';

/** What to generate; every field but `sellers` and `buyers` has a default. */
export interface ClearingProblemSize {
  sellers: number;
  buyers: number;
  /** Offer steps in total, spread over the sellers (default 3 per seller). */
  offers?: number;
  /** Bid steps per buyer (default 4). */
  bidsPerBuyer?: number;
  /** Share of routes closed (default 0.15). */
  closedShare?: number;
  /** Share of routes with a per-kg import tariff (default 0.3). */
  tariffShare?: number;
  /** Share of routes with a variable levy max(0, floor − (lowest ask + transport)) (default 0.2). */
  levyShare?: number;
  /** Share of routes with an export subsidy, a negative cost (default 0). */
  subsidyShare?: number;
  /** Number of export quotas to attempt (default 2). */
  quotas?: number;
  /** Round prices and quantities to integers so that ties and degenerate equilibria are common (default false). */
  integers?: boolean;
}

/** Returns a uniform [0, 1) generator (mulberry32) for `seed`. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a clearing problem of the given size from `rng` (uniform [0, 1)). */
export function randomClearingProblem(rng: () => number, size: ClearingProblemSize): ClearingProblem {
  const S = size.sellers;
  const B = size.buyers;
  const nOffers = S > 0 ? (size.offers ?? 3 * S) : 0;
  const bidsPerBuyer = size.bidsPerBuyer ?? 4;
  const round = size.integers ? Math.round : (x: number) => x;
  const uniform = (lo: number, hi: number) => round(lo + (hi - lo) * rng());
  const offerSeller = new Int32Array(nOffers);
  const offerAsk = new Float64Array(nOffers);
  const offerQty = new Float64Array(nOffers);
  for (let j = 0; j < nOffers; j++) {
    offerSeller[j] = j < S ? j : Math.floor(rng() * S);
    offerAsk[j] = uniform(0, 20);
    offerQty[j] = rng() < 0.05 ? 0 : uniform(0, 100);
  }
  const nBids = B * bidsPerBuyer;
  const bidBuyer = new Int32Array(nBids);
  const bidPrice = new Float64Array(nBids);
  const bidQty = new Float64Array(nBids);
  for (let k = 0; k < nBids; k++) {
    bidBuyer[k] = k % B;
    bidPrice[k] = uniform(0, 40);
    bidQty[k] = rng() < 0.05 ? 0 : uniform(0, 60);
  }
  const lowestAsk = new Float64Array(S).fill(Infinity);
  for (let j = 0; j < nOffers; j++) lowestAsk[offerSeller[j]!] = Math.min(lowestAsk[offerSeller[j]!]!, offerAsk[j]!);
  const routeCost = new Float64Array(S * B);
  const floor = uniform(5, 30);
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < B; b++) {
      if (rng() < (size.closedShare ?? 0.15)) {
        routeCost[s * B + b] = Infinity;
        continue;
      }
      const transport = uniform(0, 6);
      let cost = transport;
      if (rng() < (size.tariffShare ?? 0.3)) cost += uniform(0, 5);
      if (rng() < (size.levyShare ?? 0.2)) {
        const landed = (lowestAsk[s]! < Infinity ? lowestAsk[s]! : 0) + transport;
        cost += Math.max(0, floor - landed);
      }
      if (rng() < (size.subsidyShare ?? 0)) cost = -uniform(0, 4);
      routeCost[s * B + b] = cost;
    }
  }
  const quotas = randomLaminarQuotas(rng, S, B, size.quotas ?? 2, round);
  return {
    sellers: S,
    buyers: B,
    nOffers,
    offerSeller,
    offerAsk,
    offerQty,
    nBids,
    bidBuyer,
    bidPrice,
    bidQty,
    routeCost,
    quotas,
  };
}

/** Draws quotas whose masks, per seller, are pairwise disjoint or nested; some are bans (capacity 0). */
function randomLaminarQuotas(
  rng: () => number,
  S: number,
  B: number,
  count: number,
  round: (x: number) => number,
): ClearingQuota[] {
  const quotas: ClearingQuota[] = [];
  if (S === 0 || B === 0) return quotas;
  for (let attempt = 0; attempt < 10 * count && quotas.length < count; attempt++) {
    const seller = Math.floor(rng() * S);
    const own = quotas.filter((q) => q.seller === seller);
    const within = own.length > 0 && rng() < 0.5 ? own[Math.floor(rng() * own.length)]!.buyerMask : undefined;
    const mask = new Uint8Array(B);
    for (let b = 0; b < B; b++) if ((within === undefined || within[b] === 1) && rng() < 0.6) mask[b] = 1;
    if (!mask.includes(1) || !own.every((q) => nestedOrDisjoint(q.buyerMask, mask))) continue;
    const capacity = rng() < 0.2 ? 0 : round(rng() * 80);
    quotas.push({ seller, buyerMask: mask, capacity });
  }
  return quotas;
}

/** Returns true when two masks are disjoint or one contains the other. */
export function nestedOrDisjoint(a: Uint8Array, b: Uint8Array): boolean {
  let both = 0;
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    else if (a[i]) onlyA++;
    else if (b[i]) onlyB++;
  }
  return both === 0 || onlyA === 0 || onlyB === 0;
}
