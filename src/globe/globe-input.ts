/**
 * Pointer and keyboard on the globe: hover shows a country's tooltip and outline, a click (not a drag) selects it or
 * clears the selection over the ocean; with the globe focused, arrow keys walk the scenario's countries west to east,
 * +/− zoom and Escape clears the selection.
 */
import { Raycaster, Vector2, Vector3, type Mesh } from 'three';
import { latLonToVector } from './geo.ts';
import type { GlobeScene } from './globe-scene.ts';
import type { CountryShape } from './world-shapes.ts';

/** What the input reports. */
export interface GlobeInputCallbacks {
  pick(mesh: Mesh, uv: Vector2): CountryShape | null;
  onHover(shape: CountryShape | null, at: { x: number; y: number } | null): void;
  onSelect(code: string | null): void;
  /** Codes in walking order, and the one selected now. */
  walkOrder(): { codes: string[]; selected: string | null };
  latLonOf(code: string): [number, number] | null;
}

/** Wires input on `container`; returns the remover. */
export function attachGlobeInput(
  container: HTMLElement,
  scene: GlobeScene,
  mesh: Mesh,
  cb: GlobeInputCallbacks,
): () => void {
  const raycaster = new Raycaster();
  const ndc = new Vector2();
  let down: { x: number; y: number } | null = null;
  let pending: PointerEvent | null = null;

  const hitAt = (clientX: number, clientY: number): CountryShape | null => {
    const rect = scene.canvas.getBoundingClientRect();
    ndc.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(ndc, scene.camera);
    const hit = raycaster.intersectObject(mesh, false)[0];
    return hit?.uv ? cb.pick(mesh, hit.uv) : null;
  };
  const onMove = (e: PointerEvent) => {
    if (e.buttons) return cb.onHover(null, null);
    if (!pending) requestAnimationFrame(flushMove);
    pending = e;
  };
  const flushMove = () => {
    const e = pending;
    pending = null;
    if (!e) return;
    const rect = container.getBoundingClientRect();
    const shape = hitAt(e.clientX, e.clientY);
    cb.onHover(shape, shape ? { x: e.clientX - rect.left, y: e.clientY - rect.top } : null);
  };
  const onDown = (e: PointerEvent) => (down = { x: e.clientX, y: e.clientY });
  const onUp = (e: PointerEvent) => {
    if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) return;
    down = null;
    cb.onSelect(hitAt(e.clientX, e.clientY)?.code ?? null);
  };
  const onLeave = () => cb.onHover(null, null);
  const onKey = (e: KeyboardEvent) => {
    if (e.target !== container) return;
    const { codes, selected } = cb.walkOrder();
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!codes.length) return;
      const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : -1;
      const i = selected ? codes.indexOf(selected) : -1;
      const next = codes[(i + step + codes.length + (i < 0 && step < 0 ? 1 : 0)) % codes.length]!;
      cb.onSelect(next);
      const ll = cb.latLonOf(next);
      if (ll) {
        scene.focusOn(ll[0], ll[1]);
        const p = latLonToVector(ll[0], ll[1], 1, new Vector3()).project(scene.camera);
        const rect = container.getBoundingClientRect();
        const shape = hitAt(rect.left + ((p.x + 1) / 2) * rect.width, rect.top + ((1 - p.y) / 2) * rect.height);
        cb.onHover(shape, { x: ((p.x + 1) / 2) * rect.width, y: ((1 - p.y) / 2) * rect.height });
      }
    } else if (e.key === 'Escape') cb.onSelect(null);
    else if (e.key === '+' || e.key === '=') scene.zoom(0.85);
    else if (e.key === '-' || e.key === '_') scene.zoom(1 / 0.85);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const canvas = scene.canvas;
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointerleave', onLeave);
  container.addEventListener('keydown', onKey);
  return () => {
    canvas.removeEventListener('pointermove', onMove);
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('pointerleave', onLeave);
    container.removeEventListener('keydown', onKey);
  };
}
