/** Loads the presets of `scenarios/` for tests, as the CLI does. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/parse.ts';
import { catalogFromFiles } from '../../src/scenario/presets.ts';
import type { Scenario } from '../../src/scenario/schema.ts';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');

/** Every preset file by id. */
export const catalog = catalogFromFiles(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))] as [string, unknown]),
);

/** Parses a preset, throwing with its problems if it is invalid. */
export function preset(id: string): Scenario {
  const r = parseScenario(catalog.get(id), catalog);
  if (!r.ok) throw new Error(`${id}: ${r.error.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return r.value;
}
