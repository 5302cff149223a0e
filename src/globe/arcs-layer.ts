/**
 * Trade flows as arcs: one merged ribbon geometry (rebuilt when the month changes; at most MAX_ARCS arcs), width by
 * tonnes, colour by stage, and dashes that travel from exporter to importer — still under reduced motion.
 */
import {
  AdditiveBlending,
  BufferAttribute,
  BufferGeometry,
  Color,
  DoubleSide,
  Mesh,
  ShaderMaterial,
  Vector3,
} from 'three';
import { PALETTE } from '../state/palette.ts';
import { arcPoints, latLonToVector } from './geo.ts';
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

const SEG = 32;
const VERTS = (SEG + 1) * 2;

const vertexShader = /* glsl */ `
attribute vec3 color;
attribute float along;
varying vec3 vColor;
varying float vAlong;
void main() {
  vColor = color;
  vAlong = along;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
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
  const geometry = new BufferGeometry();
  const position = new BufferAttribute(new Float32Array(MAX_ARCS * VERTS * 3), 3);
  const color = new BufferAttribute(new Float32Array(MAX_ARCS * VERTS * 3), 3);
  const along = new BufferAttribute(new Float32Array(MAX_ARCS * VERTS), 1);
  const index: number[] = [];
  for (let a = 0; a < MAX_ARCS; a++) {
    for (let i = 0; i < SEG; i++) {
      const v = a * VERTS + i * 2;
      index.push(v, v + 1, v + 2, v + 1, v + 3, v + 2);
    }
  }
  geometry.setIndex(index);
  geometry.setAttribute('position', position);
  geometry.setAttribute('color', color);
  geometry.setAttribute('along', along);
  geometry.setDrawRange(0, 0);
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
  const pts = new Float32Array((SEG + 1) * 3);
  const a = new Vector3();
  const b = new Vector3();
  const p = new Vector3();
  const t = new Vector3();
  const side = new Vector3();
  const c = new Color();
  return {
    mesh,
    update(arcs) {
      const pos = position.array as Float32Array;
      const col = color.array as Float32Array;
      const al = along.array as Float32Array;
      arcs.slice(0, MAX_ARCS).forEach((arc, k) => {
        latLonToVector(arc.from[0], arc.from[1], 1, a);
        latLonToVector(arc.to[0], arc.to[1], 1, b);
        const angle = a.angleTo(b);
        arcPoints(a, b, SEG, 0.04 + 0.22 * (angle / Math.PI), pts);
        c.set(arc.stage === 0 ? PALETTE.mine : PALETTE.refine);
        const dashes = Math.max(1, Math.round(angle * 6));
        for (let i = 0; i <= SEG; i++) {
          p.fromArray(pts, i * 3);
          const j = Math.min(SEG, i + 1);
          const h = Math.max(0, i - 1);
          t.fromArray(pts, j * 3)
            .sub(side.fromArray(pts, h * 3))
            .normalize();
          side.crossVectors(t, p).normalize().multiplyScalar(arc.width);
          const v = k * VERTS + i * 2;
          pos.set([p.x + side.x, p.y + side.y, p.z + side.z, p.x - side.x, p.y - side.y, p.z - side.z], v * 3);
          col.set([c.r, c.g, c.b, c.r, c.g, c.b], v * 3);
          al[v] = al[v + 1] = (i / SEG) * dashes;
        }
      });
      position.needsUpdate = color.needsUpdate = along.needsUpdate = true;
      geometry.setDrawRange(0, Math.min(arcs.length, MAX_ARCS) * SEG * 6);
    },
    tick(seconds) {
      material.uniforms.uTime!.value = reducedMotion ? 0 : seconds * 0.6;
    },
    dispose: () => disposeObject(mesh),
  };
}
