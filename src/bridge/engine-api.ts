/**
 * The engine's API as the worker exposes it (the types are in protocol.ts). A request names a preset
 * (or carries a scenario object) plus `--set`-style overrides; the worker parses and validates it exactly as the CLI
 * does (overrides applied to the parsed scenario, validated after each), runs it, and returns the result — or the
 * problems, each with its JSON path. Nothing throws across the worker.
 *
 * The result's buffers are copied to the page, not transferred: transferring detaches them, and once any buffer in a
 * JavaScript engine's heap has been detached, V8 makes the optimised code of every typed-array access check for it,
 * so every later run in that worker was about 15% slower (rare-earths-2024, 30.3 → 35.0 ms CPU), and the first
 * after it recompiled the engine. A copy costs 0.2–1.4 ms a run (0.7–1.9 MB).
 */
import { z } from 'zod';
import { runScenario } from '../engine/run.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import { loadPresetCatalog } from './preset-catalog.ts';
import { type EngineApi, buildRequestScenario } from './protocol.ts';

/** What the engine API reports while it works. */
export interface EngineApiOptions {
  /** Called before and after parsing and after every month of a run: the worker's heartbeat (heartbeat.ts). */
  onBeat?: () => void;
}

/** Creates the engine API over a preset catalog (by default the bundled `scenarios/`). */
export function createEngineApi(
  catalog: PresetCatalog = loadPresetCatalog(),
  options: EngineApiOptions = {},
): EngineApi {
  // Zod's JIT probes `new Function`, which a strict Content-Security-Policy reports as a violation.
  z.config({ jitless: true });
  const beat = options.onBeat;
  return {
    run(request) {
      beat?.();
      const scenario = buildRequestScenario(request, catalog);
      beat?.();
      if (!scenario.ok) return { ok: false, problems: scenario.error };
      try {
        const result = runScenario(scenario.value, { seed: request.seed, months: request.months, onProgress: beat });
        return { ok: true, result };
      } catch (e) {
        return { ok: false, problems: [{ path: '(engine)', message: (e as Error).message }] };
      }
    },
  };
}
