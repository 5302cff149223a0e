/** The ensemble controller over an in-thread pool running the real ensemble API (short horizons). */
import { describe, expect, it } from 'vitest';
import { createEnsembleApi } from '../../src/bridge/ensemble-api.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import type { EnsembleOut, EnsembleTask } from '../../src/client/ensemble-pool.ts';
import { createWorkerPool } from '../../src/client/pool.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { type EnsembleHolder, createEnsembleHolder } from '../../src/state/ensemble.ts';
import { type AppStore, createAppStore } from '../../src/state/store.ts';
import { buildControls } from '../../src/app/controls/controls-spec.ts';
import { type EnsembleController, startEnsembleController } from '../../src/app/ensemble-controller.ts';
import { onlySeedsDiffer, seedsOf } from '../../src/app/seeds.ts';

const PRESET = 'dumping-cycle';
const catalog = loadPresetCatalog();
const parsed = parseScenario(catalog.get(PRESET), catalog);
if (!parsed.ok) throw new Error(`${PRESET} must parse`);
const specs = buildControls(parsed.value, PRESET);

function setup(): { store: AppStore; holder: EnsembleHolder; ctl: EnsembleController; runs: string[] } {
  const api = createEnsembleApi(catalog);
  const runs: string[] = [];
  const pool = createWorkerPool<EnsembleTask, EnsembleOut>({
    size: 2,
    idleMs: Infinity,
    spawn: () => ({
      run: async (task) => {
        await new Promise((r) => setTimeout(r, 0));
        if (task.kind === 'plan') return api.plan(task.request);
        runs.push(`${task.request.run.overrides?.join() || 'preset'}#${task.request.spec.seed}`);
        return api.summarize(task.request);
      },
      terminate: () => {},
    }),
  });
  const store = createAppStore(PRESET);
  const holder = createEnsembleHolder();
  const ctl = startEnsembleController(store, holder, pool, {
    request: (cb) => setTimeout(cb, 0) as unknown as number,
    cancel: (h) => clearTimeout(h),
  });
  ctl.setPreset(specs);
  return { store, holder, ctl, runs };
}

const settled = (holder: EnsembleHolder) =>
  expect
    .poll(() => holder.state.phase, { timeout: 60_000, interval: 20 })
    .toSatisfy((p: string) => p === 'done' || p === 'failed');

describe('ensemble controller', () => {
  it('tells a change of the Seeds count alone (the single run does not re-run) from a change of the run', () => {
    expect(onlySeedsDiffer({ seeds: 20 }, {})).toBe(true);
    expect(onlySeedsDiffer({ seeds: 20, seed: 3 }, { seed: 3, seeds: 5 })).toBe(true);
    expect(onlySeedsDiffer({ seeds: 20, seed: 4 }, { seed: 3 })).toBe(false);
    expect(onlySeedsDiffer({ seed: 4 }, { seed: 3 })).toBe(false);
    expect(onlySeedsDiffer({}, {})).toBe(false);
  });

  it('reads the Seeds control as 1 to 200', () => {
    expect(seedsOf(undefined)).toBe(1);
    expect(seedsOf(20)).toBe(20);
    expect(seedsOf(5000)).toBe(200);
    expect(seedsOf('x')).toBe(1);
  });

  it('runs N seeds from the Seed control, then pairs a moved control with the cached baseline', async () => {
    const { store, holder, ctl, runs } = setup();
    store.getState().setControl('months', 24);
    store.getState().setControl('seed', 7);
    store.getState().setControl('seeds', 4);
    await settled(holder);
    let e = holder.state;
    expect(e).toMatchObject({ phase: 'done', seeds: 4, baseSeed: 7, done: 4, total: 4, baseline: null });
    expect(e.current!.finished().map((d) => d.seed)).toEqual([7, 8, 9, 10]);
    expect(e.current!.plan.months).toBe(24);
    expect(e.current!.badges().length).toBeGreaterThan(0);
    expect(runs).toHaveLength(4);

    store.getState().setControl('demand-growth', 0.1);
    await expect.poll(() => holder.state.baseline, { timeout: 5_000 }).not.toBeNull();
    await settled(holder);
    e = holder.state;
    expect(e).toMatchObject({ phase: 'done', done: 8, total: 8 });
    expect(e.baseline!.finished().map((d) => d.seed)).toEqual([7, 8, 9, 10]);
    // The baseline (the preset, same seeds and horizon) came from the cache: only the current side ran again.
    expect(runs).toHaveLength(8);
    expect(e.current!.finished()[0]!.resultHash).not.toBe(e.baseline!.finished()[0]!.resultHash);
    const moved = e.current!.finished().map((d) => d.resultHash);

    // Pinned: the baseline is the pinned settings, on the same seeds; they too come from the cache.
    store.getState().setBaselinePinned(true);
    store.getState().setControl('elasticity-short', -0.3);
    await expect.poll(() => holder.state.current !== e.current && holder.state.phase, { timeout: 5_000 }).toBe('done');
    expect(holder.state.baseline!.finished().map((d) => d.resultHash)).toEqual(moved);
    expect(runs).toHaveLength(12);
    ctl.dispose();
  });

  it('lets a newer request win, and Cancel keeps what finished', async () => {
    const { store, holder, ctl } = setup();
    store.getState().setControl('months', 12);
    store.getState().setControl('seeds', 30);
    await expect.poll(() => holder.state.done, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
    store.getState().setControl('seeds', 3);
    await settled(holder);
    expect(holder.state).toMatchObject({ phase: 'done', seeds: 3, total: 3, done: 3 });

    store.getState().setControl('seeds', 40);
    await expect.poll(() => holder.state.done, { timeout: 30_000, interval: 5 }).toBeGreaterThan(3);
    ctl.cancel();
    const kept = holder.state.done;
    expect(holder.state.phase).toBe('cancelled');
    expect(kept).toBeLessThan(40);
    await new Promise((r) => setTimeout(r, 100));
    expect(holder.state.done).toBe(kept);
    expect(holder.state.current!.done).toBe(kept);
    // Resume runs only the missing seeds.
    ctl.resume();
    await settled(holder);
    expect(holder.state).toMatchObject({ phase: 'done', done: 40 });
    store.getState().setControl('seeds', undefined);
    await expect.poll(() => holder.state.phase, { timeout: 5_000 }).toBe('off');
    ctl.dispose();
  });

  it('says plainly when the ensemble cannot run', async () => {
    const { store, holder, ctl } = setup();
    ctl.setPreset(specs.map((s) => (s.id === 'demand-growth' ? { ...s, overrides: () => ['no.such.path=1'] } : s)));
    store.getState().setControl('demand-growth', 0.1);
    store.getState().setControl('seeds', 3);
    await settled(holder);
    expect(holder.state.phase).toBe('failed');
    expect(holder.state.message).toMatch(/cannot run/);
    ctl.dispose();
  });
});
