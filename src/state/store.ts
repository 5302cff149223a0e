/**
 * The page's UI state (zustand, vanilla): what the user chose and where they are looking — never result arrays, which
 * live in `results.ts` beside it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../scenario/schema.ts';

/** The five charts of PRODUCT.md. */
export const CHART_IDS = ['prices', 'supply', 'capacity', 'cost-curve', 'money'] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** A control's value. */
export type ControlValue = number | string | boolean;

/** What the status line says about the engine. */
export type RunStatus = { kind: 'idle' | 'running' | 'ready' } | { kind: 'error'; message: string };

/** A scenario opened from a share link or a file instead of a preset as shipped (validated, `extends` as parsed). */
export interface OpenedScenario {
  origin: 'link' | 'file';
  /** Names it in the page: "a shared link" or the file's name. */
  label: string;
  scenario: Scenario;
  /** The preset it is compared with and linked against, or null when it has none (it is then its own baseline). */
  baseId: string | null;
}

/** What an unpinned baseline is. */
export type BaselineKind = 'preset' | 'no-zone';

/** Where opening a link or a file puts the page. */
export interface OpenView {
  presetId: string;
  controls?: Readonly<Record<string, ControlValue>>;
  cursor?: number;
  selected?: string | null;
  stage?: 'mine' | 'refine';
}

/** UI state. `controls` holds only values the user moved away from the preset's. */
export interface UiState {
  presetId: string;
  controls: Readonly<Record<string, ControlValue>>;
  /** Month index under the shared time cursor. */
  cursor: number;
  playing: boolean;
  /** Playback speed, months per second. */
  speed: number;
  /** ISO alpha-3 code of the selected country, filtering the charts. */
  selected: string | null;
  /** True when the baseline is a pinned run rather than the preset as shipped. */
  baselinePinned: boolean;
  /**
   * The baseline when not pinned: the preset as shipped, or the same scenario without its zone's instruments (what a
   * preset with a zone opens against, so its money and prices differ from the start).
   */
  baselineKind: BaselineKind;
  /** Stage shown by the charts. */
  stage: 'mine' | 'refine';
  /** Charts shown as data tables. */
  tables: readonly ChartId[];
  /** Indices into the current result's events of the events being explained (one marker's group). */
  explained: readonly number[] | null;
  status: RunStatus;
  /** The scenario from a link or a file that runs instead of the preset as shipped, or null. */
  opened: OpenedScenario | null;
  /** Presentation mode, for projectors: larger text, charts zoomed to the story step's months. */
  presenting: boolean;
  /** The months the open story step is about (inclusive month indices), or null with no story open. */
  storyWindow: { from: number; to: number } | null;
}

/** Everything that changes UI state. */
export interface UiActions {
  setPreset(id: string): void;
  setControl(id: string, value: ControlValue | undefined): void;
  resetControls(): void;
  setCursor(month: number, months: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  select(code: string | null): void;
  setBaselinePinned(pinned: boolean): void;
  /** Chooses the unpinned baseline (and unpins). */
  setBaselineKind(kind: BaselineKind): void;
  setStage(stage: 'mine' | 'refine'): void;
  toggleTable(chart: ChartId): void;
  explain(eventIndices: readonly number[] | null): void;
  setStatus(status: RunStatus): void;
  setPresenting(on: boolean): void;
  setStoryWindow(window: { from: number; to: number } | null): void;
  /** Opens a scenario from a link or a file (or, with null, a preset) with the view it comes with, in one change. */
  openScenario(opened: OpenedScenario | null, view: OpenView): void;
}

export type AppStore = StoreApi<UiState & UiActions>;

/** Playback speeds offered, months per second. */
export const SPEEDS = [1, 2, 4, 8, 16] as const;

/** Creates the store, opening `presetId`. */
export function createAppStore(presetId: string): AppStore {
  return createStore<UiState & UiActions>()((set) => ({
    presetId,
    controls: {},
    cursor: 0,
    playing: false,
    speed: 4,
    selected: null,
    baselinePinned: false,
    baselineKind: 'preset',
    stage: 'refine',
    tables: [],
    explained: null,
    status: { kind: 'idle' },
    opened: null,
    presenting: false,
    storyWindow: null,
    setPresenting: (on) => set({ presenting: on }),
    setStoryWindow: (w) => set({ storyWindow: w }),
    setPreset: (id) =>
      set({
        opened: null,
        presetId: id,
        controls: {},
        cursor: 0,
        playing: false,
        selected: null,
        baselinePinned: false,
        explained: null,
      }),
    setControl: (id, value) =>
      set((s) => {
        const controls = { ...s.controls };
        if (value === undefined) delete controls[id];
        else controls[id] = value;
        return { controls };
      }),
    resetControls: () => set({ controls: {} }),
    setCursor: (month, months) => set({ cursor: Math.max(0, Math.min(Math.max(0, months - 1), Math.round(month))) }),
    setPlaying: (playing) => set({ playing }),
    setSpeed: (speed) => set({ speed }),
    select: (code) => set({ selected: code }),
    setBaselinePinned: (pinned) => set({ baselinePinned: pinned }),
    setBaselineKind: (kind) => set({ baselineKind: kind, baselinePinned: false }),
    setStage: (stage) => set({ stage }),
    toggleTable: (chart) =>
      set((s) => ({ tables: s.tables.includes(chart) ? s.tables.filter((c) => c !== chart) : [...s.tables, chart] })),
    explain: (eventIndices) => set({ explained: eventIndices }),
    setStatus: (status) => set({ status }),
    openScenario: (opened, view) =>
      set((s) => ({
        opened,
        presetId: view.presetId,
        controls: view.controls ?? {},
        cursor: Math.max(0, Math.round(view.cursor ?? 0)),
        selected: view.selected ?? null,
        stage: view.stage ?? s.stage,
        playing: false,
        baselinePinned: false,
        explained: null,
      })),
  }));
}
