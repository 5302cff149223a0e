import {
  BufferGeometry,
  DataTexture,
  type EventDispatcher,
  Group,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  ShaderMaterial,
} from 'three';
import { describe, expect, it } from 'vitest';
import { createArcsLayer } from '../../src/globe/arcs-layer.ts';
import { disposeObject } from '../../src/globe/dispose.ts';
import { createFacilitiesLayer } from '../../src/globe/facilities-layer.ts';
import { createHighlightLayer } from '../../src/globe/highlight-layer.ts';

/** Returns the names of the watched things that fired `dispose`, in order. */
function watch(things: Record<string, EventDispatcher<{ dispose: object }>>): string[] {
  const fired: string[] = [];
  for (const [name, t] of Object.entries(things)) t.addEventListener('dispose', () => fired.push(name));
  return fired;
}

describe('disposeObject', () => {
  it('frees geometries, materials (arrays too), their textures and uniform textures, all the way down', () => {
    const map = new DataTexture(new Uint8Array(4), 1, 1);
    const uniformTexture = new DataTexture(new Uint8Array(4), 1, 1);
    const geometry = new BufferGeometry();
    const material = new MeshBasicMaterial({ map });
    const shader = new ShaderMaterial({ uniforms: { t: { value: uniformTexture }, k: { value: 1 } } });
    const lineGeometry = new BufferGeometry();
    const line = new LineBasicMaterial();
    const mesh = new Mesh(geometry, material);
    const lines = new LineSegments(lineGeometry, [line, shader]);
    const root = new Group();
    root.add(mesh);
    mesh.add(lines);
    const fired = watch({ map, uniformTexture, geometry, material, shader, lineGeometry, line, mesh, lines, root });
    disposeObject(root);
    expect([...fired].sort()).toEqual(
      [
        'geometry',
        'line',
        'lineGeometry',
        'lines',
        'map',
        'material',
        'mesh',
        'root',
        'shader',
        'uniformTexture',
      ].sort(),
    );
  });
});

describe('globe layers', () => {
  it('free their geometries and materials on dispose', () => {
    const arcs = createArcsLayer(true);
    const highlight = createHighlightLayer();
    const facilities = createFacilitiesLayer(true);
    const fired = watch({
      ribbonGeometry: arcs.ribbons.geometry,
      hairlineGeometry: arcs.hairlines.geometry,
      arcsMaterial: arcs.ribbons.material as ShaderMaterial,
      outlineGeometry: highlight.object.geometry,
      outlineMaterial: highlight.object.material as LineBasicMaterial,
      markerGeometry: facilities.markers.geometry,
      markerMaterial: facilities.markers.material as MeshBasicMaterial,
      markers: facilities.markers,
      ringGeometry: facilities.rings.geometry,
      ringMaterial: facilities.rings.material as MeshBasicMaterial,
      rings: facilities.rings,
    });
    arcs.dispose();
    highlight.dispose();
    facilities.dispose();
    expect(new Set(fired).size).toBe(11);
  });
});
