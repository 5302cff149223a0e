/**
 * The page of the `arcs_2000_frame_ms` benchmark (bench/arcs.ts): the globe's own scene, country layer and arcs
 * layer, with 2,000 arcs between the 200 countries of the generated stress scenario (bench/stress-scenario.ts),
 * their tonnes changing every month, played at 4 months a second. It records the interval between animation frames
 * (the frame time a viewer sees) in `window.__frames` and exposes `window.__play(seconds)`.
 */
import { createArcsLayer } from '../src/globe/arcs-layer.ts';
import { createCountriesLayer } from '../src/globe/countries-layer.ts';
import { createGlobeScene } from '../src/globe/globe-scene.ts';
import { type ArcVm, arcWidth } from '../src/globe/globe-vm.ts';
import { loadCountryShapes } from '../src/globe/world-shapes.ts';
import { stressScenario } from './stress-scenario.ts';

/** Arcs on the globe (`?arcs=N` for another count) and countries they join. */
const ARCS = Number(new URLSearchParams(location.search).get('arcs') ?? 2000);
const COUNTRIES = 200;
/** Playback speed, months per second (the page's default). */
const MONTHS_PER_SECOND = 4;

const host = document.getElementById('globe')!;
host.style.width = '900px';
host.style.height = '700px';
const scene = createGlobeScene(host, false);
if (!scene) throw new Error('no WebGL');
// As the page's stylesheet does (.globe-canvas): the canvas fills its box whatever its drawing buffer's size.
scene.canvas.style.setProperty('display', 'block');
scene.canvas.style.setProperty('width', '100%');
scene.canvas.style.setProperty('height', '100%');
const countries = createCountriesLayer(loadCountryShapes());
const arcs = createArcsLayer(false);
scene.root.add(countries.mesh, arcs.object);
scene.onFrame((now) => {
  arcs.tick(now / 1000, scene.camera, scene.canvas);
  return false;
});

const coords = stressScenario(COUNTRIES, 10, 12).countries.map((c) => [c.lat, c.lon] as [number, number]);
// 2,000 routes: each country exports to ten others, spread around the world.
const routes = Array.from({ length: ARCS }, (_, k) => {
  const from = k % COUNTRIES;
  const to = (from + 1 + ((Math.floor(k / COUNTRIES) * 37 + k * 11) % (COUNTRIES - 1))) % COUNTRIES;
  return { from, to, base: 50 + ((k * 7919) % 1000), stage: k % 2 };
});

/** The arcs of month `m`: tonnes swing over the year, widths as the page scales them (their largest is 1,500 t). */
function frameArcs(m: number): ArcVm[] {
  return routes.map((r, k) => {
    const tonnes = r.base * (1 + 0.5 * Math.sin(m / 6 + k));
    return {
      from: coords[r.from]!,
      to: coords[r.to]!,
      tonnes,
      stage: r.stage,
      width: arcWidth(tonnes, 1500),
    };
  });
}

const w = window as unknown as { __frames: number[]; __play(seconds: number): Promise<number>; __ready: boolean };
w.__frames = [];
w.__play = (seconds) =>
  new Promise((resolve) => {
    const t0 = performance.now();
    let month = -1;
    let last = t0;
    const frame = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      const m = Math.floor(((now - t0) / 1000) * MONTHS_PER_SECOND);
      if (m !== month) {
        month = m;
        arcs.update(frameArcs(m));
        scene.requestRender();
      }
      if (now - t0 < seconds * 1000) requestAnimationFrame(frame);
      else resolve(w.__frames.length);
    };
    requestAnimationFrame(frame);
  });
arcs.update(frameArcs(0));
void scene.start().then(() => (w.__ready = true));
