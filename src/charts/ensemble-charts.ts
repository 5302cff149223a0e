/**
 * What the charts panel asks of the ensemble: its finished runs as band input, the bands put on a time chart, the
 * money bands (computed once per ensemble and results version, then read at any cursor), and the progress as text.
 */
import type { ResultsHolder } from '../state/results.ts';
import type { EnsembleHolder } from '../state/ensemble.ts';
import type { EnsembleRuns } from './band-vm.ts';
import { type MoneyBands, attachBands, buildMoneyBands } from './ensemble-vm.ts';
import { MONEY_FIGURES } from './money-vm.ts';
import type { TimeChartVm } from './time-vm.ts';

/** The panel's view of the ensemble. */
export interface EnsembleCharts {
  /** Returns `vm` with the bands of the finished runs (unchanged without an ensemble). */
  attach(vm: TimeChartVm, stage: 'mine' | 'refine', selected: string | null): TimeChartVm;
  money(): MoneyBands | null;
  /** "done/total" runs, or "" without an ensemble. */
  progress(): string;
}

/** Creates the view over `ensemble` (none: the charts show one seed). */
export function createEnsembleCharts(ensemble: EnsembleHolder | undefined, results: ResultsHolder): EnsembleCharts {
  let runsAt = -1;
  let runs: EnsembleRuns | null = null;
  let moneyAt = '';
  let money: MoneyBands | null = null;

  const currentRuns = (): EnsembleRuns | null => {
    if (!ensemble) return null;
    if (runsAt !== ensemble.version) {
      runsAt = ensemble.version;
      const e = ensemble.state;
      runs =
        e.phase !== 'off' && e.current && e.current.done > 0
          ? { current: e.current.finished(), baseline: e.baseline?.finished() ?? null, seeds: e.seeds }
          : null;
    }
    return runs;
  };

  return {
    attach(vm, stage, selected) {
      const r = currentRuns();
      return r ? attachBands(vm, r, stage, selected) : vm;
    },
    money() {
      const r = currentRuns();
      const key = `${ensemble?.version}:${results.version}`;
      if (key !== moneyAt) {
        moneyAt = key;
        const same = sameMembers(results.current?.buffers.membership, results.baseline?.buffers.membership);
        const columns = MONEY_FIGURES.map((f) => f.column);
        money = r ? buildMoneyBands(r, columns, (c) => c !== 'consumer_cost_member_musd' || same) : null;
      }
      return money;
    },
    progress() {
      const e = ensemble?.state;
      return e && e.phase !== 'off' ? `${e.done}/${e.total}` : '';
    },
  };
}

/** Tells whether two runs have the same zone members every month (so members' figures compare like with like). */
function sameMembers(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
