/**
 * Keeps the results in step with the UI state. The preset as shipped runs once as the baseline; every change of the
 * controls re-runs the whole horizon through the latest-wins scheduler, at most one request per animation frame: a
 * change goes out at once (after the current task, so changes made together travel together) unless a request left
 * less than a frame ago; then it waits for the next animation frame. A request reads the store when it is sent, so the
 * last value is never dropped. Problems and a dead worker become a status message; the last good run stays on screen.
 *
 * A scenario opened from a link or a file (`opened` in the store) runs instead of the preset as shipped, sent whole
 * without `extends`; its baseline is the preset it starts from, or its own run when it has none.
 */
import type { RunRequest, RunResponse } from '../bridge/protocol.ts';
import type { EngineClient } from '../client/engine-client.ts';
import { createRunScheduler } from '../client/scheduler.ts';
import { formatProblems } from '../lib/result.ts';
import type { RunResult } from '../results/contract.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import type { ControlSpec } from './controls/control-types.ts';
import { buildControls, controlRequest } from './controls/controls-spec.ts';
import { expectedRunMs, scenarioToSend } from './scenario-file.ts';
import { onlySeedsDiffer } from './seeds.ts';
import { withoutZoneOverrides } from './without-zone.ts';

/** A frame at 60 Hz, ms: requests never leave more often than this. */
const FRAME_MS = 16;

/** What the page shows about the open preset. */
export interface PresetInfo {
  scenario: Scenario | null;
  specs: ControlSpec[];
  problems: string | null;
}

/** Starts the controller; `onPreset` is called with each preset's scenario and controls. */
/** True for a parsed scenario (what the page sends for an opened file), so its size can be read. */
const isScenario = (x: unknown): x is Scenario => {
  const s = x as Partial<Scenario> | undefined;
  return !!s && typeof s.months === 'number' && [s.countries, s.facilities, s.pipeline].every(Array.isArray);
};

export function startRunController(
  store: AppStore,
  results: ResultsHolder,
  client: EngineClient,
  catalog: PresetCatalog,
  onPreset: (info: PresetInfo) => void,
): () => void {
  let presetId = '';
  let specs: ControlSpec[] = [];
  let baseline: Promise<RunResponse> = Promise.resolve({ ok: false, problems: [] });
  let baselineRequest: RunRequest = {};
  let baselineFailed = false;
  let baselineResult: RunResult | null = null;
  /** Counts the presets and scenarios opened; `shown` is the one whose run is on screen. */
  let opening = 0;
  let shown = -1;
  /** The opened scenario as sent to the worker, or undefined for a preset. */
  let sent: Scenario | undefined;
  let gate = 0;
  let pending = false;
  let lastSend = -Infinity;

  const fail = (message: string) => store.getState().setStatus({ kind: 'error', message });
  let baselineAbort = new AbortController();
  /** The preset (or opened scenario) as shipped: what an unmoved request shows. */
  let shipped: Promise<RunResponse> = baseline;
  let shippedRequest: RunRequest = {};
  /**
   * True for a request the shipped run answers: nothing moved, and the same preset or opened scenario. (An opened
   * scenario with no preset to start from is its own shipped run, so it runs once, not twice.)
   */
  const isDefault = (r: RunRequest) =>
    r.scenario === shippedRequest.scenario &&
    r.presetId === shippedRequest.presetId &&
    !r.overrides?.length &&
    r.seed === undefined &&
    r.months === undefined;
  let shippedFailed = false;
  /** The scenario on screen without its zone's instruments, or null when it has no zone. */
  let noZone: RunRequest | null = null;
  /** True while the baseline is the scenario without its zone (not the shipped run). */
  let zoneBaseline = false;
  let zoneAbort = new AbortController();
  /** Runs the scenario as shipped and, when the baseline is the scenario without its zone, that too. */
  const runBaseline = (req: RunRequest) => {
    // A baseline nobody waits for any more must not hold the worker (a long run is stopped, not waited for).
    baselineAbort.abort(new DOMException('another scenario was opened', 'AbortError'));
    baselineAbort = new AbortController();
    shippedRequest = req;
    shippedFailed = false;
    const run = client.run(req, baselineAbort.signal);
    shipped = run;
    run.catch(() => {
      if (shipped === run) shippedFailed = true;
    });
    compareWith();
  };
  /** Starts (or reuses) the run compared against, by the store's baseline kind. */
  const compareWith = () => {
    const at = opening;
    zoneAbort.abort(new DOMException('another baseline was chosen', 'AbortError'));
    zoneAbort = new AbortController();
    baselineFailed = false;
    baselineResult = null;
    zoneBaseline = store.getState().baselineKind === 'no-zone' && noZone !== null;
    baselineRequest = zoneBaseline ? noZone! : shippedRequest;
    const run = zoneBaseline ? client.run(baselineRequest, zoneAbort.signal) : shipped;
    baseline = run;
    run.then(
      (res) => {
        if (at !== opening || baseline !== run || !res.ok) return;
        baselineResult = res.result;
        // A run shown before its baseline arrived gets it now.
        if (shown === at && !store.getState().baselinePinned && results.baseline !== res.result) {
          results.setBaseline(res.result);
        }
      },
      // A worker that died under the baseline must not leave it failed for good: the next use runs it again.
      () => {
        if (baseline === run) baselineFailed = true;
      },
    );
  };
  const scheduler = createRunScheduler<RunRequest, RunResponse>(
    (req, signal) => {
      if (!isDefault(req)) return client.run(req, signal);
      if (shippedFailed) runBaseline(shippedRequest);
      else if (baselineFailed) compareWith();
      return shipped;
    },
    {
      onResult(res, req) {
        performance.mark('chokepoint:result');
        if (req.presetId !== presetId || req.scenario !== sent) return;
        if (!res.ok) return fail(`This setting cannot run: ${formatProblems(res.problems.slice(0, 3))}`);
        const s = store.getState();
        const pinnedOrBase = s.baselinePinned
          ? results.baseline
          : isDefault(req) && !zoneBaseline
            ? res.result
            : baselineResult;
        shown = opening;
        results.setBoth(res.result, pinnedOrBase);
        if (s.cursor >= res.result.meta.months) s.setCursor(res.result.meta.months - 1, res.result.meta.months);
        s.setStatus({ kind: 'ready' });
      },
      onError(err) {
        fail(`The engine stopped (${(err as Error).message ?? err}); the last good run is still shown.`);
      },
      onBusy(busy) {
        if (busy) store.getState().setStatus({ kind: 'running' });
      },
    },
    { expectedMs: (req) => (isScenario(req.scenario) ? expectedRunMs(req.scenario, req.months) : undefined) },
  );

  const send = () => {
    if (!pending) return;
    pending = false;
    lastSend = performance.now();
    const s = store.getState();
    performance.mark('chokepoint:request');
    scheduler.request({ presetId, ...(sent ? { scenario: sent } : {}), ...controlRequest(specs, s.controls) });
  };
  const schedule = () => {
    pending = true;
    if (gate) return;
    if (performance.now() - lastSend >= FRAME_MS) return queueMicrotask(send);
    gate = requestAnimationFrame(() => {
      gate = 0;
      send();
    });
  };

  /** A scenario with a zone opens against itself without the zone; one without, against itself as shipped. */
  let choosing = false;
  const chooseBaseline = (scenario: Scenario, request: RunRequest) => {
    const overrides = withoutZoneOverrides(scenario);
    noZone = overrides ? { ...request, overrides } : null;
    choosing = true;
    store.getState().setBaselineKind(noZone ? 'no-zone' : 'preset');
    choosing = false;
  };

  const openPreset = (id: string) => {
    presetId = id;
    opening++;
    scheduler.cancel();
    const opened = store.getState().opened;
    sent = opened ? scenarioToSend(opened) : undefined;
    if (opened) {
      chooseBaseline(opened.scenario, { presetId: id, scenario: sent });
      specs = buildControls(opened.scenario, opened.label);
      onPreset({ scenario: opened.scenario, specs, problems: null });
      runBaseline(opened.baseId ? { presetId: opened.baseId } : { presetId: id, scenario: sent });
      return schedule();
    }
    const raw = catalog.get(id);
    const parsed = raw === undefined ? null : parseScenario(raw, catalog);
    if (!parsed || !parsed.ok) {
      const problems = parsed ? formatProblems(parsed.error.slice(0, 5)) : `unknown preset "${id}"`;
      specs = [];
      onPreset({ scenario: null, specs, problems });
      return fail(`Preset "${id}" cannot be opened: ${problems}`);
    }
    chooseBaseline(parsed.value, { presetId: id });
    specs = buildControls(parsed.value, id);
    onPreset({ scenario: parsed.value, specs, problems: null });
    runBaseline({ presetId: id });
    schedule();
  };

  const unsub = store.subscribe((s, prev) => {
    if (s.presetId !== prev.presetId || s.opened !== prev.opened) return openPreset(s.presetId);
    // The Seeds count drives the ensemble, not this run.
    if (s.controls !== prev.controls && !onlySeedsDiffer(s.controls, prev.controls)) schedule();
    if (s.baselineKind !== prev.baselineKind && !choosing) {
      compareWith();
      if (s.baselinePinned === prev.baselinePinned) return;
    }
    if (s.baselinePinned !== prev.baselinePinned) {
      if (s.baselinePinned) results.setBaseline(results.current);
      else
        void baseline.then((res) => {
          if (res.ok && !store.getState().baselinePinned && store.getState().presetId === presetId) {
            results.setBaseline(res.result);
          }
        });
    }
  });
  openPreset(store.getState().presetId);
  return () => {
    unsub();
    cancelAnimationFrame(gate);
    scheduler.cancel();
  };
}
