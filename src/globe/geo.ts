/**
 * Sphere geometry helpers. The globe has radius 1; longitude 0 faces +x, the north pole +y, 90°E faces −z — the
 * mapping three's SphereGeometry uses for an equirectangular texture (u = (lon + 180) / 360, v = (lat + 90) / 180).
 */
import { Vector3 } from 'three';

const RAD = Math.PI / 180;

/** Returns the point at `lat`, `lon` (degrees) on a sphere of `radius`. */
export function latLonToVector(lat: number, lon: number, radius = 1, out = new Vector3()): Vector3 {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  return out.set(
    radius * Math.cos(phi) * Math.cos(lambda),
    radius * Math.sin(phi),
    -radius * Math.cos(phi) * Math.sin(lambda),
  );
}

/** Returns [lat, lon] in degrees of a texture coordinate on the sphere. */
export function uvToLatLon(u: number, v: number): [number, number] {
  return [v * 180 - 90, u * 360 - 180];
}

/**
 * Fills `out` with `segments + 1` points of a great-circle arc from `a` to `b` (unit vectors) lifted above the surface
 * by up to `lift`, as x, y, z triples.
 */
export function arcPoints(a: Vector3, b: Vector3, segments: number, lift: number, out: Float32Array, offset = 0): void {
  const angle = Math.max(1e-6, a.angleTo(b));
  const sin = Math.sin(angle);
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const wa = Math.sin((1 - t) * angle) / sin;
    const wb = Math.sin(t * angle) / sin;
    const h = 1 + lift * Math.sin(Math.PI * t);
    const j = offset + i * 3;
    out[j] = (a.x * wa + b.x * wb) * h;
    out[j + 1] = (a.y * wa + b.y * wb) * h;
    out[j + 2] = (a.z * wa + b.z * wb) * h;
  }
}
