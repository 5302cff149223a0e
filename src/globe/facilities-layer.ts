/**
 * Facilities as one InstancedMesh of markers: sized by capacity, coloured by state at the cursor month, hidden before
 * they exist. A closure flashes as an expanding ring when the cursor reaches it (a still ring under reduced motion).
 */
import {
  Color,
  DoubleSide,
  InstancedMesh,
  LinearSRGBColorSpace,
  Matrix4,
  MeshBasicMaterial,
  Quaternion,
  RingGeometry,
  SphereGeometry,
  Vector3,
} from 'three';
import { PALETTE } from '../state/palette.ts';
import { latLonToVector } from './geo.ts';
import type { GlobeFrame, GlobeStatic } from './globe-vm.ts';
import { disposeObject } from './dispose.ts';

/** The facilities layer. */
export interface FacilitiesLayer {
  markers: InstancedMesh;
  rings: InstancedMesh;
  setStatic(stat: GlobeStatic): void;
  update(frame: GlobeFrame, selectedCountryOf: (f: number) => boolean): void;
  /** Advances the flash; returns true while it still animates. */
  tick(nowMs: number): boolean;
  dispose(): void;
}

const FLASH_MS = 1600;
const Z = new Vector3(0, 0, 1);

/** Creates the layer; `reducedMotion` keeps the closure ring still. */
export function createFacilitiesLayer(reducedMotion: boolean): FacilitiesLayer {
  const markerGeometry = new SphereGeometry(1, 12, 8);
  const markerMaterial = new MeshBasicMaterial();
  const ringGeometry = new RingGeometry(0.75, 1, 32);
  const ringMaterial = new MeshBasicMaterial({
    color: 0xffffff,
    transparent: true,
    side: DoubleSide,
    depthWrite: false,
  });
  let markers = new InstancedMesh(markerGeometry, markerMaterial, 1);
  let rings = new InstancedMesh(ringGeometry, ringMaterial, 1);
  let stat: GlobeStatic | null = null;
  let positions: Vector3[] = [];
  let flashStart = -1;
  let flashing: number[] = [];
  let lastFrame: GlobeFrame | null = null;
  const scaleV = new Vector3();
  const m4 = new Matrix4();
  const q = new Quaternion();
  const s = new Vector3();
  const color = new Color();

  const place = (mesh: InstancedMesh, i: number, f: number, scale: number, lift: number) => {
    const p = positions[f]!;
    q.setFromUnitVectors(Z, s.copy(p).normalize());
    m4.compose(s.copy(p).multiplyScalar(1 + lift), q, scaleV.setScalar(scale));
    mesh.setMatrixAt(i, m4);
  };

  const layer: FacilitiesLayer = {
    markers,
    rings,
    setStatic(next) {
      stat = next;
      positions = next.facilityLatLon.map(([lat, lon]) => latLonToVector(lat, lon));
      const n = Math.max(1, positions.length);
      if (markers.count !== n || markers.instanceMatrix.count < n) {
        const parent = markers.parent;
        markers.removeFromParent();
        rings.removeFromParent();
        markers.dispose();
        rings.dispose();
        markers = new InstancedMesh(markerGeometry, markerMaterial, n);
        rings = new InstancedMesh(ringGeometry, ringMaterial, n);
        markers.name = 'facilities';
        rings.name = 'closure-flashes';
        parent?.add(markers, rings);
        layer.markers = markers;
        layer.rings = rings;
      }
      rings.count = 0;
    },
    update(frame, isSelected) {
      if (!stat) return;
      frame.states.forEach((st, f) => {
        const size = st === null ? 0 : stat!.facilitySize[f]! * (isSelected(f) ? 1.35 : 1);
        place(markers, f, f, size, size * 0.5);
        // As written to the screen: the renderer does no sRGB encoding (globe-scene.ts).
        color.setStyle(st === null ? PALETTE.closed : PALETTE[st], LinearSRGBColorSpace);
        markers.setColorAt(f, color);
      });
      markers.instanceMatrix.needsUpdate = true;
      if (markers.instanceColor) markers.instanceColor.needsUpdate = true;
      if (frame !== lastFrame) {
        lastFrame = frame;
        flashing = frame.closing;
        flashStart = performance.now();
      }
      layer.tick(performance.now());
    },
    tick(now) {
      if (!stat || flashing.length === 0) {
        rings.count = 0;
        return false;
      }
      const t = reducedMotion ? 0.4 : Math.min(1, (now - flashStart) / FLASH_MS);
      rings.count = t >= 1 ? 0 : flashing.length;
      flashing.forEach((f, i) => place(rings, i, f, stat!.facilitySize[f]! * (1.5 + 4 * t), 0.002));
      rings.instanceMatrix.needsUpdate = true;
      ringMaterial.opacity = reducedMotion ? 0.9 : 1 - t;
      return !reducedMotion && t < 1;
    },
    dispose() {
      disposeObject(markers);
      disposeObject(rings);
    },
  };
  markers.name = 'facilities';
  rings.name = 'closure-flashes';
  return layer;
}
