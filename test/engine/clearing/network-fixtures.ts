/**
 * Seeded joint two-stage networks for the tests and the benchmark: per country a concentrate node and a refined node;
 * mines offer at concentrate nodes, refineries are processing arcs conc(c) → ref(c) with a capacity and a conversion
 * cost, transport arcs join concentrate nodes and refined nodes, export quotas are intermediate nodes behind a
 * capacitated arc (one quota may serve several destinations), refined demand bids at refined nodes, with a few
 * concentrate stock buyers, recyclers, negative asks and bids, and export subsidies (negative arc costs). No cycle of
 * negative cost has unlimited capacity. The same rng sequence always gives the same problem.
 */
import type { NetworkProblem } from '../../../src/engine/clearing/index.ts';

/** What to generate; every field but `countries` has a default. */
export interface NetworkProblemSize {
  countries: number;
  /** Countries with mines and refineries (default a quarter, at least 1). */
  producers?: number;
  /** Offer steps in total over the producers' concentrate nodes (default 4 per producer). */
  offers?: number;
  /** Bid steps per country at its refined node (default 4). */
  bidsPerCountry?: number;
  /** Transport arcs per country and stage, to random other countries (default 3). */
  routesPerCountry?: number;
  /** Share of transport arcs behind an export quota node (default 0.15). */
  quotaShare?: number;
  /** Share of transport arcs with an export subsidy, a negative cost (default 0.1). */
  subsidyShare?: number;
  /** Round prices and quantities to integers so that ties and degenerate equilibria are common (default false). */
  integers?: boolean;
}

/** Draws a joint network of the given size from `rng` (uniform [0, 1)). */
export function randomNetworkProblem(rng: () => number, size: NetworkProblemSize): NetworkProblem {
  const C = size.countries;
  const P = Math.max(1, Math.min(C, size.producers ?? Math.floor(C / 4)));
  const round = size.integers ? Math.round : (x: number) => x;
  const uniform = (lo: number, hi: number) => round(lo + (hi - lo) * rng());
  const pick = (n: number) => Math.floor(rng() * n);
  const conc = (c: number) => c;
  const ref = (c: number) => C + c;
  let nodes = 2 * C;
  const tail: number[] = [];
  const head: number[] = [];
  const cost: number[] = [];
  const cap: number[] = [];
  const arc = (u: number, v: number, c: number, k: number) => {
    tail.push(u);
    head.push(v);
    cost.push(c);
    cap.push(k);
  };
  // Refineries in producing countries, and a few elsewhere.
  for (let c = 0; c < C; c++) {
    if (c < P || rng() < 0.1) arc(conc(c), ref(c), uniform(2, 15), rng() < 0.3 ? Infinity : uniform(0, 400));
  }
  // Transport in both stages; some behind a quota node shared by several destinations.
  const quotaShare = size.quotaShare ?? 0.15;
  const subsidyShare = size.subsidyShare ?? 0.1;
  for (const node of [conc, ref]) {
    for (let c = 0; c < C; c++) {
      const routes = size.routesPerCountry ?? 3;
      let quota = -1;
      for (let r = 0; r < routes; r++) {
        const d = pick(C);
        if (d === c) continue;
        const subsidy = rng() < subsidyShare;
        const c0 = subsidy ? -uniform(0, 4) : uniform(0, 8);
        if (rng() < quotaShare) {
          if (quota < 0 || rng() < 0.5) {
            quota = nodes++;
            arc(node(c), quota, 0, rng() < 0.2 ? 0 : uniform(0, 120));
          }
          arc(quota, node(d), c0, Infinity);
        } else {
          arc(node(c), node(d), c0, rng() < 0.15 ? uniform(0, 150) : Infinity);
        }
      }
    }
  }
  const nArcs = tail.length;
  const arcCost = Float64Array.from(cost);
  const arcCap = Float64Array.from(cap);
  breakNegativeCycles(nodes, tail, head, arcCost, arcCap);

  const nOffers = size.offers ?? 4 * P;
  const offerNode = new Int32Array(nOffers);
  const offerAsk = new Float64Array(nOffers);
  const offerQty = new Float64Array(nOffers);
  for (let j = 0; j < nOffers; j++) {
    const recycler = rng() < 0.05;
    offerNode[j] = recycler ? ref(pick(C)) : conc(j < P ? j : pick(P));
    offerAsk[j] = rng() < 0.02 ? -uniform(0, 5) : uniform(5, 40);
    offerQty[j] = rng() < 0.05 ? 0 : uniform(0, 150);
  }
  const bids: [number, number, number][] = [];
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < (size.bidsPerCountry ?? 4); i++) {
      bids.push([ref(c), rng() < 0.02 ? -uniform(0, 5) : uniform(0, 90), rng() < 0.05 ? 0 : uniform(0, 80)]);
    }
    if (rng() < 0.1) bids.push([conc(c), uniform(0, 30), uniform(0, 50)]);
  }
  return {
    nodes,
    nArcs,
    arcTail: Int32Array.from(tail),
    arcHead: Int32Array.from(head),
    arcCost,
    arcCap,
    nOffers,
    offerNode,
    offerAsk,
    offerQty,
    nBids: bids.length,
    bidNode: Int32Array.from(bids.map((b) => b[0])),
    bidPrice: Float64Array.from(bids.map((b) => b[1])),
    bidQty: Float64Array.from(bids.map((b) => b[2])),
  };
}

/** Gives a finite capacity to negative arcs until no cycle of uncapacitated arcs has negative cost (Bellman-Ford). */
function breakNegativeCycles(nodes: number, tail: number[], head: number[], cost: Float64Array, cap: Float64Array) {
  for (;;) {
    const d = new Float64Array(nodes);
    let changed = -1;
    for (let pass = 0; pass < nodes; pass++) {
      changed = -1;
      for (let e = 0; e < tail.length; e++) {
        if (cap[e] !== Infinity) continue;
        if (d[tail[e]!]! + cost[e]! < d[head[e]!]! - 1e-12) {
          d[head[e]!] = d[tail[e]!]! + cost[e]!;
          changed = e;
        }
      }
      if (changed < 0) return;
    }
    // A negative cycle remains: cap every uncapacitated negative arc.
    for (let e = 0; e < tail.length; e++) if (cap[e] === Infinity && cost[e]! < 0) cap[e] = 100;
  }
}

/**
 * Returns the same market a month later: every bid and offer quantity and capacity moves by up to ±5%, prices and
 * asks by up to ±2.5%, and one arc cost in twenty rises by up to 1 USD/kg (the shape stays, for warm starts).
 */
export function nextMonth(p: NetworkProblem, rng: () => number): NetworkProblem {
  const jitter = (a: Float64Array, share: number) => a.map((x) => x * (1 + share * (rng() - 0.5)));
  return {
    ...p,
    arcCost: p.arcCost.map((c) => (rng() < 0.05 ? c + rng() : c)),
    arcCap: jitter(p.arcCap, 0.1),
    offerAsk: jitter(p.offerAsk, 0.05),
    offerQty: jitter(p.offerQty, 0.1),
    bidPrice: jitter(p.bidPrice, 0.05),
    bidQty: jitter(p.bidQty, 0.1),
  };
}

/**
 * Returns `p` with a few odd arcs added: self-loops (some of negative cost, all capacitated), parallel copies of
 * existing arcs (the same cost or 1 USD/kg dearer; closed, or capacitated like the original) — shapes the engine's
 * networks may hold and the simplex must take in its stride.
 */
export function withOddArcs(p: NetworkProblem, rng: () => number): NetworkProblem {
  const tail = [...p.arcTail];
  const head = [...p.arcHead];
  const cost = [...p.arcCost];
  const cap = [...p.arcCap];
  const count = Math.floor(rng() * 5);
  for (let i = 0; i < count && p.nodes > 0; i++) {
    const v = Math.floor(rng() * p.nodes);
    tail.push(v);
    head.push(v);
    cost.push(Math.round(6 * rng()) - 3);
    cap.push(Math.round(10 * rng()));
  }
  for (let i = 0; i < count && p.nArcs > 0; i++) {
    const e = Math.floor(rng() * p.nArcs);
    tail.push(p.arcTail[e]!);
    head.push(p.arcHead[e]!);
    cost.push(p.arcCost[e]! + (rng() < 0.5 ? 0 : 1));
    cap.push(rng() < 0.3 ? 0 : p.arcCap[e]!);
  }
  return {
    ...p,
    nArcs: tail.length,
    arcTail: Int32Array.from(tail),
    arcHead: Int32Array.from(head),
    arcCost: Float64Array.from(cost),
    arcCap: Float64Array.from(cap),
  };
}

/**
 * Returns `p` with another shape on the same nodes, as a month in which plants close and open and routes change: about
 * `share` of its arcs, offers and bids dropped (at random, order kept) and as many new ones appended (copies of random
 * survivors, their cost and size jittered).
 */
export function reshape(p: NetworkProblem, rng: () => number, share = 0.05): NetworkProblem {
  const pick = (n: number) => {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (rng() >= share) keep.push(i);
    const added = keep.length > 0 ? n - keep.length : 0;
    for (let i = 0; i < added; i++) keep.push(keep[Math.floor(rng() * keep.length)]!);
    return { keep, fresh: keep.length - added };
  };
  const jit = (x: number, i: number, fresh: number) => (i >= fresh ? x * (0.8 + 0.4 * rng()) : x);
  const arcs = pick(p.nArcs);
  const offers = pick(p.nOffers);
  const bids = pick(p.nBids);
  return {
    nodes: p.nodes,
    nArcs: arcs.keep.length,
    arcTail: Int32Array.from(arcs.keep, (e) => p.arcTail[e]!),
    arcHead: Int32Array.from(arcs.keep, (e) => p.arcHead[e]!),
    arcCost: Float64Array.from(arcs.keep, (e, i) => jit(p.arcCost[e]!, i, arcs.fresh)),
    arcCap: Float64Array.from(arcs.keep, (e) => p.arcCap[e]!),
    nOffers: offers.keep.length,
    offerNode: Int32Array.from(offers.keep, (j) => p.offerNode[j]!),
    offerAsk: Float64Array.from(offers.keep, (j, i) => jit(p.offerAsk[j]!, i, offers.fresh)),
    offerQty: Float64Array.from(offers.keep, (j, i) => jit(p.offerQty[j]!, i, offers.fresh)),
    nBids: bids.keep.length,
    bidNode: Int32Array.from(bids.keep, (k) => p.bidNode[k]!),
    bidPrice: Float64Array.from(bids.keep, (k, i) => jit(p.bidPrice[k]!, i, bids.fresh)),
    bidQty: Float64Array.from(bids.keep, (k, i) => jit(p.bidQty[k]!, i, bids.fresh)),
  };
}
