/**
 * Single-field bound cases: every numeric field of the scenario schema (scenarios/schema.json) set alone to its
 * minimum and to its maximum, on four presets that between them hold every part of the engine (a zone with a levy and
 * a stockpile, a dumping cycle, separate mines and refineries, a ban), each run for 24 months with the engine's
 * invariant check. A value the schema refuses is no valid scenario and is skipped; every other must run with every
 * number finite, no negative price and every balance closed. A system test (`npm run test:system`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import { preset } from '../scenarios/preset-catalog.ts';

interface JsonSchemaNode {
  $ref?: string;
  anyOf?: JsonSchemaNode[];
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  minimum?: number;
  maximum?: number;
}

const schema = JSON.parse(readFileSync(new URL('../../scenarios/schema.json', import.meta.url), 'utf8')) as {
  $defs?: Record<string, JsonSchemaNode>;
} & JsonSchemaNode;

/** Every numeric field's dotted path (arrays at index 0) with its bounds. */
function numericFields(): [string, number | undefined, number | undefined][] {
  const out: [string, number | undefined, number | undefined][] = [];
  const walk = (node: JsonSchemaNode, path: string[]) => {
    const n = node.$ref ? (schema.$defs?.[node.$ref.split('/').pop()!] ?? node) : node;
    if (n.anyOf) for (const a of n.anyOf) walk(a, path);
    else if (n.type === 'object') for (const [k, v] of Object.entries(n.properties ?? {})) walk(v, [...path, k]);
    else if (n.type === 'array' && n.items) walk(n.items, [...path, '0']);
    else if (n.type === 'number' || n.type === 'integer') out.push([path.join('.'), n.minimum, n.maximum]);
  };
  walk(schema, []);
  return out;
}

describe('single-field bound cases', () => {
  it('run every numeric field at its minimum and maximum with every invariant held', () => {
    const fields = numericFields().filter(
      ([path]) => !['schema', 'months', 'seed'].includes(path) && !/^(sources|events)\./.test(path),
    );
    expect(fields.length).toBeGreaterThan(80);
    let runs = 0;
    const failures: string[] = [];
    for (const id of ['rare-earths-zone-2026', 'dumping-cycle', 'lithium-2021-boom-bust', 'export-ban-stockpile']) {
      for (const [path, lo, hi] of fields) {
        for (const v of [lo, hi]) {
          if (v === undefined) continue;
          const r = applyOverrides(preset(id), [`${path}=${v}`]);
          if (!r.ok) continue;
          runs++;
          try {
            runScenario(r.value, { checkInvariants: true, months: 24 });
          } catch (e) {
            failures.push(`${id} --set ${path}=${v}: ${String(e)}`);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(600);
    expect(failures).toEqual([]);
  }, 900_000);
});
