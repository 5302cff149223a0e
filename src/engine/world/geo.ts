/** Great-circle geometry for distance-based transport costs. */
import { asin as dAsin, cos as dCos, sin as dSin } from '../../lib/dmath.ts';

const EARTH_RADIUS_KM = 6371;

/** Returns the great-circle distance between two points given in degrees, km. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = dSin(dLat / 2) * dSin(dLat / 2) + dCos(lat1 * r) * dCos(lat2 * r) * dSin(dLon / 2) * dSin(dLon / 2);
  return 2 * EARTH_RADIUS_KM * dAsin(Math.min(1, Math.sqrt(a)));
}
