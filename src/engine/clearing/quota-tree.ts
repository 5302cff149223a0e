/**
 * Export quotas as nodes of the flow network. The quotas of one seller must be laminar (two masks are disjoint or one
 * contains the other), so they form a forest under the seller: seller → widest quota → narrower quota → buyers. A route
 * leaves from the innermost quota that covers its buyer, so its flow counts against every quota covering it.
 */
import type { ClearingProblem } from './problem.ts';

/** A quota kept as a node: `parent` is -1 for the seller itself, else the position of the enclosing quota. */
export interface QuotaNode {
  /** Index in `ClearingProblem.quotas`. */
  quota: number;
  seller: number;
  /** Position in the arranged list of the enclosing quota, or -1 when the seller is the parent. */
  parent: number;
  /** Tonnes. */
  capacity: number;
}

const NONE: QuotaNode[] = [];

/**
 * Arranges the binding-capable quotas (finite capacity, at least one buyer covered) as nodes, parents before children,
 * by seller then widest first (ties by index). Throws when two quotas of one seller cross.
 */
export function arrangeQuotas(p: ClearingProblem): QuotaNode[] {
  if (p.quotas.length === 0) return NONE;
  const B = p.buyers;
  const covers = p.quotas.map((q) => {
    let n = 0;
    for (let b = 0; b < B; b++) if (q.buyerMask[b] !== 0) n++;
    return n;
  });
  const kept = p.quotas
    .map((_, i) => i)
    .filter((i) => p.quotas[i]!.capacity < Infinity && covers[i]! > 0)
    .sort((i, j) => p.quotas[i]!.seller - p.quotas[j]!.seller || covers[j]! - covers[i]! || i - j);
  const nodes: QuotaNode[] = [];
  for (const i of kept) {
    const q = p.quotas[i]!;
    let parent = -1;
    for (let k = nodes.length - 1; k >= 0 && nodes[k]!.seller === q.seller; k--) {
      const wider = p.quotas[nodes[k]!.quota]!;
      let shared = 0;
      for (let b = 0; b < B; b++) if (q.buyerMask[b] !== 0 && wider.buyerMask[b] !== 0) shared++;
      if (shared === covers[i]!) {
        if (parent < 0) parent = k;
      } else if (shared > 0) {
        throw new Error(
          `clearMarket: quotas[${nodes[k]!.quota}] and quotas[${i}] of seller ${q.seller} cross (masks must be disjoint or nested)`,
        );
      }
    }
    nodes.push({ quota: i, seller: q.seller, parent, capacity: q.capacity });
  }
  return nodes;
}
