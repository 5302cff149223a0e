/**
 * The preset catalog as the browser sees it: every `scenarios/*.json` bundled by Vite at build time (no network at run
 * time), keyed by id through `catalogFromFiles` so ids and order agree with the CLI.
 */
import type { PresetCatalog } from '../scenario/parse.ts';
import { catalogFromFiles } from '../scenario/presets.ts';

const files = import.meta.glob('../../scenarios/*.json', { eager: true, import: 'default' });

/** Returns the bundled preset catalog (built once). */
export function loadPresetCatalog(): PresetCatalog {
  return cached ?? (cached = catalogFromFiles(Object.entries(files)));
}

let cached: PresetCatalog | undefined;
