/**
 * Times the engine's clearings on real runs: `rare-earths-2024` (median of `--runs` after 3 warm-ups) and the stress
 * scenario for `--months` months (200 countries, 5,000 facilities), with wall and CPU time and the simplex's pivots
 * per clearing. Usage: npx tsx bench/engine-clearing.ts [--runs 10] [--months 60] [--stress-runs 1]
 */
import { networkTotals } from '../src/engine/clearing/solve-network.ts';
import { runScenario } from '../src/engine/run.ts';
import { parseScenario } from '../src/scenario/parse.ts';
import { DEFAULT_PRESET } from '../src/scenario/presets.ts';
import { loadPreset, median } from './stats.ts';
import { stressScenario } from './stress-scenario.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
/** Runs f once: wall ms, CPU ms, and the solver's counters over the run. */
function measure(f: () => void) {
  networkTotals.solves = networkTotals.pivots = networkTotals.priced = networkTotals.warm = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, ...networkTotals };
}

function report(label: string, runs: ReturnType<typeof measure>[]) {
  const r = runs[0]!;
  console.log(
    `${label}: wall ${median(runs.map((x) => x.wall)).toFixed(1)} ms, cpu ${median(runs.map((x) => x.cpu)).toFixed(1)} ms` +
      ` (${runs.length} runs); ${r.solves} clearings, ${r.warm} warm, ${(r.pivots / Math.max(1, r.solves)).toFixed(1)} pivots` +
      ` and ${(r.priced / Math.max(1, r.solves)).toFixed(0)} priced per clearing`,
  );
}

const s = loadPreset(DEFAULT_PRESET);
for (let i = 0; i < 3; i++) runScenario(s);
const runs = [];
for (let i = 0; i < arg('runs', 10); i++) runs.push(measure(() => runScenario(s)));
report(`${DEFAULT_PRESET} (${s.months} months)`, runs);

const months = arg('months', 60);
const parsed = parseScenario(stressScenario(200, 5000, months));
if (!parsed.ok) throw new Error('stress scenario is invalid');
const stress = parsed.value;
const sruns = [];
for (let i = 0; i < arg('stress-runs', 1); i++) sruns.push(measure(() => runScenario(stress)));
report(`stress 200×5000 (${months} months)`, sruns);
