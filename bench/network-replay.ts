/**
 * Replays the network problems of real engine runs through the network solver alone: records every problem the
 * engine's solver is given in one run of `rare-earths-2024` and in the stress scenario's first `--months` months, then
 * solves the same sequence again (one solver per sequence, so warm starts are as in the run) and prints the CPU time
 * (best and median of `--reps`), pivots and reduced costs priced per clearing. `--base DIR` also replays through the
 * clearing package in DIR (e.g. an older version unpacked with `git archive <commit> src/engine/clearing | tar -x -C
 * DIR`), `--tree` through a solver that keeps its spanning tree, and the flows and prices of each are compared with the
 * current solver's, bit for bit.
 * Usage: npx tsx bench/network-replay.ts [--months 12] [--reps 5] [--base /tmp/base] [--tree]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NetworkProblem, NetworkSolution } from '../src/engine/clearing/index.ts';
import { createNetworkSolver, recordNetworkProblems } from '../src/engine/clearing/solve-network.ts';
import { runScenario } from '../src/engine/run.ts';
import { parseScenario } from '../src/scenario/parse.ts';
import { DEFAULT_PRESET, catalogFromFiles } from '../src/scenario/presets.ts';
import { stressScenario } from './stress-scenario.ts';

type Solver = { solve(p: NetworkProblem, o?: { trusted?: boolean }): NetworkSolution; stats: { pivots: number } };
type Factory = () => Solver & { stats: { pivots: number; priced: number } };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function replay(seq: NetworkProblem[], make: Factory, reps: number) {
  const cpu: number[] = [];
  let pivots = 0;
  let priced = 0;
  let out: NetworkSolution[] = [];
  for (let r = 0; r < reps; r++) {
    const solver = make();
    const sols: NetworkSolution[] = [];
    pivots = priced = 0;
    const c0 = process.cpuUsage();
    for (const p of seq) {
      sols.push(solver.solve(p, { trusted: true }));
      pivots += solver.stats.pivots;
      priced += solver.stats.priced;
    }
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    out = sols;
  }
  return { cpu, pivots: pivots / seq.length, priced: priced / seq.length, out };
}

/** Solutions not equal bit for bit, and the largest relative gaps in prices and in quantities. */
const compare = (a: NetworkSolution[], b: NetworkSolution[]) => {
  let differ = 0;
  let price = 0;
  let qty = 0;
  const gap = (u: Float64Array, v: Float64Array) => {
    let g = 0;
    for (let k = 0; k < u.length; k++) g = Math.max(g, Math.abs(u[k]! - v[k]!) / Math.max(1, Math.abs(u[k]!)));
    return g;
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const eq = (u: Float64Array, v: Float64Array) => u.every((z, k) => Object.is(z, v[k]));
    if (
      ![x.arcFlow, x.offerSold, x.bidFilled, x.nodePrice].every((u, k) =>
        eq(u, [y.arcFlow, y.offerSold, y.bidFilled, y.nodePrice][k]!),
      )
    )
      differ++;
    price = Math.max(price, gap(x.nodePrice, y.nodePrice));
    qty = Math.max(qty, gap(x.arcFlow, y.arcFlow), gap(x.offerSold, y.offerSold), gap(x.bidFilled, y.bidFilled));
  }
  return `, ${differ} of ${a.length} solutions differ from current (prices by ${price.toExponential(1)}, quantities by ${qty.toExponential(1)} at most, relative)`;
};

const dir = join(root, 'scenarios');
const catalog = catalogFromFiles(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))] as [string, unknown]),
);
const preset = parseScenario(catalog.get(DEFAULT_PRESET), catalog);
const stress = parseScenario(stressScenario(200, 5000, Number(arg('months') ?? 12)));
if (!preset.ok || !stress.ok) throw new Error('invalid scenario');
const reps = Number(arg('reps') ?? 5);
const base = arg('base');
const solvers: [string, Factory][] = [['current', () => createNetworkSolver()]];
if (process.argv.includes('--tree'))
  solvers.push(['current, tree kept', () => createNetworkSolver({ keepTree: true })]);
if (base) {
  const mod = (await import(pathToFileURL(join(base, 'src/engine/clearing/solve-network.ts')).href)) as {
    createNetworkSolver: Factory;
  };
  solvers.push([`base ${base}`, () => mod.createNetworkSolver()]);
}
for (const [label, s] of [
  [DEFAULT_PRESET, preset.value],
  [`stress ${stress.value.months} months`, stress.value],
] as const) {
  const seq = recordNetworkProblems(() => runScenario(s));
  let first: NetworkSolution[] | undefined;
  for (const [name, make] of solvers) {
    const r = replay(seq, make, label === DEFAULT_PRESET ? reps * 4 : reps);
    const diff = first ? compare(first, r.out) : '';
    first ??= r.out;
    console.log(
      `${label} (${seq.length} clearings), ${name}: cpu best ${Math.min(...r.cpu).toFixed(1)} ms, median ` +
        `${median(r.cpu).toFixed(1)} ms; ${r.pivots.toFixed(1)} pivots, ${r.priced.toFixed(0)} priced per clearing${diff}`,
    );
  }
}
