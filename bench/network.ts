/**
 * Figures for solveNetwork on joint two-stage networks sized like the stress scenario (200 countries, 50 producing
 * countries, 5,000 offer steps, 5,000 bid steps, about 13,000 arcs), each solver cold, after checking that every
 * solver reaches the same optimum (1e-6 relative):
 * - network_clearing_ms: median solveNetwork time over the instances;
 * - network_warm_clearing_ms: median time of a solver warm-started from the month before, over 12 months of one such
 *   network whose quantities, prices and some costs move each month (network-fixtures.ts nextMonth);
 * - clearing_speedup_vs_highs, clearing_speedup_vs_glpk: medians of (their solve time / solveNetwork time), the LP
 *   built before the clock starts (engine 0.1's one-stage figure is bench.ts's one_stage_clearing_speedup_vs_highs);
 * - clearing_speedup_vs_min_cost_flow: the npm `min-cost-flow` package (successive shortest paths) keeps dense n × n
 *   cost and capacity matrices, and a network needs one node per arc, offer and bid to fit its input rules (no
 *   parallel or opposite arcs), so it runs on small networks only (and without export subsidies: it needs a network
 *   without negative cycles); the figure is measured there and says so.
 *
 * Ours is timed first, every figure, before HiGHS or GLPK solves anything in the process (and bench.ts measures its
 * run times before this file runs). HiGHS and GLPK are WebAssembly whose memory grows by detaching its ArrayBuffer,
 * and once any buffer has been detached in a JavaScript thread, V8 makes the optimised code of every typed-array
 * access in it check for detachment. Timed after one HiGHS solve in the same process, our cold solve of one instance
 * went from 18.1 ms to 22 ms for good (107 ms for the first solve after it, recompiled), and 120 months of the stress
 * run from 4.3 to 5.1 s. An engine thread never detaches a buffer (bridge/engine-api.ts), so the figures measured
 * first are the ones its users get.
 */
import GLPK from 'glpk.js/node';
import { minCostFlowForNumberNodes, type Edge } from 'min-cost-flow';
import { createNetworkSolver, type NetworkProblem } from '../src/engine/clearing/index.ts';
import { toNetworkLpText } from '../src/engine/clearing/network-lp.ts';
import { seededRng } from '../test/engine/clearing/fixtures.ts';
import { type NetworkProblemSize, nextMonth, randomNetworkProblem } from '../test/engine/clearing/network-fixtures.ts';
import { median } from './stats.ts';

const STRESS_SIZE: NetworkProblemSize = {
  countries: 200,
  producers: 50,
  offers: 5000,
  bidsPerCountry: 25,
  routesPerCountry: 30,
};
const SMALL_SIZE: NetworkProblemSize = {
  countries: 20,
  producers: 5,
  offers: 100,
  bidsPerCountry: 5,
  routesPerCountry: 4,
  subsidyShare: 0,
};

/** Untimed solves of other instances by each solver before the timed ones. */
const WARM_UP = 5;

function sameOptimum(ours: number, theirs: number, who: string, i: number): void {
  if (Math.abs(ours - theirs) > 1e-6 * Math.max(1, Math.abs(theirs)))
    throw new Error(`network instance ${i}: surplus ${ours} vs ${who} ${theirs}`);
}

/** Times `f` once in ms. */
function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

/** Runs the network figures; `log` prints one line each. */
export async function benchNetwork(log: (line: string) => void, instances = 5): Promise<Record<string, number>> {
  // Ours first, every figure, before HiGHS or GLPK solves anything in this process (see the file's doc).
  const solver = createNetworkSolver();
  // Untimed solves first, so that every solver runs compiled code when the clock runs: V8 compiles a function fully
  // only after it has run for a while (one solve left ours at 2.7 times its steady time), HiGHS and GLPK are
  // WebAssembly compiled on load; each gets the same WARM_UP instances, which are not among the timed ones.
  const warmUps = Array.from({ length: WARM_UP }, (_, i) => randomNetworkProblem(seededRng(900 + i), STRESS_SIZE));
  for (const warm of warmUps) solver.solve(warm, { cold: true });
  const problems = Array.from({ length: instances }, (_, i) => randomNetworkProblem(seededRng(100 + i), STRESS_SIZE));
  const ours = problems.map((p) => time(() => solver.solve(p, { cold: true })));
  const lastPivots = solver.stats.pivots;

  const warmMs: number[] = [];
  let warmPivots = 0;
  const rng = seededRng(300);
  let month = randomNetworkProblem(seededRng(100), STRESS_SIZE);
  solver.solve(month, { cold: true });
  for (let i = 0; i < 12; i++) {
    month = nextMonth(month, rng);
    warmMs.push(time(() => solver.solve(month))[1]);
    warmPivots += solver.stats.pivots;
  }
  const small = Array.from({ length: instances }, (_, i) => randomNetworkProblem(seededRng(200 + i), SMALL_SIZE));
  const oursSmall = small.map((p) => time(() => solver.solve(p, { cold: true })));

  const highs = await (await import('highs')).default();
  const glpk = await GLPK();
  for (const warm of warmUps) {
    highs.solve(toNetworkLpText(warm), { output_flag: false });
    glpk.solve(toGlpkModel(warm, glpk), { msglev: glpk.GLP_MSG_OFF });
  }
  const vsHighs: number[] = [];
  const vsGlpk: number[] = [];
  let arcs = 0;
  problems.forEach((p, i) => {
    const [sol, ms] = ours[i]!;
    arcs += p.nArcs;
    const lp = toNetworkLpText(p);
    const [h, hms] = time(() => highs.solve(lp, { output_flag: false }));
    if (h.Status !== 'Optimal') throw new Error(`HiGHS: ${h.Status}`);
    sameOptimum(sol.surplus, h.ObjectiveValue, 'HiGHS', i);
    vsHighs.push(hms / ms);
    const model = toGlpkModel(p, glpk);
    const [g, gms] = time(() => glpk.solve(model, { msglev: glpk.GLP_MSG_OFF }));
    if (g.result.status !== glpk.GLP_OPT) throw new Error(`GLPK: status ${g.result.status}`);
    sameOptimum(sol.surplus, g.result.z, 'GLPK', i);
    vsGlpk.push(gms / ms);
  });
  const results: Record<string, number> = {
    network_clearing_ms: median(ours.map(([, ms]) => ms)),
    clearing_speedup_vs_highs: median(vsHighs),
    clearing_speedup_vs_glpk: median(vsGlpk),
  };
  const shape = `${instances} networks of ${STRESS_SIZE.countries} countries, ${STRESS_SIZE.offers} offers, ~${Math.round(arcs / instances)} arcs`;
  log(`network_clearing_ms ${round(results.network_clearing_ms!)} (median, cold, ${shape}; ${lastPivots} pivots last)`);
  log(`  speedup vs HiGHS   ${round(results.clearing_speedup_vs_highs!)}× (same instances, same optimum)`);
  log(`  speedup vs GLPK    ${round(results.clearing_speedup_vs_glpk!)}× (same instances, same optimum)`);
  results.network_warm_clearing_ms = median(warmMs);
  log(
    `network_warm_clearing_ms ${round(results.network_warm_clearing_ms)} (median over 12 months warm-started from the month before; ${Math.round(warmPivots / 12)} pivots a month)`,
  );

  const vsMcf: number[] = [];
  let mcfNodes = 0;
  small.forEach((p, i) => {
    const [sol, ms] = oursSmall[i]!;
    const { edges, offset, nodes } = toMinCostFlowGraph(p);
    mcfNodes = nodes;
    const [flows, mms] = time(() => minCostFlowForNumberNodes(edges));
    const cost = flows.reduce((s, e) => s + e.flow * e.cost, 0);
    sameOptimum(sol.surplus, -(cost + offset), 'min-cost-flow', i);
    vsMcf.push(mms / ms);
  });
  results.clearing_speedup_vs_min_cost_flow = median(vsMcf);
  log(
    `  speedup vs min-cost-flow ${round(results.clearing_speedup_vs_min_cost_flow)}× on ${instances} SMALL networks ` +
      `(${SMALL_SIZE.countries} countries, ${SMALL_SIZE.offers} offers, no subsidies; ${mcfNodes} nodes once split): the ` +
      `package keeps dense n × n matrices and needs a node per arc and step, ~${stressMatrixGb()} GB at the stress size`,
  );
  return results;
}

/** GB of the two dense n × n matrices min-cost-flow would need for a stress-size network (8 bytes per entry). */
function stressMatrixGb(): number {
  const p = randomNetworkProblem(seededRng(100), STRESS_SIZE);
  const n = p.nodes + p.nArcs + p.nOffers + 2 * p.nBids + 2;
  return Math.round((2 * 8 * n * n) / 1e9);
}

/** The network as a GLPK model (maximise surplus; one fixed row per node). */
function toGlpkModel(p: NetworkProblem, glpk: Awaited<ReturnType<typeof GLPK>>) {
  const objective: { name: string; coef: number }[] = [];
  const rows: { name: string; coef: number }[][] = Array.from({ length: p.nodes }, () => []);
  const bounds: { name: string; type: number; lb: number; ub: number }[] = [];
  const bound = (name: string, cap: number) =>
    bounds.push(
      cap < Infinity ? { name, type: glpk.GLP_DB, lb: 0, ub: cap } : { name, type: glpk.GLP_LO, lb: 0, ub: 0 },
    );
  for (let e = 0; e < p.nArcs; e++) {
    const name = `x${e}`;
    objective.push({ name, coef: -p.arcCost[e]! });
    rows[p.arcTail[e]!]!.push({ name, coef: -1 });
    rows[p.arcHead[e]!]!.push({ name, coef: 1 });
    bound(name, p.arcCap[e]!);
  }
  for (let j = 0; j < p.nOffers; j++) {
    const name = `z${j}`;
    objective.push({ name, coef: -p.offerAsk[j]! });
    rows[p.offerNode[j]!]!.push({ name, coef: 1 });
    bound(name, p.offerQty[j]!);
  }
  for (let k = 0; k < p.nBids; k++) {
    const name = `y${k}`;
    objective.push({ name, coef: p.bidPrice[k]! });
    rows[p.bidNode[k]!]!.push({ name, coef: -1 });
    bound(name, p.bidQty[k]!);
  }
  return {
    name: 'network',
    objective: { direction: glpk.GLP_MAX, name: 'surplus', vars: objective },
    subjectTo: rows
      .map((vars, v) => ({ name: `n${v}`, vars, bnds: { type: glpk.GLP_FX, lb: 0, ub: 0 } }))
      .filter((r) => r.vars.length > 0),
    bounds,
  };
}

/**
 * The network as a min-cost max-flow for `min-cost-flow`: source 0, sink last. Offer j: source → o_j (qty, 0),
 * o_j → its node (0) or o_j → sink (kept: −ask), so that every offered tonne flows and the cost of selling is the ask
 * less the constant sum ask·qty (returned as `offset`). Bid k: node → b_k (−bid, qty) → sink. Arc e: tail → m_e
 * (cost, cap) → head, so that no two edges join the same pair of nodes.
 */
function toMinCostFlowGraph(p: NetworkProblem): { edges: Edge<number>[]; offset: number; nodes: number } {
  let next = 1 + p.nodes;
  const node = (v: number) => 1 + v;
  const edges: Edge<number>[] = [];
  const pending: [number, number, number, number][] = [];
  const SINK = -1;
  for (let e = 0; e < p.nArcs; e++) {
    const m = next++;
    pending.push([node(p.arcTail[e]!), m, p.arcCost[e]!, p.arcCap[e]!]);
    pending.push([m, node(p.arcHead[e]!), 0, Infinity]);
  }
  let offset = 0;
  for (let j = 0; j < p.nOffers; j++) {
    const o = next++;
    pending.push([0, o, 0, p.offerQty[j]!]);
    pending.push([o, node(p.offerNode[j]!), 0, Infinity]);
    pending.push([o, SINK, -p.offerAsk[j]!, Infinity]);
    offset += p.offerAsk[j]! * p.offerQty[j]!;
  }
  for (let k = 0; k < p.nBids; k++) {
    const b = next++;
    pending.push([node(p.bidNode[k]!), b, -p.bidPrice[k]!, p.bidQty[k]!]);
    pending.push([b, SINK, 0, Infinity]);
  }
  const sink = next++;
  for (const [from, to, cost, capacity] of pending) edges.push({ from, to: to === SINK ? sink : to, cost, capacity });
  return { edges, offset, nodes: next };
}

const round = (x: number) => Math.round(x * 100) / 100;
