/**
 * One teardown for every globe layer (three-globe's `utils/gc.js`): an object, its geometry, its materials with the
 * textures they hold, and its children, all the way down. Geometries and materials shared by two objects may be
 * disposed twice; three.js makes the second call a no-op.
 */
import type { Material, Object3D, Texture } from 'three';

/** Frees the GPU resources of `object` and of everything below it (geometries, materials, textures). */
export function disposeObject(object: Object3D): void {
  for (const child of object.children) disposeObject(child);
  const drawn = object as Object3D & { geometry?: { dispose(): void }; material?: Material | Material[] };
  drawn.geometry?.dispose();
  const materials = drawn.material === undefined ? [] : ([] as Material[]).concat(drawn.material);
  for (const m of materials) disposeMaterial(m);
  object.dispose();
}

/** Frees a material and the textures among its properties and shader uniforms. */
function disposeMaterial(material: Material): void {
  const uniforms = (material as Material & { uniforms?: Record<string, { value: unknown }> }).uniforms ?? {};
  const values = [...Object.values(material), ...Object.values(uniforms).map((u) => u.value)];
  for (const v of values) if (isTexture(v)) v.dispose();
  material.dispose();
}

function isTexture(v: unknown): v is Texture {
  return typeof v === 'object' && v !== null && (v as { isTexture?: boolean }).isTexture === true;
}
