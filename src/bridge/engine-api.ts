/**
 * The engine's API as the worker exposes it (the types are in protocol.ts). A request names a preset
 * (or carries a scenario object) plus `--set`-style overrides; the worker parses and validates it exactly as the CLI
 * does (overrides applied to the parsed scenario, validated after each), runs it, and returns the result with its
 * buffers transferred — or the problems, each with its JSON path. Nothing throws across the worker.
 */
import { transfer } from 'comlink';
import { z } from 'zod';
import { runScenario } from '../engine/run.ts';
import { bufferList, type RunResult } from '../results/contract.ts';
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
        return transfer({ ok: true, result }, uniqueBuffers(result));
      } catch (e) {
        return { ok: false, problems: [{ path: '(engine)', message: (e as Error).message }] };
      }
    },
  };
}

function uniqueBuffers(result: RunResult): ArrayBuffer[] {
  return [...new Set(bufferList(result.buffers))];
}
