/**
 * The preset catalog: raw scenario files by id. The browser builds it from `import.meta.glob`, the CLI from the
 * `scenarios/` folder; both go through `catalogFromFiles` so ids and order agree.
 */
import type { PresetCatalog } from './parse.ts';

/** The preset the app and CLI open when none is named. */
export const DEFAULT_PRESET = 'rare-earths-2024';

/** Builds a catalog from file names (any path ending in `<id>.json`) and their parsed JSON; skips `schema.json`. */
export function catalogFromFiles(files: Iterable<[string, unknown]>): PresetCatalog {
  const entries: [string, unknown][] = [];
  for (const [name, json] of files) {
    const m = /([^/\\]+)\.json$/.exec(name);
    if (!m || m[1] === 'schema') continue;
    entries.push([m[1]!, json]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries);
}

/** Returns id and title of every preset, for pickers and `chokepoint presets`. */
export function listPresets(catalog: PresetCatalog): { id: string; title: string }[] {
  return [...catalog].map(([id, raw]) => ({
    id,
    title: raw && typeof raw === 'object' && 'title' in raw ? String(raw.title) : id,
  }));
}
