/**
 * Reads the presets shipped in the package's `scenarios/` folder — found from this file's location, so the CLI sees
 * the same presets from any working directory.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PresetCatalog } from '../scenario/parse.ts';
import { catalogFromFiles } from '../scenario/presets.ts';
import { parseJsonText } from '../scenario/safe-json.ts';
import type { Problem } from '../lib/result.ts';

/** The package's `scenarios/` folder (this file is `src/cli/preset-files.ts`, as `bin/` is one level down too). */
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** A catalog plus the preset files that could not be read (they are left out of it). */
export interface LoadedCatalog {
  catalog: PresetCatalog;
  broken: Problem[];
}

/** Reads every `*.json` in `dir` (except `schema.json`) into a catalog; an unreadable file becomes a problem. */
export function readPresetCatalog(dir: string = SCENARIOS_DIR): LoadedCatalog {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'schema.json');
  } catch {
    return { catalog: new Map(), broken: [] };
  }
  const files: [string, unknown][] = [];
  const broken: Problem[] = [];
  for (const name of names.sort()) {
    const where = join(dir, name);
    let text: string;
    try {
      text = readFileSync(where, 'utf8');
    } catch (e) {
      broken.push({ path: where, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const parsed = parseJsonText(stripBom(text), where);
    if (parsed.ok) files.push([name, parsed.value]);
    else broken.push(...parsed.error);
  }
  return { catalog: catalogFromFiles(files), broken };
}

/** Removes a UTF-8 byte-order mark, which some editors write and JSON.parse rejects. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
