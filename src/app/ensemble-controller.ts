/**
 * Keeps the ensemble in step with the controls. With Seeds N > 1 the current scenario runs on seeds s … s+N−1 (s the
 * Seed control) across the worker pool, and so does the baseline — the preset as shipped, or the pinned run's
 * settings, or the scenario without its zone's instruments — on the same seeds and horizon (common random numbers), unless it is the current scenario itself. Runs go
 * out interleaved (current seed k, baseline seed k, …) so paired differences fill in as fast as the bands. Finished
 * runs are cached by request and seed: after a control moves only the current side runs again.
 *
 * A scenario opened from a link or a file runs as the run controller sends it (whole, without `extends`), against the
 * preset it starts from (or itself). A change of controls, preset, scenario or baseline cancels the running ensemble
 * (latest wins) and starts the new one once the change is complete (changes made together start one); the holder is
 * touched at most once per animation frame as runs come in, and at once when the last is in. Cancel terminates the
 * workers and keeps the finished runs; Resume runs the missing seeds. Focus on the Seeds field starts the workers.
 */
import type { RunRequest } from '../bridge/protocol.ts';
import type { EnsemblePool, EnsembleTask } from '../client/ensemble-pool.ts';
import type { PoolJob } from '../client/pool.ts';
import { EnsembleCollector } from '../ensemble/collect.ts';
import { type SweepPlan, expandPlan } from '../ensemble/plan.ts';
import { formatProblems } from '../lib/result.ts';
import { createDigestCache } from '../state/digest-cache.ts';
import { type EnsembleHolder, NO_ENSEMBLE } from '../state/ensemble.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { AppStore, OpenedScenario } from '../state/store.ts';
import type { ControlSpec } from './controls/control-types.ts';
import { controlRequest } from './controls/controls-spec.ts';
import { scenarioToSend } from './scenario-file.ts';
import { seedsOf } from './seeds.ts';

/** The controller's handle. */
export interface EnsembleController {
  /**
   * Tells it the open preset's controls (null when the preset cannot open) and the overrides that remove its zone's
   * instruments (null without a zone), for the "without the zone" baseline.
   */
  setPreset(specs: ControlSpec[] | null, noZone?: string[] | null): void;
  /** Stops the running ensemble: its workers are terminated, its finished runs stay. */
  cancel(): void;
  /** Runs the seeds a cancelled or failed ensemble is missing. */
  resume(): void;
  dispose(): void;
}

/** Animation-frame scheduling, injectable for tests. */
export interface FrameScheduler {
  request(cb: () => void): number;
  cancel(handle: number): void;
}

const RAF: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

/** Starts the controller. */
export function startEnsembleController(
  store: AppStore,
  holder: EnsembleHolder,
  pool: EnsemblePool,
  frames: FrameScheduler = RAF,
): EnsembleController {
  let presetId = '';
  let specs: ControlSpec[] | null = null;
  let noZone: string[] | null = null;
  let pinned: RunRequest | null = null;
  let signature = '';
  let job: PoolJob | null = null;
  let token = 0;
  let startGate = 0;
  let touchGate = 0;
  const cache = createDigestCache(3);
  // An opened scenario (link, file) is named in keys by a number, not by its whole JSON.
  const sentOf = new WeakMap<OpenedScenario, { id: number; scenario: Scenario }>();
  const scenarioIds = new WeakMap<object, number>();
  let openedCount = 0;
  const keyOf = (r: RunRequest) =>
    JSON.stringify([r.presetId, r.scenario ? scenarioIds.get(r.scenario) : null, r.overrides ?? [], r.months ?? null]);
  const sent = (opened: OpenedScenario | null) => {
    if (!opened) return undefined;
    let hit = sentOf.get(opened);
    if (!hit) {
      hit = { id: ++openedCount, scenario: scenarioToSend(opened) };
      sentOf.set(opened, hit);
      scenarioIds.set(hit.scenario, hit.id);
    }
    return hit.scenario;
  };

  /** The current run's request (as the run controller sends it, without seed and horizon). */
  const requestNow = (): RunRequest => {
    const s = store.getState();
    const scenario = sent(s.opened);
    return {
      presetId,
      ...(scenario ? { scenario } : {}),
      overrides: controlRequest(specs ?? [], s.controls).overrides,
    };
  };

  const wanted = () => {
    const s = store.getState();
    const { seed, months } = controlRequest(specs ?? [], s.controls);
    const current: RunRequest = { ...requestNow(), seed, months };
    const opened = s.opened;
    const shipped: RunRequest = opened?.baseId
      ? { presetId: opened.baseId }
      : { presetId, ...(opened ? { scenario: sent(opened) } : {}) };
    const withoutZone: RunRequest | null =
      s.baselineKind === 'no-zone' && noZone
        ? { presetId, ...(opened ? { scenario: sent(opened) } : {}), overrides: noZone }
        : null;
    const baseline: RunRequest = {
      ...(s.baselinePinned && pinned ? pinned : (withoutZone ?? shipped)),
      seed,
      months,
    };
    return { seeds: seedsOf(s.controls.seeds), current, baseline, key: [keyOf(current), keyOf(baseline), seed] };
  };

  const stopJob = () => {
    token++;
    job?.cancel();
    job = null;
    frames.cancel(touchGate);
    touchGate = 0;
  };

  const finished = () => (holder.state.current?.done ?? 0) + (holder.state.baseline?.done ?? 0);

  const fail = (message: string) => {
    stopJob();
    holder.touch({ phase: 'failed', message, done: finished() });
  };

  const start = () => {
    startGate = 0;
    const w = wanted();
    const sig = JSON.stringify([w.seeds, w.key]);
    if (sig === signature) return;
    signature = sig;
    stopJob();
    if (w.seeds <= 1 || !specs) return holder.set(NO_ENSEMBLE);
    const sides = keyOf(w.current) === keyOf(w.baseline) ? [w.current] : [w.current, w.baseline];
    const my = token;
    const plans: SweepPlan[] = [];
    holder.set({ ...NO_ENSEMBLE, phase: 'planning', seeds: w.seeds, total: w.seeds * sides.length });
    job = pool.start(
      sides.map((run) => ({ kind: 'plan', request: { run, runs: w.seeds } })),
      {
        onResult(out, _task, i) {
          if (my !== token) return;
          if (!out.ok) return fail(`The ensemble cannot run: ${formatProblems(out.problems.slice(0, 3))}`);
          if (!('plan' in out)) return;
          plans[i] = expandPlan(out.plan);
          if (plans.filter(Boolean).length === sides.length) runSeeds(my, sides, plans);
        },
        onError: (e) => fail(`An ensemble worker stopped (${(e as Error).message ?? e}).`),
      },
    );
  };

  const runSeeds = (my: number, sides: RunRequest[], plans: SweepPlan[]) => {
    if (plans[1] && (plans[1].months !== plans[0]!.months || plans[1].start !== plans[0]!.start)) {
      sides = sides.slice(0, 1);
      plans = plans.slice(0, 1);
    }
    const collectors = plans.map((p) => new EnsembleCollector(p));
    const tasks: EnsembleTask[] = [];
    const sideOf: number[] = [];
    for (let k = 0; k < plans[0]!.specs.length; k++) {
      plans.forEach((plan, side) => {
        const spec = plan.specs[k]!;
        const hit = cache.get(keyOf(sides[side]!), spec.seed);
        if (hit) collectors[side]!.add(hit.index === spec.index ? hit : { ...hit, index: spec.index });
        else {
          tasks.push({ kind: 'summarize', request: { run: sides[side]!, spec, months: plan.months } });
          sideOf.push(side);
        }
      });
    }
    const total = collectors.reduce((n, c) => n + c.plan.totalRuns, 0);
    let done = total - tasks.length;
    const state = { current: collectors[0]!, baseline: collectors[1] ?? null, done, total, message: null };
    const s = store.getState();
    const baseSeed = plans[0]!.baseSeed;
    holder.set({ ...state, phase: tasks.length ? 'running' : 'done', seeds: seedsOf(s.controls.seeds), baseSeed });
    if (!tasks.length) return;
    job = pool.start(tasks, {
      onResult(out, _task, i) {
        if (my !== token) return;
        if (!out.ok) return fail(`A run of the ensemble failed: ${formatProblems(out.problems.slice(0, 3))}`);
        if (!('digest' in out)) return;
        const side = sideOf[i]!;
        cache.put(keyOf(sides[side]!), out.digest);
        collectors[side]!.add(out.digest);
        done++;
        if (done === total) {
          frames.cancel(touchGate);
          touchGate = 0;
          job = null;
          return holder.touch({ phase: 'done', done });
        }
        touchGate ||= frames.request(() => {
          touchGate = 0;
          if (my === token) holder.touch({ done });
        });
      },
      onError: (e) => fail(`An ensemble worker stopped (${(e as Error).message ?? e}); the finished runs are kept.`),
    });
  };

  // Changes made together (in one task) start one ensemble; not tied to frames, which a busy GPU can slow down.
  const schedule = () => {
    startGate ||= setTimeout(start, 0) as unknown as number;
  };
  // Focus on the Seeds field starts the workers while the number is typed.
  const onFocus = (e: FocusEvent) => {
    if ((e.target as HTMLElement | null)?.id === 'control-seeds') pool.warm();
  };
  globalThis.document?.addEventListener('focusin', onFocus);

  const unsub = store.subscribe((s, prev) => {
    if (s.baselinePinned !== prev.baselinePinned) pinned = s.baselinePinned ? requestNow() : null;
    if (
      s.controls !== prev.controls ||
      s.baselinePinned !== prev.baselinePinned ||
      s.baselineKind !== prev.baselineKind ||
      s.presetId !== prev.presetId ||
      s.opened !== prev.opened
    ) {
      schedule();
    }
  });

  return {
    setPreset(next, zoneless = null) {
      presetId = store.getState().presetId;
      specs = next;
      noZone = zoneless;
      pinned = null;
      signature = '';
      schedule();
    },
    cancel() {
      const phase = holder.state.phase;
      if (phase !== 'planning' && phase !== 'running') return;
      stopJob();
      pool.stop();
      holder.touch({ phase: 'cancelled', done: finished() });
    },
    resume() {
      signature = '';
      start();
    },
    dispose() {
      unsub();
      stopJob();
      clearTimeout(startGate);
      globalThis.document?.removeEventListener('focusin', onFocus);
      pool.stop();
    },
  };
}
