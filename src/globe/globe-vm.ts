/**
 * The globe's view-model, pure: where each facility sits and how big it is (once per result), and per cursor month the
 * countries' roles, facility states, closures to flash and the largest trade flows as arcs.
 */
import type { RunResult } from '../results/contract.ts';
import { DISPLAY_STATES, type DisplayState } from '../state/palette.ts';
import {
  type CountryRole,
  countryIndex,
  countryValue,
  displayStateAt,
  flowRange,
  roleAt,
} from '../state/result-columns.ts';

/** Per-result facts. */
export interface GlobeStatic {
  /** [lat, lon] of each facility marker: around its country's point on a golden-angle spiral, so markers do not overlap. */
  facilityLatLon: [number, number][];
  /** Marker radius per facility, globe radii (area ∝ capacity). */
  facilitySize: Float32Array;
  /** Largest flow of the run, t/month: arcs' widths are scaled to it so they compare across months. */
  maxFlowT: number;
}

/** One trade-flow arc. */
export interface ArcVm {
  from: [number, number];
  to: [number, number];
  tonnes: number;
  /** 0 concentrate, 1 refined. */
  stage: number;
  /** Half-width, globe radii. */
  width: number;
}

/** What the globe shows in one month. */
export interface GlobeFrame {
  roles: Map<string, CountryRole>;
  /** Display state per facility; null when it does not exist yet. */
  states: (DisplayState | null)[];
  /** Facilities that closed since the cursor's previous month (this month alone when it jumped or went back). */
  closing: number[];
  arcs: ArcVm[];
}

/**
 * Arcs drawn per month, the largest flows first: the arcs layer keeps playback under 50 ms a frame with this many
 * under a software renderer (bench/arcs.ts), its hairlines for all but the largest flows keeping a crowded globe
 * readable.
 */
export const MAX_ARCS = 2000;

/**
 * Returns an arc's half-width, globe radii: 0.0015 (about a pixel across at the default zoom) plus up to 0.009 with
 * the square root of its tonnes over the run's largest flow, so widths compare across the run.
 */
export function arcWidth(tonnes: number, maxFlowT: number): number {
  return 0.0015 + 0.009 * Math.sqrt(tonnes / maxFlowT);
}

/** Builds the per-result facts. */
export function buildGlobeStatic(r: RunResult): GlobeStatic {
  const perCountry = new Map<number, number>();
  const caps = r.buffers.facCapacityTpy;
  const maxCap = Math.max(1, ...Array.from(caps));
  const facilityLatLon = r.meta.facilities.map((f): [number, number] => {
    const k = perCountry.get(f.country) ?? 0;
    perCountry.set(f.country, k + 1);
    const c = r.meta.countries[f.country]!;
    const radius = 1.1 * Math.sqrt(k);
    const angle = k * 2.39996;
    const lat = Math.max(-85, Math.min(85, c.lat + radius * Math.sin(angle)));
    return [lat, c.lon + (radius * Math.cos(angle)) / Math.max(0.2, Math.cos((c.lat * Math.PI) / 180))];
  });
  const facilitySize = Float32Array.from(caps, (cap) => 0.005 + 0.022 * Math.sqrt(Math.max(0, cap) / maxCap));
  let maxFlowT = 1;
  const { flowFrom, flowTo, flowTonnes } = r.buffers;
  for (let i = 0; i < flowTonnes.length; i++)
    if (flowFrom[i] !== flowTo[i]) maxFlowT = Math.max(maxFlowT, flowTonnes[i]!);
  return { facilityLatLon, facilitySize, maxFlowT };
}

/**
 * Builds the frame of month `m`. `since` is the month the cursor came from: closures after it flash, so one that falls
 * in a month the playback skipped still shows (default: the month before).
 */
export function buildGlobeFrame(r: RunResult, stat: GlobeStatic, m: number, since = m - 1): GlobeFrame {
  const roles = new Map<string, CountryRole>();
  r.meta.countries.forEach((c, i) => roles.set(c.code, roleAt(r, m, i)));
  const F = r.meta.facilities.length;
  const states: (DisplayState | null)[] = [];
  const closing: number[] = [];
  for (let f = 0; f < F; f++) {
    const st = displayStateAt(r, m, f);
    states.push(st);
    const before = since >= 0 && since < m ? displayStateAt(r, since, f) : 'closed';
    if (st === 'closed' && before !== 'closed') closing.push(f);
  }
  const [a, b] = flowRange(r, m);
  const rows: number[] = [];
  for (let i = a; i < b; i++)
    if (r.buffers.flowFrom[i] !== r.buffers.flowTo[i] && r.buffers.flowTonnes[i]! > 0) rows.push(i);
  rows.sort((x, y) => r.buffers.flowTonnes[y]! - r.buffers.flowTonnes[x]!);
  const arcs = rows.slice(0, MAX_ARCS).map((i): ArcVm => {
    const from = r.meta.countries[r.buffers.flowFrom[i]!]!;
    const to = r.meta.countries[r.buffers.flowTo[i]!]!;
    const tonnes = r.buffers.flowTonnes[i]!;
    return {
      from: [from.lat, from.lon],
      to: [to.lat, to.lon],
      tonnes,
      stage: r.buffers.flowStage[i]!,
      width: arcWidth(tonnes, stat.maxFlowT),
    };
  });
  return { roles, states, closing, arcs };
}

/** Returns a key that changes exactly when the roles change (the country texture is repainted then). */
export function rolesKey(roles: Map<string, CountryRole>): string {
  return [...roles].map(([c, r]) => `${c}:${r[0]}`).join(',');
}

/** A country's tooltip: its name and role, then price, production and imports at month `m`. */
export function countryTooltip(
  r: RunResult,
  code: string,
  name: string,
  m: number,
): { title: string; lines: string[] } {
  const c = countryIndex(r, code);
  if (c < 0) return { title: name, lines: ['Not in this scenario'] };
  const role = roleAt(r, m, c);
  const fmt = (v: number, digits = 0) =>
    Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits }) : '–';
  const price = countryValue(r, 'price', m, c, 1);
  const mine = countryValue(r, 'production', m, c, 0);
  const refine = countryValue(r, 'production', m, c, 1);
  const imports = countryValue(r, 'imports', m, c, 1);
  return {
    title: `${r.meta.countries[c]!.name} — ${role === 'dominant' ? 'dominant supplier' : role}`,
    lines: [
      `Refined price: ${fmt(price, 1)} USD/kg`,
      `Production: ${fmt(mine)} t concentrate, ${fmt(refine)} t refined (this month)`,
      `Refined imports: ${fmt(imports)} t (this month)`,
    ],
  };
}

/** Counts facilities by display state in a frame (for the globe legend). */
export function countStates(frame: GlobeFrame): Record<DisplayState, number> {
  const out = Object.fromEntries(DISPLAY_STATES.map((s) => [s, 0])) as Record<DisplayState, number>;
  for (const s of frame.states) if (s) out[s]++;
  return out;
}
