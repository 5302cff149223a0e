import { InstancedBufferGeometry } from 'three';
import { describe, expect, it } from 'vitest';
import { createArcsLayer } from '../../src/globe/arcs-layer.ts';
import { MAX_ARCS } from '../../src/globe/globe-vm.ts';

describe('the arcs layer', () => {
  it('draws every arc as an instance of one mesh, up to 2,000 of them', () => {
    const layer = createArcsLayer(true);
    const geometry = layer.mesh.geometry as InstancedBufferGeometry;
    expect(geometry).toBeInstanceOf(InstancedBufferGeometry);
    expect(MAX_ARCS).toBeGreaterThanOrEqual(2000);
    const arcs = Array.from({ length: 2500 }, (_, k) => ({
      from: [k % 80, k % 170] as [number, number],
      to: [-(k % 60), -(k % 150)] as [number, number],
      tonnes: 10,
      stage: k % 2,
      width: 0.002,
    }));
    layer.update(arcs);
    expect(geometry.instanceCount).toBe(MAX_ARCS);
    // One arc's instance data: the end points on the unit sphere and the angle between them.
    const from = geometry.getAttribute('aFrom').array as Float32Array;
    expect(Math.hypot(from[3]!, from[4]!, from[5]!)).toBeCloseTo(1, 5);
    layer.update(arcs.slice(0, 3));
    expect(geometry.instanceCount).toBe(3);
    layer.dispose();
  });
});
