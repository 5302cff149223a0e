/**
 * Reproducers of defects found by attacking the engine with valid input (issue: every number finite, no negative
 * price). Each runs with the engine's own invariant check on, which throws on a negative price or a broken balance.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import { preset } from '../scenarios/preset-catalog.ts';

function withSettings(id: string, settings: string[]) {
  const r = applyOverrides(preset(id), settings);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('valid settings give valid numbers', () => {
  it('never prices below zero when a 500% domestic margin meets a flood (0.1: −78.19 $/kg in India)', () => {
    const s = withSettings('dumping-cycle-floor', ['dominant.domesticMargin=5']);
    const r = runScenario(s, { checkInvariants: true });
    let lowest = Infinity;
    for (const p of r.buffers.price) if (p === p) lowest = Math.min(lowest, p);
    expect(lowest).toBeGreaterThanOrEqual(0);
    // The subsidy still bites: the dominant pays state support for it.
    expect(r.kpis.state_support_musd).toBeGreaterThan(0);
  });
});

describe('a run keeps its heartbeat', () => {
  it('reports progress after every month, then again between the buffers it hashes, so a page worker never falls silent', () => {
    const calls: number[] = [];
    const r = runScenario(preset('rare-earths-2024'), { months: 24, onProgress: (f) => calls.push(f) });
    const months = calls.slice(0, 24);
    expect(months).toEqual(Array.from({ length: 24 }, (_, m) => (m + 1) / 24));
    // After the last month: once after the buffers are finished, once after the KPIs, once per buffer hashed.
    const tail = calls.slice(24);
    expect(tail).toHaveLength(2 + Object.keys(r.buffers).length);
    expect(tail.every((f) => f === 1)).toBe(true);
  });
});
