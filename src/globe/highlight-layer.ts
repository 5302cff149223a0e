/** Outlines the hovered country on the sphere (line segments just above the surface, long edges subdivided). */
import type { Position } from 'geojson';
import { BufferGeometry, Float32BufferAttribute, LineBasicMaterial, LineSegments } from 'three';
import { latLonToVector } from './geo.ts';
import type { CountryShape } from './world-shapes.ts';
import { disposeObject } from './dispose.ts';

/** The highlight layer. */
export interface HighlightLayer {
  object: LineSegments;
  show(shape: CountryShape | null): void;
  dispose(): void;
}

/** Creates the hover outline. */
export function createHighlightLayer(): HighlightLayer {
  const geometry = new BufferGeometry();
  const material = new LineBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.95 });
  const object = new LineSegments(geometry, material);
  object.name = 'highlight';
  let current: CountryShape | null = null;
  return {
    object,
    show(shape) {
      if (shape === current) return;
      current = shape;
      geometry.setAttribute('position', new Float32BufferAttribute(shape ? outline(shape) : [], 3));
      geometry.computeBoundingSphere();
      object.visible = shape !== null;
    },
    dispose: () => disposeObject(object),
  };
}

function outline(shape: CountryShape): number[] {
  const out: number[] = [];
  const g = shape.feature.geometry;
  const polygons: Position[][][] =
    g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of polygons) for (const ring of poly) addRing(ring, out);
  return out;
}

function addRing(ring: Position[], out: number[]): void {
  const v = latLonToVector(0, 0);
  for (let i = 1; i < ring.length; i++) {
    const [lon0, lat0] = ring[i - 1]!;
    const [lon1, lat1] = ring[i]!;
    if (Math.abs(lon1! - lon0!) > 180) continue; // the ring wraps the antimeridian here
    const steps = Math.max(1, Math.ceil(Math.hypot(lon1! - lon0!, lat1! - lat0!) / 2));
    for (let k = 0; k < steps; k++) {
      for (const t of [k / steps, (k + 1) / steps]) {
        latLonToVector(lat0! + (lat1! - lat0!) * t, lon0! + (lon1! - lon0!) * t, 1.003, v);
        out.push(v.x, v.y, v.z);
      }
    }
  }
}
