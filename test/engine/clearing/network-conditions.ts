/**
 * The equilibrium conditions of MODEL.md §5 on a network solution, checked from the outside: quantities within bounds
 * and balanced at every node, complementary slackness on every arc, offer and bid, strong duality (the prices' dual
 * objective equals the surplus), and the canonical price rule recomputed independently by Bellman-Ford.
 */
import type { NetworkProblem, NetworkSolution } from '../../../src/engine/clearing/index.ts';
import { measureNetworkSurplus } from '../../../src/engine/clearing/solve-network.ts';

/** Relative tolerance on prices and quantities. */
export const TOLERANCE = 1e-9;

const samePrice = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * (1 + Math.abs(a) + Math.abs(b));
const atMost = (a: number, b: number) => a <= b + TOLERANCE * (1 + Math.abs(a) + Math.abs(b));

/** Returns the residual arcs (u, v, cost) of the solution, ground = nodes; forward when flow < cap, back when > 0. */
export function residualArcs(p: NetworkProblem, sol: NetworkSolution): [number, number, number][] {
  const G = p.nodes;
  const out: [number, number, number][] = [];
  const add = (u: number, v: number, c: number, f: number, cap: number) => {
    if (u === v) return;
    if (f < cap) out.push([u, v, c]);
    if (f > 0) out.push([v, u, -c]);
  };
  for (let e = 0; e < p.nArcs; e++) add(p.arcTail[e]!, p.arcHead[e]!, p.arcCost[e]!, sol.arcFlow[e]!, p.arcCap[e]!);
  for (let j = 0; j < p.nOffers; j++) add(G, p.offerNode[j]!, p.offerAsk[j]!, sol.offerSold[j]!, p.offerQty[j]!);
  for (let k = 0; k < p.nBids; k++) add(p.bidNode[k]!, G, -p.bidPrice[k]!, sol.bidFilled[k]!, p.bidQty[k]!);
  return out;
}

/** Lists every violated condition (empty when the solution is the canonical equilibrium). */
export function findNetworkViolations(p: NetworkProblem, sol: NetworkSolution): string[] {
  const out: string[] = [];
  const N = p.nodes;
  const price = (v: number) => (v === N ? 0 : sol.nodePrice[v]!);
  const all = [sol.arcFlow, sol.offerSold, sol.bidFilled, sol.nodePrice];
  if (all.some((a) => a.some((x) => !Number.isFinite(x))) || !Number.isFinite(sol.surplus)) out.push('non-finite');
  if (!samePrice(sol.surplus, measureNetworkSurplus(p, sol.arcFlow, sol.offerSold, sol.bidFilled)))
    out.push('surplus mismatch');
  let scale = 1;
  for (let e = 0; e < p.nArcs; e++) if (p.arcCap[e]! < Infinity) scale = Math.max(scale, p.arcCap[e]!);
  for (let j = 0; j < p.nOffers; j++) scale = Math.max(scale, p.offerQty[j]!);
  for (let k = 0; k < p.nBids; k++) scale = Math.max(scale, p.bidQty[k]!);
  const qtol = TOLERANCE * scale;
  const balance = new Float64Array(N);
  // Complementary slackness on a step or arc u → v of cost c carrying f of cap.
  const slack = (what: string, u: number, v: number, c: number, f: number, cap: number) => {
    if (f < -qtol || f > cap + qtol) out.push(`${what} flow ${f} outside [0, ${cap}]`);
    const pu = price(u);
    const pv = price(v);
    if (f < cap - qtol && !atMost(pv, pu + c)) out.push(`${what}: room left but p(head) ${pv} > p(tail) ${pu} + ${c}`);
    if (f > qtol && !atMost(pu + c, pv)) out.push(`${what}: flow ${f} but p(head) ${pv} < p(tail) ${pu} + ${c}`);
  };
  for (let e = 0; e < p.nArcs; e++) {
    const f = sol.arcFlow[e]!;
    slack(`arc ${e}`, p.arcTail[e]!, p.arcHead[e]!, p.arcCost[e]!, f, p.arcCap[e]!);
    balance[p.arcTail[e]!]! -= f;
    balance[p.arcHead[e]!]! += f;
  }
  for (let j = 0; j < p.nOffers; j++) {
    // An offer sells iff its ask is below the node's price.
    slack(`offer ${j}`, N, p.offerNode[j]!, p.offerAsk[j]!, sol.offerSold[j]!, p.offerQty[j]!);
    balance[p.offerNode[j]!]! += sol.offerSold[j]!;
  }
  for (let k = 0; k < p.nBids; k++) {
    // A bid is filled iff it is above the node's price.
    slack(`bid ${k}`, p.bidNode[k]!, N, -p.bidPrice[k]!, sol.bidFilled[k]!, p.bidQty[k]!);
    balance[p.bidNode[k]!]! -= sol.bidFilled[k]!;
  }
  for (let v = 0; v < N; v++) if (Math.abs(balance[v]!) > qtol) out.push(`node ${v} unbalanced by ${balance[v]}`);

  // Strong duality: the prices' dual objective (every step's and capacity's rent) equals the surplus.
  let dual = 0;
  for (let j = 0; j < p.nOffers; j++) dual += p.offerQty[j]! * Math.max(0, price(p.offerNode[j]!) - p.offerAsk[j]!);
  for (let k = 0; k < p.nBids; k++) dual += p.bidQty[k]! * Math.max(0, p.bidPrice[k]! - price(p.bidNode[k]!));
  for (let e = 0; e < p.nArcs; e++) {
    const rent = price(p.arcHead[e]!) - price(p.arcTail[e]!) - p.arcCost[e]!;
    if (p.arcCap[e]! < Infinity) dual += p.arcCap[e]! * Math.max(0, rent);
  }
  if (Math.abs(dual - sol.surplus) > 1e-7 * Math.max(1, Math.abs(sol.surplus)))
    out.push(`dual objective ${dual} != surplus ${sol.surplus}`);

  out.push(...checkPriceRule(p, sol));
  return out;
}

/**
 * Recomputes the canonical prices by Bellman-Ford on the residual network: the lowest prices where a node reaches the
 * ground (raised towards 0 only for an offer-only node that sells nothing), import parity where it does not.
 */
function checkPriceRule(p: NetworkProblem, sol: NetworkSolution): string[] {
  const out: string[] = [];
  const N = p.nodes;
  const arcs = residualArcs(p, sol);
  const toGround = new Float64Array(N + 1).fill(Infinity);
  toGround[N] = 0;
  for (let pass = 0; pass <= N; pass++) {
    let changed = false;
    for (const [u, v, c] of arcs) {
      if (toGround[v]! + c < toGround[u]! - 1e-12) {
        toGround[u] = toGround[v]! + c;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const offers = new Int32Array(N);
  const sold = new Int32Array(N);
  const bids = new Int32Array(N);
  for (let j = 0; j < p.nOffers; j++) {
    offers[p.offerNode[j]!]!++;
    if (sol.offerSold[j]! > 0) sold[p.offerNode[j]!]!++;
  }
  for (let k = 0; k < p.nBids; k++) bids[p.bidNode[k]!]!++;
  const price = (v: number) => (v === N ? 0 : sol.nodePrice[v]!);
  // Nodes whose import parity is defined: reached from a node that reaches the ground or that no residual arc enters.
  const entered = new Uint8Array(N + 1);
  for (const [, v] of arcs) entered[v] = 1;
  const reached = new Uint8Array(N + 1);
  const stack: number[] = [];
  for (let v = 0; v <= N; v++) {
    if (toGround[v]! < Infinity || !entered[v]) {
      reached[v] = 1;
      stack.push(v);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const [u, w] of arcs) {
      if (u === v && !reached[w]) {
        reached[w] = 1;
        stack.push(w);
      }
    }
  }
  for (let v = 0; v < N; v++) {
    const pv = sol.nodePrice[v]!;
    if (toGround[v]! < Infinity) {
      const lowest = -toGround[v]!;
      if (samePrice(pv, lowest)) continue;
      const clampable = offers[v]! > 0 && bids[v] === 0 && sold[v] === 0 && lowest < 0;
      if (!(clampable && pv > lowest && atMost(pv, 0))) out.push(`node ${v}: price ${pv}, lowest ${lowest}`);
      continue;
    }
    // Cannot reach the ground: import parity, the highest price the arcs into it allow, where that is defined.
    let parity = Infinity;
    for (const [u, w, c] of arcs) if (w === v) parity = Math.min(parity, price(u) + c);
    if (entered[v] && reached[v]) {
      if (!samePrice(pv, parity)) out.push(`node ${v}: price ${pv}, import parity ${parity}`);
    } else if (pv < -TOLERANCE) out.push(`node ${v}: unbounded node priced ${pv} < 0`);
  }
  return out;
}
