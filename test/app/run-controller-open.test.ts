import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { RunRequest } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { createInThreadClient } from '../../src/client/in-thread-client.ts';
import type { EngineClient } from '../../src/client/engine-client.ts';
import { createResultsHolder } from '../../src/state/results.ts';
import { createAppStore } from '../../src/state/store.ts';
import { startRunController } from '../../src/app/run-controller.ts';
import { readScenarioText } from '../../src/app/scenario-file.ts';

const catalog = loadPresetCatalog();

/** Node has no animation frames: the controller's frame gate gets timers. */
function stubFrames(): void {
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
}

/** An in-thread client that records what it was asked to run, and can be made to fail once. */
function recordingClient() {
  const inner = createInThreadClient();
  const sent: RunRequest[] = [];
  let failNext = false;
  const client: EngineClient = {
    run: async (r) => {
      sent.push(r);
      if (failNext) {
        failNext = false;
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the engine worker stopped (error)');
      }
      return inner.run(r);
    },
    dispose: () => {},
  };
  return { client, sent, failOnce: () => (failNext = true) };
}

describe('run controller with a scenario opened from a file or a link', () => {
  it('runs the opened scenario without `extends`, compared with the preset it extends', async () => {
    stubFrames();
    const store = createAppStore('dumping-cycle-floor');
    const results = createResultsHolder();
    const { client, sent } = recordingClient();
    const titles: (string | undefined)[] = [];
    const stop = startRunController(store, results, client, catalog, (info) => titles.push(info.scenario?.title));
    await vi.waitFor(() => expect(results.current?.meta.scenarioId).toBe('dumping-cycle-floor'));

    const text = JSON.stringify({ schema: 1, extends: 'dumping-cycle', title: 'Mine', months: 36 });
    const read = readScenarioText(text, 'mine.json', text.length, catalog);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    store
      .getState()
      .openScenario(
        { origin: 'file', label: 'mine.json', ...read.value },
        { presetId: 'dumping-cycle', controls: { seed: 5 } },
      );
    await vi.waitFor(() => expect(results.current?.meta.title).toBe('Mine'));
    expect(results.current?.meta.seed).toBe(5);
    expect(results.current?.meta.months).toBe(36);
    await vi.waitFor(() => expect(results.baseline?.meta.scenarioId).toBe('dumping-cycle'));
    expect(titles.at(-1)).toBe('Mine');
    const opened = sent.filter((r) => r.scenario !== undefined);
    expect(opened.length).toBeGreaterThan(0);
    for (const r of opened) expect((r.scenario as { extends?: string }).extends).toBeUndefined();

    store.getState().setPreset('dumping-cycle-floor');
    await vi.waitFor(() => expect(results.current?.meta.scenarioId).toBe('dumping-cycle-floor'));
    expect(store.getState().opened).toBeNull();
    stop();
    vi.unstubAllGlobals();
  });

  it('runs an opened scenario that starts from no preset once: it is its own baseline', async () => {
    stubFrames();
    const store = createAppStore('dumping-cycle');
    const results = createResultsHolder();
    const { client, sent } = recordingClient();
    const stop = startRunController(store, results, client, catalog, () => {});
    await vi.waitFor(() => expect(results.current?.meta.scenarioId).toBe('dumping-cycle'));

    const preset = JSON.parse(readFileSync('scenarios/dumping-cycle.json', 'utf8')) as Record<string, unknown>;
    const text = JSON.stringify({ ...preset, id: 'alone', title: 'Alone', months: 24 });
    const read = readScenarioText(text, 'alone.json', text.length, catalog);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.value.baseId).toBeNull();
    store
      .getState()
      .openScenario(
        { origin: 'file', label: 'alone.json', ...read.value },
        { presetId: 'dumping-cycle', controls: {} },
      );
    await vi.waitFor(() => expect(results.current?.meta.title).toBe('Alone'));
    expect(store.getState().status).toEqual({ kind: 'ready' });
    expect(results.baseline).toBe(results.current);
    expect(sent.filter((r) => r.scenario !== undefined)).toHaveLength(1);

    // A moved control runs the scenario again, with the move, against the run as opened.
    store.getState().setControl('seed', 9);
    await vi.waitFor(() => expect(results.current?.meta.seed).toBe(9));
    expect(sent.filter((r) => r.scenario !== undefined)).toHaveLength(2);
    expect(results.baseline?.meta.title).toBe('Alone');
    expect(results.baseline?.meta.seed).not.toBe(9);
    stop();
    vi.unstubAllGlobals();
  });

  it('runs the baseline again after the worker died under it', async () => {
    stubFrames();
    const store = createAppStore('export-ban');
    const results = createResultsHolder();
    const { client, failOnce } = recordingClient();
    failOnce();
    const stop = startRunController(store, results, client, catalog, () => {});
    await vi.waitFor(() => expect(store.getState().status).toMatchObject({ kind: 'error' }));
    expect(results.current).toBeNull();
    // Moving a control away and back asks for the default run again: it must not reuse the failed baseline.
    store.getState().setControl('seed', 9);
    await vi.waitFor(() => expect(results.current?.meta.seed).toBe(9));
    store.getState().setControl('seed', undefined);
    await vi.waitFor(() => expect(results.current?.meta.seed).not.toBe(9));
    expect(store.getState().status).toEqual({ kind: 'ready' });
    // export-ban's zone has members and no instrument: it is its own baseline.
    expect(store.getState().baselineKind).toBe('preset');
    expect(results.baseline).toBe(results.current);
    stop();
    vi.unstubAllGlobals();
  });
});
