import { z } from 'zod';
import { scenario } from '../scenario/schema.ts';

/**
 * Generates `scenarios/schema.json` (for editors' completion and checking) from the zod schema, describing input as
 * written in a file: fields with defaults are optional. Run `npm run schema` after changing the schema; a test fails
 * while the committed file is stale.
 */
export function buildScenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenario, { io: 'input' });
  return JSON.stringify({ ...schema, title: 'Chokepoint scenario' }, null, 2) + '\n';
}
