/**
 * Trade flows as arcs along their great circles, lifted in the middle, colour by stage, with dashes that travel from
 * exporter to importer (still under reduced motion). The MAX_RIBBONS largest flows of the month are ribbons, width by
 * tonnes; on a crowded globe the rest are hairlines, brightness by tonnes (no preset shows more than about 60 arcs, so
 * there every flow is a ribbon). Each kind is one batched mesh drawn in one call: two draw calls for up to MAX_ARCS.
 *
 * Built for the software renderer too (headless Chromium draws WebGL with SwiftShader, on the CPU), where an arc costs
 * mostly by the pixel rows its primitives span — every primitive pays for every row it crosses — then by the pixels it
 * shades and blends, not by its vertices:
 * - the geometry is computed on the CPU when the month changes (`update`), never per frame; the animation is a
 *   uniform (the dashes' phase), so a frame uploads nothing unless the camera moved or the month changed;
 * - a frame draws only the segments in front of the globe: when the camera has moved, `tick` rebuilds the index of
 *   segments with an end the eye can see past the sphere (about half of them); the others are neither set up nor
 *   rasterised, and the one step of an arc that crosses the limb lies almost along the line of sight, so the arcs
 *   need no depth test (a read per pixel saved);
 * - an arc is sampled every SEGMENT_RAD of great circle and drawn through as few of its samples as keep it within
 *   half a pixel of the curve on screen;
 * - a ribbon is two triangles a segment and crosses each pixel row twice, a hairline one line a segment and once;
 * - two varyings (dash coordinate, signed brightness) and linear dash ramps keep the pixel work small;
 * - the geometry is not instanced: SwiftShader runs an instanced draw as one draw call per instance.
 */
import {
  AdditiveBlending,
  BufferAttribute,
  BufferGeometry,
  type Camera,
  Color,
  DoubleSide,
  DynamicDrawUsage,
  Group,
  LineSegments,
  Matrix4,
  Mesh,
  ShaderMaterial,
  Vector3,
  Vector4,
} from 'three';
import { PALETTE } from '../state/palette.ts';
import { latLonToVector } from './geo.ts';
import { disposeObject } from './dispose.ts';
import { type ArcVm, MAX_ARCS } from './globe-vm.ts';

/** The arcs layer. */
export interface ArcsLayer {
  /** The ribbons and the hairlines. */
  object: Group;
  ribbons: Mesh;
  hairlines: LineSegments;
  /** Shows `arcs` (at most MAX_ARCS): rebuilds the geometry. */
  update(arcs: ArcVm[]): void;
  /**
   * Moves the dashes (`seconds` is the animation clock) and draws only what `camera` can see of the arcs, on a drawing
   * buffer of `size` pixels.
   */
  tick(seconds: number, camera: Camera, size: { width: number; height: number }): void;
  dispose(): void;
}

/** Flows drawn as ribbons, the largest first; the rest are hairlines. */
export const MAX_RIBBONS = 200;
/** Great-circle angle per segment, radians (7.5°): the chord stays within about a pixel of the arc on screen. */
export const SEGMENT_RAD = Math.PI / 24;
/** Farthest a drawn arc strays from its samples on screen, pixels. */
const TOLERANCE_PX = 1;
/** Segments of the longest arc (half the world). */
export const MAX_SEGMENTS = 24;
const SAMPLES = MAX_SEGMENTS + 1;
/** The dimmest hairline (the smallest flow), as a share of full brightness. */
const HAIRLINE_FLOOR = 0.25;
/**
 * Radius of the sphere that hides samples from the eye, globe radii: a little inside the globe, so a segment that
 * reaches just over the limb from two hidden ends is still drawn.
 */
const OCCLUDER = 0.99;

const vertexShader = /* glsl */ `
attribute float aDash;
attribute float aTint;
varying vec2 vDashTint;
void main() {
  vDashTint = vec2(aDash, aTint);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

const fragmentShader = /* glsl */ `
uniform float uTime;
uniform float uAnimate;
uniform vec3 uMine;
uniform vec3 uRefine;
varying vec2 vDashTint;
void main() {
  // A dash every unit of the dash coordinate: up over 0.15, held to 0.45, down by 0.6 (linear ramps, cheap on a
  // software renderer).
  float phase = fract(vDashTint.x - uTime);
  float dash = 0.35 + 0.65 * clamp(min(phase, 0.6 - phase) / 0.15, 0.0, 1.0);
  gl_FragColor = vec4(vDashTint.y > 0.0 ? uRefine : uMine, mix(0.85, dash, uAnimate) * abs(vDashTint.y));
}`;

/** Returns the number of segments an arc of `angle` radians gets. */
export function segmentsFor(angle: number): number {
  return Math.max(2, Math.min(MAX_SEGMENTS, Math.ceil(angle / SEGMENT_RAD)));
}

/** Returns whether the sphere of radius `r` around the origin hides point `p` from `eye` (both in the globe's frame). */
export function hiddenBehindSphere(eye: Vector3, px: number, py: number, pz: number, r = OCCLUDER): boolean {
  const dx = px - eye.x;
  const dy = py - eye.y;
  const dz = pz - eye.z;
  const a = dx * dx + dy * dy + dz * dz;
  const b = 2 * (eye.x * dx + eye.y * dy + eye.z * dz);
  const c = eye.x * eye.x + eye.y * eye.y + eye.z * eye.z - r * r;
  const disc = b * b - 4 * a * c;
  if (disc <= 0) return false;
  const t = (-b - Math.sqrt(disc)) / (2 * a);
  return t > 0 && t < 1;
}

/**
 * One of the two batched meshes: its vertex columns — position; the dash coordinate (dashes from 0 at the exporter);
 * the tint, brightness 0–1 signed by stage (negative: concentrate, positive: refined), so the shaders pass two
 * varyings instead of a colour and a brightness — and its index of the segments in view.
 */
interface Batch {
  geometry: BufferGeometry;
  position: BufferAttribute;
  dash: BufferAttribute;
  tint: BufferAttribute;
  index: BufferAttribute;
}

function createBatch(vertices: number, indices: number, position?: BufferAttribute): Batch {
  const column = (size: number) =>
    new BufferAttribute(new Float32Array(vertices * size), size).setUsage(DynamicDrawUsage);
  const batch: Batch = {
    geometry: new BufferGeometry(),
    position: position ?? column(3),
    dash: column(1),
    tint: column(1),
    index: new BufferAttribute(new Uint16Array(indices), 1).setUsage(DynamicDrawUsage),
  };
  batch.geometry.setAttribute('position', batch.position);
  batch.geometry.setAttribute('aDash', batch.dash);
  batch.geometry.setAttribute('aTint', batch.tint);
  batch.geometry.setIndex(batch.index);
  batch.geometry.setDrawRange(0, 0);
  return batch;
}

/** Marks the first `items` values of vertex columns for upload. */
function upload(attrs: BufferAttribute[], items: number): void {
  for (const attr of attrs) {
    attr.clearUpdateRanges();
    attr.addUpdateRange(0, items * attr.itemSize);
    attr.needsUpdate = true;
  }
}

/** Creates the layer; `reducedMotion` draws solid, still arcs. */
export function createArcsLayer(reducedMotion: boolean): ArcsLayer {
  // Every arc's centre line, sample i of arc k at (k * SAMPLES + i) * 3: what the eye sees, and the hairlines'
  // vertices. A ribbon r has vertices 2i (one side) and 2i + 1 (the other) from r * SAMPLES * 2.
  const centre = new BufferAttribute(new Float32Array(MAX_ARCS * SAMPLES * 3), 3).setUsage(DynamicDrawUsage);
  const ribbonBatch = createBatch(MAX_RIBBONS * SAMPLES * 2, MAX_RIBBONS * MAX_SEGMENTS * 6);
  const hairBatch = createBatch(MAX_ARCS * SAMPLES, MAX_ARCS * MAX_SEGMENTS * 2, centre);
  const material = new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: {
      uTime: { value: 0 },
      uAnimate: { value: reducedMotion ? 0 : 1 },
      uMine: { value: new Color(PALETTE.mine) },
      uRefine: { value: new Color(PALETTE.refine) },
    },
    transparent: true,
    // Segments behind the globe are not drawn (`tick`), and the step of a segment that crosses the limb lies almost
    // along the line of sight: no depth test, which saves a read per pixel.
    depthTest: false,
    depthWrite: false,
    side: DoubleSide,
    blending: AdditiveBlending,
  });
  const ribbons = new Mesh(ribbonBatch.geometry, material);
  const hairlines = new LineSegments(hairBatch.geometry, material);
  const object = new Group();
  object.name = 'flows';
  for (const o of [ribbons, hairlines]) {
    o.frustumCulled = false;
    object.add(o);
  }

  const c = centre.array as Float32Array;
  /** Per arc: its segments, and its ribbon (or -1 for a hairline). */
  const segments = new Uint8Array(MAX_ARCS);
  const ribbonOf = new Int16Array(MAX_ARCS);
  let count = 0;
  /** Where the eye was when the indices were built (NaN: build them on the next tick). */
  const lastEye = new Vector3(NaN, NaN, NaN);
  const eye = new Vector3();
  const visible = new Uint8Array(SAMPLES);
  /** Samples on screen, pixels from the centre (NaN behind the camera). */
  const sx = new Float64Array(SAMPLES);
  const sy = new Float64Array(SAMPLES);
  const toClip = new Matrix4();
  const clip = new Vector4();
  const view = { width: 0, height: 0 };
  const a = new Vector3();
  const b = new Vector3();

  /** Returns whether samples i+1 … j-1 of the arc lie within TOLERANCE_PX of the chord from sample i to sample j. */
  const straight = (i: number, j: number): boolean => {
    const dx = sx[j]! - sx[i]!;
    const dy = sy[j]! - sy[i]!;
    const len = Math.hypot(dx, dy);
    for (let m = i + 1; m < j; m++) {
      const ex = sx[m]! - sx[i]!;
      const ey = sy[m]! - sy[i]!;
      // Distance from the chord's line (or from sample i when the chord is a point); NaN (behind the eye) fails.
      const off = len > 1e-6 ? Math.abs(dx * ey - dy * ex) / len : Math.hypot(ex, ey);
      if (!(off <= TOLERANCE_PX)) return false;
    }
    return true;
  };

  const buildIndices = () => {
    const ri = ribbonBatch.index.array as Uint16Array;
    const hi = hairBatch.index.array as Uint16Array;
    let nr = 0;
    let nh = 0;
    for (let k = 0; k < count; k++) {
      const segs = segments[k]!;
      const base = k * SAMPLES;
      for (let i = 0; i <= segs; i++) {
        const j = (base + i) * 3;
        visible[i] = hiddenBehindSphere(eye, c[j]!, c[j + 1]!, c[j + 2]!) ? 0 : 1;
      }
      for (let i = 0; i <= segs; i++) {
        const j = (base + i) * 3;
        clip.set(c[j]!, c[j + 1]!, c[j + 2]!, 1).applyMatrix4(toClip);
        sx[i] = clip.w > 0 ? (clip.x / clip.w) * view.width * 0.5 : NaN;
        sy[i] = clip.w > 0 ? (clip.y / clip.w) * view.height * 0.5 : NaN;
      }
      const r = ribbonOf[k]!;
      let i = 0;
      while (i < segs) {
        if (!visible[i] && !visible[i + 1]) {
          i++;
          continue;
        }
        // Extend the segment from sample i while the arc stays straight and in view: a segment ends at the first
        // hidden sample, so at most one step of it lies behind the globe.
        let j = i + 1;
        while (j < segs && visible[j] && visible[j + 1] && straight(i, j + 1)) j++;
        if (r < 0) {
          hi[nh++] = base + i;
          hi[nh++] = base + j;
        } else {
          const v = (r * SAMPLES + i) * 2;
          const w = (r * SAMPLES + j) * 2;
          ri[nr++] = v;
          ri[nr++] = v + 1;
          ri[nr++] = w;
          ri[nr++] = v + 1;
          ri[nr++] = w + 1;
          ri[nr++] = w;
        }
        i = j;
      }
    }
    for (const [batch, n] of [
      [ribbonBatch, nr],
      [hairBatch, nh],
    ] as const) {
      upload([batch.index], n);
      batch.geometry.setDrawRange(0, n);
    }
  };

  /** Writes ribbon r of arc k: each sample moved ± `width` across the arc (along tangent × up). */
  const writeRibbon = (k: number, r: number, width: number) => {
    const segs = segments[k]!;
    const base = k * SAMPLES;
    const pos = ribbonBatch.position.array as Float32Array;
    for (let i = 0; i <= segs; i++) {
      const j = (base + i) * 3;
      const p = (base + Math.min(i + 1, segs)) * 3;
      const q = (base + Math.max(i - 1, 0)) * 3;
      const tx = c[p]! - c[q]!;
      const ty = c[p + 1]! - c[q + 1]!;
      const tz = c[p + 2]! - c[q + 2]!;
      let sx = ty * c[j + 2]! - tz * c[j + 1]!;
      let sy = tz * c[j]! - tx * c[j + 2]!;
      let sz = tx * c[j + 1]! - ty * c[j]!;
      const scale = width / (Math.hypot(sx, sy, sz) || 1);
      sx *= scale;
      sy *= scale;
      sz *= scale;
      const v = (r * SAMPLES + i) * 2 * 3;
      pos[v] = c[j]! + sx;
      pos[v + 1] = c[j + 1]! + sy;
      pos[v + 2] = c[j + 2]! + sz;
      pos[v + 3] = c[j]! - sx;
      pos[v + 4] = c[j + 1]! - sy;
      pos[v + 5] = c[j + 2]! - sz;
    }
  };

  return {
    object,
    ribbons,
    hairlines,
    update(arcs) {
      count = Math.min(arcs.length, MAX_ARCS);
      // The largest MAX_RIBBONS flows are ribbons (the view-model sorts them so already; ties keep their order).
      const order = Array.from({ length: count }, (_, k) => k).sort(
        (x, y) => arcs[y]!.tonnes - arcs[x]!.tonnes || x - y,
      );
      ribbonOf.fill(-1, 0, count);
      const ribbonCount = Math.min(count, MAX_RIBBONS);
      for (let r = 0; r < ribbonCount; r++) ribbonOf[order[r]!] = r;
      // Hairlines are as bright as the smallest ribbon is wide (or the largest flow, with no ribbon).
      const thinnest = count > 0 ? Math.max(1e-9, arcs[order[Math.max(0, ribbonCount - 1)]!]!.tonnes) : 1;
      const rd = ribbonBatch.dash.array as Float32Array;
      const rt = ribbonBatch.tint.array as Float32Array;
      const hd = hairBatch.dash.array as Float32Array;
      const ht = hairBatch.tint.array as Float32Array;
      for (let k = 0; k < count; k++) {
        const arc = arcs[k]!;
        latLonToVector(arc.from[0], arc.from[1], 1, a);
        latLonToVector(arc.to[0], arc.to[1], 1, b);
        const angle = Math.max(1e-6, a.angleTo(b));
        const segs = segmentsFor(angle);
        segments[k] = segs;
        const sin = Math.sin(angle);
        const lift = 0.04 + 0.22 * (angle / Math.PI);
        const dashes = Math.max(1, Math.round(angle * 6));
        const base = k * SAMPLES;
        // The centre line: the slerp from a to b, lifted by lift × sin(π s) (geo.ts arcPoints).
        for (let i = 0; i <= segs; i++) {
          const s = i / segs;
          const wa = Math.sin((1 - s) * angle) / sin;
          const wb = Math.sin(s * angle) / sin;
          const h = 1 + lift * Math.sin(Math.PI * s);
          const j = (base + i) * 3;
          c[j] = (a.x * wa + b.x * wb) * h;
          c[j + 1] = (a.y * wa + b.y * wb) * h;
          c[j + 2] = (a.z * wa + b.z * wb) * h;
        }
        const r = ribbonOf[k]!;
        if (r >= 0) writeRibbon(k, r, arc.width);
        // Hairlines: brightness by the square root of tonnes against the smallest ribbon's, as ribbons' widths go.
        const bright = r >= 0 ? 1 : Math.max(HAIRLINE_FLOOR, Math.min(1, Math.sqrt(arc.tonnes / thinnest)));
        const tint = arc.stage === 0 ? -bright : bright;
        for (let i = 0; i <= segs; i++) {
          const dash = (i / segs) * dashes;
          if (r >= 0) {
            const v = (r * SAMPLES + i) * 2;
            rd[v] = rd[v + 1] = dash;
            rt[v] = rt[v + 1] = tint;
          } else {
            hd[base + i] = dash;
            ht[base + i] = tint;
          }
        }
      }
      upload([ribbonBatch.position, ribbonBatch.dash, ribbonBatch.tint], ribbonCount * SAMPLES * 2);
      upload([centre, hairBatch.dash, hairBatch.tint], count * SAMPLES);
      lastEye.set(NaN, NaN, NaN);
    },
    tick(seconds, camera, size) {
      material.uniforms.uTime!.value = reducedMotion ? 0 : seconds * 0.6;
      camera.updateMatrixWorld();
      object.updateWorldMatrix(true, false);
      object.worldToLocal(eye.setFromMatrixPosition(camera.matrixWorld));
      if (eye.distanceToSquared(lastEye) < 1e-10 && size.width === view.width && size.height === view.height) return;
      lastEye.copy(eye);
      view.width = size.width;
      view.height = size.height;
      toClip.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).multiply(object.matrixWorld);
      buildIndices();
    },
    dispose: () => disposeObject(object),
  };
}
