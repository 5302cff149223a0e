/**
 * Trade flows as arcs, drawn as one instanced mesh: a single ribbon template (SEG segments, two vertices across) and,
 * per arc, its end points, their angle, lift, width, colour and dash count as instance attributes. The vertex shader bends the
 * template along the great circle (the slerp of geo.ts `arcPoints`) and widens it across, so a new month rewrites
 * 13 floats per arc instead of a whole ribbon, and every arc is one draw call together. Up to MAX_ARCS arcs; width by
 * tonnes, colour by stage, dashes that travel from exporter to importer — still under reduced motion.
 */
import {
  AdditiveBlending,
  BufferAttribute,
  Color,
  DoubleSide,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  Mesh,
  ShaderMaterial,
  Vector3,
} from 'three';
import { PALETTE } from '../state/palette.ts';
import { latLonToVector } from './geo.ts';
import { disposeObject } from './dispose.ts';
import { type ArcVm, MAX_ARCS } from './globe-vm.ts';

/** The arcs layer. */
export interface ArcsLayer {
  mesh: Mesh;
  update(arcs: ArcVm[]): void;
  /** Moves the dashes; `seconds` is the animation clock. */
  tick(seconds: number): void;
  dispose(): void;
}

/** Segments along one arc. */
const SEG = 32;

const vertexShader = /* glsl */ `
attribute float along;
attribute float across;
attribute vec3 aFrom;
attribute vec3 aTo;
attribute vec3 aColor;
attribute float aWidth;
attribute float aLift;
attribute float aDashes;
attribute float aAngle;
varying vec3 vColor;
varying float vAlong;

vec3 arcAt(float s, float sinAngle) {
  float wa = sin((1.0 - s) * aAngle) / sinAngle;
  float wb = sin(s * aAngle) / sinAngle;
  return (aFrom * wa + aTo * wb) * (1.0 + aLift * sin(3.14159265 * s));
}

void main() {
  float sinAngle = max(1e-4, sin(aAngle));
  float step = 1.0 / ${SEG}.0;
  vec3 p = arcAt(along, sinAngle);
  vec3 tangent = normalize(arcAt(min(1.0, along + step), sinAngle) - arcAt(max(0.0, along - step), sinAngle));
  vec3 side = normalize(cross(tangent, p)) * aWidth;
  vColor = aColor;
  vAlong = along * aDashes;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p + across * side, 1.0);
}`;

const fragmentShader = /* glsl */ `
uniform float uTime;
uniform float uAnimate;
varying vec3 vColor;
varying float vAlong;
void main() {
  float phase = fract(vAlong - uTime);
  float dash = mix(0.85, 0.35 + 0.65 * smoothstep(0.0, 0.15, phase) * (1.0 - smoothstep(0.45, 0.6, phase)), uAnimate);
  gl_FragColor = vec4(vColor, dash);
}`;

/** Creates the layer; `reducedMotion` draws solid, still arcs. */
export function createArcsLayer(reducedMotion: boolean): ArcsLayer {
  const geometry = new InstancedBufferGeometry();
  // The template: vertex 2i is at `along` i/SEG on one side of the arc, 2i + 1 on the other.
  const along = new Float32Array((SEG + 1) * 2);
  const across = new Float32Array((SEG + 1) * 2);
  const index: number[] = [];
  for (let i = 0; i <= SEG; i++) {
    along[2 * i] = along[2 * i + 1] = i / SEG;
    across[2 * i] = 1;
    across[2 * i + 1] = -1;
    if (i < SEG) index.push(2 * i, 2 * i + 1, 2 * i + 2, 2 * i + 1, 2 * i + 3, 2 * i + 2);
  }
  geometry.setIndex(index);
  // three needs a position attribute to count the template's vertices; the shader places them.
  geometry.setAttribute('position', new BufferAttribute(new Float32Array((SEG + 1) * 2 * 3), 3));
  geometry.setAttribute('along', new BufferAttribute(along, 1));
  geometry.setAttribute('across', new BufferAttribute(across, 1));
  const instanced = (size: number) =>
    new InstancedBufferAttribute(new Float32Array(MAX_ARCS * size), size).setUsage(DynamicDrawUsage);
  const from = instanced(3);
  const to = instanced(3);
  const color = instanced(3);
  const width = instanced(1);
  const lift = instanced(1);
  const dashes = instanced(1);
  const angles = instanced(1);
  geometry.setAttribute('aFrom', from);
  geometry.setAttribute('aTo', to);
  geometry.setAttribute('aColor', color);
  geometry.setAttribute('aWidth', width);
  geometry.setAttribute('aLift', lift);
  geometry.setAttribute('aDashes', dashes);
  geometry.setAttribute('aAngle', angles);
  geometry.instanceCount = 0;
  const material = new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: { uTime: { value: 0 }, uAnimate: { value: reducedMotion ? 0 : 1 } },
    transparent: true,
    depthWrite: false,
    side: DoubleSide,
    blending: AdditiveBlending,
  });
  const mesh = new Mesh(geometry, material);
  mesh.name = 'flows';
  mesh.frustumCulled = false;
  const a = new Vector3();
  const b = new Vector3();
  const c = new Color();
  const mine = new Color(PALETTE.mine);
  const refine = new Color(PALETTE.refine);
  return {
    mesh,
    update(arcs) {
      const n = Math.min(arcs.length, MAX_ARCS);
      const f = from.array as Float32Array;
      const t = to.array as Float32Array;
      const col = color.array as Float32Array;
      for (let k = 0; k < n; k++) {
        const arc = arcs[k]!;
        latLonToVector(arc.from[0], arc.from[1], 1, a);
        latLonToVector(arc.to[0], arc.to[1], 1, b);
        const angle = Math.max(1e-6, a.angleTo(b));
        (angles.array as Float32Array)[k] = angle;
        a.toArray(f, k * 3);
        b.toArray(t, k * 3);
        c.copy(arc.stage === 0 ? mine : refine).toArray(col, k * 3);
        (width.array as Float32Array)[k] = arc.width;
        (lift.array as Float32Array)[k] = 0.04 + 0.22 * (angle / Math.PI);
        (dashes.array as Float32Array)[k] = Math.max(1, Math.round(angle * 6));
      }
      for (const attr of [from, to, color, width, lift, dashes, angles]) {
        attr.clearUpdateRanges();
        attr.addUpdateRange(0, n * attr.itemSize);
        attr.needsUpdate = true;
      }
      geometry.instanceCount = n;
    },
    tick(seconds) {
      material.uniforms.uTime!.value = reducedMotion ? 0 : seconds * 0.6;
    },
    dispose: () => disposeObject(mesh),
  };
}
