/**
 * Where the globe opens (pure): on the scenario's actors — the dominant supplier and the zone's members, or, in a
 * scenario without members, the dominant and the other countries' facilities weighted by capacity. The view is centred
 * halfway between the dominant and the others' centre (so neither is pushed to the rim), and says how wide the actors
 * spread, for the camera to back off until they fit.
 */
import type { RunResult } from '../results/contract.ts';

/** A view of the globe: its centre and the largest angle, degrees, from the centre to an actor it should show. */
export interface ActorsView {
  lat: number;
  lon: number;
  spreadDeg: number;
  /** Codes of the countries framed, for tests and the key that says when to frame again. */
  codes: string[];
}

/** Actors farther than this from the centre, degrees, are left to the rim: a camera cannot show more than a hemisphere. */
const MAX_SPREAD_DEG = 75;

const RAD = Math.PI / 180;

type Vec = [number, number, number];

const toVec = (lat: number, lon: number): Vec => [
  Math.cos(lat * RAD) * Math.cos(lon * RAD),
  Math.sin(lat * RAD),
  Math.cos(lat * RAD) * Math.sin(lon * RAD),
];

const angleDeg = (a: Vec, b: Vec) =>
  Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) / RAD;

/** Returns the unit vector of the weighted sum of `points`, or null when they cancel out. */
function centreOf(points: { v: Vec; w: number }[]): Vec | null {
  const s: Vec = [0, 0, 0];
  for (const { v, w } of points) for (let i = 0; i < 3; i++) s[i]! += v[i]! * w;
  const n = Math.hypot(...s);
  return n < 1e-9 ? null : [s[0] / n, s[1] / n, s[2] / n];
}

/** Frames the actors of `r`; null when the result has no countries. */
export function buildActorsView(r: RunResult): ActorsView | null {
  const { countries } = r.meta;
  const C = countries.length;
  if (!C) return null;
  const months = r.meta.months;
  const everMember = countries.map((c, i) => {
    if (c.role === 'member') return true;
    for (let m = 0; m < months; m++) if (r.buffers.membership[m * C + i] === 1) return true;
    return false;
  });
  const dominant = countries.findIndex((c) => c.role === 'dominant');
  let others = countries.flatMap((_, i) => (everMember[i] && i !== dominant ? [{ i, w: 1 }] : []));
  if (!others.length) {
    const capacity = new Float64Array(C);
    r.meta.facilities.forEach((f, k) => (capacity[f.country]! += Math.max(0, r.buffers.facCapacityTpy[k] ?? 0)));
    others = [...capacity.keys()]
      .filter((i) => i !== dominant && capacity[i]! > 0)
      .sort((a, b) => capacity[b]! - capacity[a]!)
      .slice(0, 6)
      .map((i) => ({ i, w: capacity[i]! }));
  }
  const vecOf = (i: number) => toVec(countries[i]!.lat, countries[i]!.lon);
  const othersCentre = centreOf(others.map((o) => ({ v: vecOf(o.i), w: o.w })));
  const parts = [
    ...(dominant >= 0 ? [{ v: vecOf(dominant), w: 1 }] : []),
    ...(othersCentre ? [{ v: othersCentre, w: 1 }] : []),
  ];
  const centre = centreOf(parts) ?? parts[0]?.v ?? vecOf(0);
  const framed = [...(dominant >= 0 ? [dominant] : []), ...others.map((o) => o.i)];
  let spreadDeg = 0;
  for (const i of framed) {
    const a = angleDeg(centre, vecOf(i));
    if (a <= MAX_SPREAD_DEG) spreadDeg = Math.max(spreadDeg, a);
  }
  return {
    lat: Math.asin(Math.max(-1, Math.min(1, centre[1]))) / RAD,
    lon: Math.atan2(centre[2], centre[0]) / RAD,
    spreadDeg,
    codes: framed.map((i) => countries[i]!.code),
  };
}

/**
 * Returns the camera's distance from the globe's centre, in globe radii, at which a cap of `spreadDeg` around the
 * point facing the camera fills at most 85% of the narrower half of the view (`fovDeg` vertical, `aspect` w/h).
 */
export function fitDistance(spreadDeg: number, fovDeg: number, aspect: number, min = 1.8, max = 6): number {
  const halfV = (fovDeg / 2) * RAD;
  const halfH = Math.atan(Math.tan(halfV) * aspect);
  const half = 0.85 * Math.min(halfV, halfH);
  const s = Math.max(12, spreadDeg) * RAD;
  for (let d = min; d < max; d += 0.05) {
    // The cap's rim seen from distance d: visible (in front of the horizon) and within the half-angle.
    if (Math.cos(s) > 1 / d && Math.atan(Math.sin(s) / (d - Math.cos(s))) <= half) return d;
  }
  return max;
}
