import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildScenarioJsonSchema } from '../../src/cli/scenario-json-schema.ts';

describe('scenarios/schema.json', () => {
  it('equals a fresh generation from the zod schema (run `npm run schema` after changing the schema)', () => {
    const committed = readFileSync(new URL('../../scenarios/schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(buildScenarioJsonSchema());
  });

  it('describes the scenario as written in a file: required fields only where there is no default', () => {
    const schema = JSON.parse(buildScenarioJsonSchema());
    expect(schema.type).toBe('object');
    expect([...schema.required].sort()).toEqual(['countries', 'market', 'months', 'schema', 'start', 'title']);
    expect(schema.properties.months).toMatchObject({ type: 'integer', minimum: 12, maximum: 1200 });
  });
});
