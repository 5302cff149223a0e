/**
 * The three.js scene around the globe: renderer (navy clear colour, drawing buffer preserved so tests and PNG export
 * can read the canvas, drawn smaller when the device cannot keep up: render-scale.ts), camera, orbit controls (drag to
 * rotate, wheel to zoom, no pan) and a render loop that runs only while something moves — and never animates under
 * reduced motion.
 */
import { Color, Group, LinearSRGBColorSpace, PerspectiveCamera, Scene, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { PALETTE } from '../state/palette.ts';
import { fitDistance } from './actors-view.ts';
import { latLonToVector } from './geo.ts';
import { createGpuTimer } from './gpu-timer.ts';
import { createRenderScale } from './render-scale.ts';

/** The scene and its loop. */
export interface GlobeScene {
  canvas: HTMLCanvasElement;
  camera: PerspectiveCamera;
  root: Group;
  /** Compiles the shaders without blocking (where the GPU allows), then starts drawing. */
  start(): Promise<void>;
  /** Draws one frame soon. */
  requestRender(): void;
  /** Registers per-frame work; return true to keep the loop running. */
  onFrame(fn: (nowMs: number) => boolean): void;
  /** Turns the globe so `lat`, `lon` faces the viewer. */
  focusOn(lat: number, lon: number): void;
  /**
   * Turns the globe so `lat`, `lon` faces the viewer and backs the camera off until a cap of `spreadDeg` around it
   * fits the view; stops the idle spin, and fits again when the view is resized, until the user moves the globe.
   */
  frame(lat: number, lon: number, spreadDeg: number): void;
  zoom(factor: number): void;
  dispose(): void;
}

const FRAME_MS = 1000 / 30;

/** Creates the scene in `container`; returns null when WebGL is unavailable. */
export function createGlobeScene(container: HTMLElement, reducedMotion: boolean): GlobeScene | null {
  let renderer: WebGLRenderer;
  try {
    renderer = new WebGLRenderer({ antialias: false, preserveDrawingBuffer: true, alpha: false });
  } catch {
    return null;
  }
  // Checking shader errors makes the main thread wait for every shader compile (seconds under software GL).
  renderer.debug.checkShaderErrors = false;
  // Colours are written as given, with no sRGB encoding per pixel (a software renderer pays for it on every pixel of
  // the sphere): textures keep their sRGB values, and materials take palette colours unconverted (facilities-layer.ts).
  renderer.outputColorSpace = LinearSRGBColorSpace;
  renderer.setClearColor(new Color().setStyle(PALETTE.background, LinearSRGBColorSpace), 1);
  const pixelRatio = Math.min(window.devicePixelRatio || 1, 2);
  renderer.setPixelRatio(pixelRatio);
  // A device that takes too long to draw the scene draws it smaller (render-scale.ts), timed by gpu-timer.ts.
  const renderScale = createRenderScale();
  const timer = createGpuTimer(renderer.getContext());
  const canvas = renderer.domElement;
  canvas.className = 'globe-canvas';
  container.appendChild(canvas);
  const scene = new Scene();
  const root = new Group();
  scene.add(root);
  const camera = new PerspectiveCamera(35, 1, 0.05, 50);
  camera.position.copy(latLonToVector(25, 20, 3.4));
  const controls = new OrbitControls(camera, canvas);
  controls.enablePan = false;
  controls.enableDamping = !reducedMotion;
  controls.minDistance = 1.35;
  controls.maxDistance = 6;
  controls.rotateSpeed = 0.45;
  controls.zoomSpeed = 0.8;
  controls.autoRotate = !reducedMotion;
  controls.autoRotateSpeed = 0.35;
  const frameFns: ((now: number) => boolean)[] = [];
  let raf = 0;
  let dirty = true;
  let last = 0;
  let started = false;

  let interacting = false;

  // Frames are capped at 30 per second except while the user drags (software GL pays for every frame).
  let inLoop = false;
  const loop = (now: number) => {
    raf = 0;
    inLoop = true;
    let animating = controls.update();
    for (const fn of frameFns) animating = fn(now) || animating;
    const continuous = !reducedMotion || animating;
    let rescaled = false;
    for (const ms of timer?.poll() ?? []) rescaled = renderScale.observe(ms) || rescaled;
    if (rescaled) {
      renderer.setPixelRatio(pixelRatio * renderScale.scale);
      dirty = true;
    }
    if ((dirty || continuous) && (interacting || now - last >= FRAME_MS)) {
      timer?.begin();
      renderer.render(scene, camera);
      timer?.end();
      last = now;
      dirty = false;
    }
    inLoop = false;
    if (continuous || dirty) raf = requestAnimationFrame(loop);
  };
  const requestRender = () => {
    dirty = true;
    if (!raf && !inLoop && started) raf = requestAnimationFrame(loop);
  };
  /** The view to keep fitted on resize, until the user moves the globe. */
  let framing: { lat: number; lon: number; spreadDeg: number } | null = null;
  const applyFraming = () => {
    if (!framing) return;
    const d = fitDistance(
      framing.spreadDeg,
      camera.fov,
      camera.aspect,
      controls.minDistance + 0.4,
      controls.maxDistance,
    );
    latLonToVector(Math.max(-70, Math.min(70, framing.lat)), framing.lon, d, camera.position);
    controls.update();
    camera.updateMatrixWorld();
    requestRender();
  };
  controls.addEventListener('start', () => {
    controls.autoRotate = false;
    interacting = true;
    framing = null;
  });
  controls.addEventListener('end', () => (interacting = false));
  controls.addEventListener('change', requestRender);

  const size = { w: 0, h: 0 };
  const resize = new ResizeObserver(() => {
    const w = Math.max(1, container.clientWidth);
    const h = Math.max(1, container.clientHeight);
    // Resizing reallocates the drawing buffer (slow under software GL): only when the pixel size really changes.
    if (w === size.w && h === size.h) return;
    Object.assign(size, { w, h });
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    applyFraming();
    requestRender();
  });
  resize.observe(container);

  return {
    canvas,
    camera,
    root,
    async start() {
      if (renderer.extensions.has('KHR_parallel_shader_compile')) await renderer.compileAsync(scene, camera);
      started = true;
      requestRender();
    },
    requestRender,
    onFrame: (fn) => void frameFns.push(fn),
    focusOn(lat, lon) {
      controls.autoRotate = false;
      framing = null;
      latLonToVector(Math.max(-70, Math.min(70, lat)), lon, camera.position.length(), camera.position);
      controls.update();
      camera.updateMatrixWorld();
      requestRender();
    },
    frame(lat, lon, spreadDeg) {
      controls.autoRotate = false;
      framing = { lat, lon, spreadDeg };
      applyFraming();
    },
    zoom(factor) {
      const d = Math.max(controls.minDistance, Math.min(controls.maxDistance, camera.position.length() * factor));
      camera.position.setLength(d);
      controls.update();
      requestRender();
    },
    dispose() {
      cancelAnimationFrame(raf);
      timer?.dispose();
      resize.disconnect();
      controls.dispose();
      renderer.dispose();
      canvas.remove();
    },
  };
}
