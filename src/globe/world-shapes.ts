/**
 * Country outlines from world-atlas `countries-110m.json`, bundled by Vite as JSON (no network), turned into GeoJSON
 * features with topojson-client and keyed by ISO alpha-3 code.
 */
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import { alpha3Of } from './iso-codes.ts';

/** One country's outline. */
export interface CountryShape {
  /** ISO alpha-3, or null when the atlas has no code for it. */
  code: string | null;
  name: string;
  feature: Feature<Geometry, { name: string }>;
}

let shapes: CountryShape[] | undefined;

/** Returns every country outline of the atlas (parsed once). */
export function loadCountryShapes(): CountryShape[] {
  if (shapes) return shapes;
  const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  shapes = fc.features.map((f) => ({
    code: alpha3Of(f.id, f.properties.name),
    name: f.properties.name,
    feature: f,
  }));
  return shapes;
}
