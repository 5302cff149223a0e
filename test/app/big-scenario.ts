/**
 * A scenario past the page's interactive bound (INTERACTIVE_WORK, 12.5 million unit-months): the zone preset (60
 * countries) for 1,200 months with 8,000 plants, 1,200 × (60² + 8,000 + projects) ≈ 14 million. The plants are the
 * ones the zone preset takes from `rare-earths-2024`, split into copies, so the file stays a valid scenario well under
 * the 2 MB upload limit.
 */
import { readFileSync } from 'node:fs';

interface FacilityInput {
  id: string;
  capacityTpy: number;
  [key: string]: unknown;
}

/** Returns the scenario, as a file would hold it (it `extends` the zone preset). */
export function pastInteractiveBound(): Record<string, unknown> {
  const base = JSON.parse(readFileSync('scenarios/rare-earths-2024.json', 'utf8')) as { facilities: FacilityInput[] };
  const copies = Math.ceil(8000 / base.facilities.length);
  const facilities = Array.from({ length: copies }, (_, k) =>
    base.facilities.map(({ note: _note, ...f }, i) => ({
      ...f,
      id: `f${k}-${i}`,
      name: `f${k}-${i}`,
      capacityTpy: f.capacityTpy / copies,
    })),
  ).flat();
  return { schema: 1, extends: 'rare-earths-zone-2026', title: 'Long', months: 1200, facilities };
}
