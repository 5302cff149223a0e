import { type BufferAttribute, BufferGeometry, InstancedBufferGeometry, PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import {
  MAX_RIBBONS,
  MAX_SEGMENTS,
  createArcsLayer,
  hiddenBehindSphere,
  segmentsFor,
} from '../../src/globe/arcs-layer.ts';
import { latLonToVector } from '../../src/globe/geo.ts';
import { type ArcVm, MAX_ARCS } from '../../src/globe/globe-vm.ts';

const SIZE = { width: 900, height: 700 };

/** A camera 3.4 globe radii out over `lat`, `lon`, looking at the centre (the page's default distance). */
function cameraOver(lat: number, lon: number): PerspectiveCamera {
  const camera = new PerspectiveCamera(35, SIZE.width / SIZE.height, 0.05, 50);
  camera.position.copy(latLonToVector(lat, lon, 3.4));
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  return camera;
}

const arc = (from: [number, number], to: [number, number], tonnes: number, stage = 1): ArcVm => ({
  from,
  to,
  tonnes,
  stage,
  width: 0.0015 + 0.009 * Math.sqrt(tonnes / 100),
});

describe('the arcs layer', () => {
  it('draws up to 2,000 arcs as two batched meshes: the largest MAX_RIBBONS as ribbons, the rest as hairlines', () => {
    const layer = createArcsLayer(true);
    for (const o of [layer.ribbons, layer.hairlines]) {
      expect(o.geometry).toBeInstanceOf(BufferGeometry);
      expect(o.geometry).not.toBeInstanceOf(InstancedBufferGeometry);
    }
    expect(MAX_ARCS).toBeGreaterThanOrEqual(2000);
    const arcs = Array.from({ length: 2500 }, (_, k) => arc([k % 80, k % 170], [-(k % 60), -(k % 150)], 1 + (k % 97)));
    layer.update(arcs);
    layer.tick(0, cameraOver(20, 20), SIZE);
    const ribbons = layer.ribbons.geometry.drawRange.count;
    const hairlines = layer.hairlines.geometry.drawRange.count;
    // Ribbons: six indices (two triangles) a segment, at most MAX_RIBBONS arcs; hairlines: two (a line) a segment.
    expect(ribbons % 6).toBe(0);
    expect(hairlines % 2).toBe(0);
    expect(ribbons).toBeGreaterThan(0);
    expect(ribbons / 6).toBeLessThanOrEqual(MAX_RIBBONS * MAX_SEGMENTS);
    expect(hairlines / 2).toBeGreaterThan(MAX_RIBBONS * 2);
    layer.dispose();
  });

  it('puts every flow of a preset-sized month (a few dozen arcs) on a ribbon', () => {
    const layer = createArcsLayer(true);
    layer.update(Array.from({ length: 60 }, (_, k) => arc([10, k], [40, -k], k + 1)));
    layer.tick(0, cameraOver(25, 0), SIZE);
    expect(layer.ribbons.geometry.drawRange.count).toBeGreaterThan(0);
    expect(layer.hairlines.geometry.drawRange.count).toBe(0);
    layer.dispose();
  });

  it('draws only the segments in front of the globe', () => {
    const layer = createArcsLayer(true);
    // One arc on the near side (around 0°E), one on the far side (around 180°E).
    layer.update([arc([10, -20], [10, 20], 50), arc([10, 160], [10, -160], 50)]);
    layer.tick(0, cameraOver(10, 0), SIZE);
    const near = layer.ribbons.geometry.drawRange.count;
    expect(near).toBeGreaterThan(0);
    layer.update([arc([10, 160], [10, -160], 50)]);
    layer.tick(0, cameraOver(10, 0), SIZE);
    expect(layer.ribbons.geometry.drawRange.count).toBe(0);
    // Turned to face it, it is drawn.
    layer.tick(0, cameraOver(10, 180), SIZE);
    expect(layer.ribbons.geometry.drawRange.count).toBeGreaterThan(0);
    layer.dispose();
  });

  it('uploads nothing on a frame where neither the camera nor the month changed', () => {
    const layer = createArcsLayer(false);
    layer.update([arc([10, -20], [10, 20], 50)]);
    const camera = cameraOver(10, 0);
    layer.tick(0, camera, SIZE);
    const index = layer.ribbons.geometry.index!;
    const position = layer.ribbons.geometry.getAttribute('position') as BufferAttribute;
    const [iv, pv] = [index.version, position.version];
    layer.tick(1.5, camera, SIZE);
    expect([index.version, position.version]).toEqual([iv, pv]);
    camera.position.copy(latLonToVector(10, 5, 3.4));
    camera.lookAt(0, 0, 0);
    layer.tick(1.6, camera, SIZE);
    expect(index.version).toBeGreaterThan(iv);
    expect(position.version).toBe(pv);
    layer.dispose();
  });

  it('gives an arc one segment per 7.5° of great circle, two at least', () => {
    expect(segmentsFor(0.01)).toBe(2);
    expect(segmentsFor(Math.PI / 2)).toBe(12);
    expect(segmentsFor(Math.PI)).toBe(MAX_SEGMENTS);
  });

  it('finds the points the globe hides from the eye', () => {
    const eye = latLonToVector(0, 0, 3.4);
    const front = latLonToVector(0, 0, 1.05);
    const back = latLonToVector(0, 180, 1.05);
    const high = latLonToVector(0, 95, 1.3);
    expect(hiddenBehindSphere(eye, front.x, front.y, front.z)).toBe(false);
    expect(hiddenBehindSphere(eye, back.x, back.y, back.z)).toBe(true);
    // Just past the limb but lifted high enough to be seen over it.
    expect(hiddenBehindSphere(eye, high.x, high.y, high.z)).toBe(false);
  });
});
