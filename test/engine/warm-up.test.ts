/**
 * The warm-up a worker runs before its first seed (run.ts `warmUp`) changes no result: a run shares no state with
 * another, so the runs after it give the hashes of runs made before it, in a fresh module.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, warmUp } from '../../src/engine/run.ts';
import { preset } from '../scenarios/preset-catalog.ts';

describe('the engine warm-up', () => {
  it('leaves every later run bit for bit as it was', () => {
    const zone = preset('rare-earths-zone-2026');
    const cycle = preset('dumping-cycle');
    const before = [runScenario(zone, { seed: 7, months: 24 }), runScenario(cycle, { seed: 3 })];
    warmUp(cycle);
    warmUp(zone);
    const after = [runScenario(zone, { seed: 7, months: 24 }), runScenario(cycle, { seed: 3 })];
    expect(after.map((r) => r.resultHash)).toEqual(before.map((r) => r.resultHash));
    expect(after[0]!.kpis).toEqual(before[0]!.kpis);
  });

  it('beats while it works, as a run does, so a worker’s heartbeat never falls silent', () => {
    const beats: number[] = [];
    warmUp(preset('dumping-cycle'), (f) => beats.push(f));
    // Each of the two one-month runs reports its month, then again while it hashes.
    expect(beats.filter((f) => f === 1).length).toBeGreaterThanOrEqual(4);
  });
});
