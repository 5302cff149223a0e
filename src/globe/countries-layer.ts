/**
 * The sphere and its countries: an equirectangular canvas painted with d3-geo (fills by role, outlines, a faint
 * graticule, the selected country outlined boldly) and mapped onto the sphere as a texture. A second, hidden canvas
 * paints each country in a colour that encodes its index, so picking is one pixel lookup.
 */
import { geoEquirectangular, geoGraticule10, geoPath, type GeoProjection } from 'd3';
import { CanvasTexture, LinearMipmapNearestFilter, Mesh, MeshBasicMaterial, SphereGeometry, type Vector2 } from 'three';
import { PALETTE } from '../state/palette.ts';
import type { CountryRole } from '../state/result-columns.ts';
import type { CountryShape } from './world-shapes.ts';
import { disposeObject } from './dispose.ts';

/** The countries layer. */
export interface CountriesLayer {
  mesh: Mesh;
  /** Repaints fills for `roles` (countries absent from it have no data) and outlines `selected`. */
  paint(roles: Map<string, CountryRole>, selected: string | null): void;
  /** Returns the country under a texture coordinate, or null (ocean). */
  pick(uv: Vector2): CountryShape | null;
  dispose(): void;
}

const W = 2048;
const H = 1024;
const PICK_W = 1024;
const PICK_H = 512;

function projectionFor(width: number): GeoProjection {
  return geoEquirectangular()
    .scale(width / (2 * Math.PI))
    .translate([width / 2, width / 4])
    .precision(0.5);
}

/** Creates the layer over the atlas shapes. */
export function createCountriesLayer(shapes: CountryShape[]): CountriesLayer {
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d')!;
  const texture = new CanvasTexture(canvas);
  // The canvas's sRGB colours go to the screen as they are (the renderer writes no sRGB encoding: globe-scene.ts),
  // and a minified texel comes from the nearest mipmap, not a blend of two: both save per-pixel work that a software
  // renderer pays on the whole sphere every frame.
  texture.minFilter = LinearMipmapNearestFilter;
  const material = new MeshBasicMaterial({ map: texture });
  const mesh = new Mesh(new SphereGeometry(1, 96, 64), material);
  mesh.name = 'countries';
  const pickData = paintPickCanvas(shapes);

  return {
    mesh,
    paint(roles, selected) {
      const path = geoPath(projectionFor(W), ctx);
      ctx.fillStyle = PALETTE.ocean;
      ctx.fillRect(0, 0, W, H);
      ctx.beginPath();
      path(geoGraticule10());
      ctx.strokeStyle = 'rgba(255,255,255,0.08)';
      ctx.lineWidth = 1;
      ctx.stroke();
      for (const s of shapes) {
        const role = s.code ? roles.get(s.code) : undefined;
        ctx.beginPath();
        path(s.feature);
        ctx.fillStyle = role ? PALETTE[role] : PALETTE.noData;
        ctx.fill();
        ctx.strokeStyle = 'rgba(10,26,51,0.9)';
        ctx.lineWidth = 1.2;
        ctx.stroke();
      }
      const sel = selected ? shapes.find((s) => s.code === selected) : undefined;
      if (sel) {
        ctx.beginPath();
        path(sel.feature);
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 5;
        ctx.stroke();
      }
      texture.needsUpdate = true;
    },
    pick(uv) {
      const x = Math.min(PICK_W - 1, Math.max(0, Math.floor(uv.x * PICK_W)));
      const y = Math.min(PICK_H - 1, Math.max(0, Math.floor((1 - uv.y) * PICK_H)));
      const i = (y * PICK_W + x) * 4;
      const id = (pickData[i]! << 16) | (pickData[i + 1]! << 8) | pickData[i + 2]!;
      return id > 0 && id <= shapes.length ? shapes[id - 1]! : null;
    },
    dispose: () => disposeObject(mesh),
  };
}

function paintPickCanvas(shapes: CountryShape[]): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = PICK_W;
  canvas.height = PICK_H;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const path = geoPath(projectionFor(PICK_W), ctx);
  shapes.forEach((s, i) => {
    const id = i + 1;
    ctx.beginPath();
    path(s.feature);
    ctx.fillStyle = `rgb(${(id >> 16) & 255},${(id >> 8) & 255},${id & 255})`;
    ctx.fill();
  });
  return ctx.getImageData(0, 0, PICK_W, PICK_H).data;
}
