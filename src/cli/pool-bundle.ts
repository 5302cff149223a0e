/**
 * Fast worker start-up: bundles a task module and everything it imports into one plain ES module with esbuild (which
 * tsx, a runtime dependency, always installs). A worker then starts in about a tenth of a second, instead of
 * registering tsx again in its own thread (a loader thread of its own and every file compiled again: over a second of
 * CPU per worker on a 2-core machine).
 *
 * The bundle is cached in `node_modules/.cache/chokepoint/` with a manifest of its input files and their SHA-256, and
 * reused while every input is unchanged (checking costs a few milliseconds; starting esbuild, half a second). When the
 * cache cannot be written the bundle is handed over as a `data:` URL; when esbuild cannot be loaded or fails, callers
 * fall back to the tsx bootstrap (`pool-bootstrap.mjs`). All three run the same code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The slice of esbuild's API used here (typed locally: esbuild is tsx's dependency, not ours). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{
    outputFiles?: { text: string }[];
    metafile?: { inputs: Record<string, unknown> };
  }>;
}

/** What the cache remembers of a bundle. */
interface Manifest {
  entry: string;
  /** Input files, relative to the package root. */
  inputs: string[];
  inputsSha256: string;
  bundleSha256: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'chokepoint');

const bundles = new Map<string, Promise<URL | undefined>>();

/**
 * Returns a URL of `entry` bundled for Node (node: built-ins left as imports) — a cached file or a `data:` URL — or
 * undefined when esbuild is unavailable or the bundle fails. Looked up once per process and entry.
 */
export function bundleWorkerEntry(entry: URL): Promise<URL | undefined> {
  let bundle = bundles.get(entry.href);
  if (!bundle) {
    bundle = findOrBuild(entry).catch(() => undefined);
    bundles.set(entry.href, bundle);
  }
  return bundle;
}

async function findOrBuild(entry: URL): Promise<URL | undefined> {
  const name = basename(fileURLToPath(entry)).replace(/\.[^.]+$/, '');
  const bundlePath = join(CACHE_DIR, `${name}.mjs`);
  const manifestPath = join(CACHE_DIR, `${name}.json`);
  const cached = readCached(entry, bundlePath, manifestPath);
  if (cached) return cached;

  const esbuildName = 'esbuild';
  const esbuild = (await import(esbuildName)) as Esbuild;
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(entry)],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const text = result.outputFiles?.[0]?.text;
  if (!text) return undefined;
  const inputs = Object.keys(result.metafile?.inputs ?? {}).sort();
  try {
    const manifest: Manifest = {
      entry: entry.href,
      inputs,
      inputsSha256: hashFiles(inputs),
      bundleSha256: sha256(text),
    };
    mkdirSync(CACHE_DIR, { recursive: true });
    writeAtomically(bundlePath, text);
    writeAtomically(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    return pathToFileURL(bundlePath);
  } catch {
    return new URL(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
  }
}

/** Returns the cached bundle's URL when its manifest matches `entry`, its inputs and its own bytes; else undefined. */
function readCached(entry: URL, bundlePath: string, manifestPath: string): URL | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.entry !== entry.href || !Array.isArray(manifest.inputs)) return undefined;
    if (hashFiles(manifest.inputs) !== manifest.inputsSha256) return undefined;
    if (sha256(readFileSync(bundlePath, 'utf8')) !== manifest.bundleSha256) return undefined;
    return pathToFileURL(bundlePath);
  } catch {
    return undefined;
  }
}

function hashFiles(paths: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of paths)
    h.update(`${p}\0`)
      .update(readFileSync(resolve(ROOT, p)))
      .update('\0');
  return h.digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes a file whole or not at all, even when several sweeps start at once. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
