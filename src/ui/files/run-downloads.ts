/**
 * What Download offers for the run on screen (PRODUCT.md "Download"): the six run files of RESULTS.md in a zip (with
 * the scenario, a README and metadata.json), the
 * scenario file that reproduces the run with the CLI, each chart as SVG or PNG framed with its title and sources,
 * and the globe as PNG. Every file is named `<scenario>-seed<N>…`.
 */
import type { ChartId } from '../../state/store.ts';
import { type ChartCaption, type LegendStyle, canvasToPng, exportChartSvg, svgToPng } from './chart-export.ts';
import type { CurrentRun } from '../../app/current-run.ts';
import type { NoticeArea } from '../../app/notices.ts';
import { buildRunZip, runFileStem } from './run-zip.ts';
import { saveBlob } from './save-file.ts';
import { SCENARIO_FILE, runMetadata, runReadme } from './run-readme.ts';
import { scenarioFileText } from '../../app/scenario-file.ts';

/** The downloads of the run on screen. */
export interface RunDownloads {
  runFiles(): void;
  scenario(): void;
  chart(id: ChartId, format: 'svg' | 'png'): Promise<void>;
  globe(): Promise<void>;
}

/** Creates the downloads; `current` returns the run on screen, or a sentence when there is none to save. */
export function createRunDownloads(current: () => CurrentRun | string, notices: NoticeArea): RunDownloads {
  const withRun = async (what: string, save: (run: CurrentRun) => void | Promise<void>) => {
    const run = current();
    if (typeof run === 'string') return notices.show('download', 'error', `Cannot download ${what}: ${run}`);
    try {
      await save(run);
      notices.clear('download');
    } catch (e) {
      notices.show('download', 'error', `Cannot download ${what}: ${(e as Error).message ?? e}`);
    }
  };
  return {
    runFiles: () =>
      void withRun('the run files', (run) => {
        const { seed, months } = run.result.meta;
        const metadata = runMetadata(run.result, run.scenario, run.source);
        const zip = buildRunZip(run.result, {
          [SCENARIO_FILE]: scenarioFileText(run.scenario, { seed, months }),
          'metadata.json': `${JSON.stringify(metadata, null, 2)}\n`,
          'README.md': runReadme(metadata),
        });
        saveBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${stem(run)}.zip`);
      }),
    scenario: () =>
      void withRun('the scenario', (run) => {
        const { seed, months } = run.result.meta;
        const text = scenarioFileText(run.scenario, { seed, months });
        saveBlob(new Blob([text], { type: 'application/json' }), `${stem(run)}.json`);
      }),
    chart: (id, format) =>
      withRun(`the ${id} chart`, async (run) => {
        const card = document.getElementById(`card-${id}`);
        const svg = card ? exportChartSvg(card, chartCaption(card, run)) : null;
        if (!svg) throw new Error('the chart has not been drawn (is it shown as a table?)');
        const name = `${stem(run)}-${id}.${format}`;
        if (format === 'svg') saveBlob(new Blob([svg.text], { type: 'image/svg+xml' }), name);
        else saveBlob(await svgToPng(svg), name);
      }),
    globe: () =>
      withRun('the globe', async (run) => {
        const canvas = document.querySelector<HTMLCanvasElement>('#globe canvas');
        if (!canvas) throw new Error('the globe has not been drawn');
        saveBlob(await canvasToPng(canvas), `${stem(run)}-globe.png`);
      }),
  };
}

function stem(run: CurrentRun): string {
  return runFileStem(run.result.meta);
}

/** How a legend item's swatch is drawn, from its classes on the page. */
function legendStyle(li: HTMLElement): LegendStyle {
  if (li.classList.contains('ghost')) return 'ghost';
  if (li.classList.contains('dashed')) return 'dashed';
  if (li.classList.contains('shaded')) return 'shaded';
  return 'solid';
}

/** Reads a chart card's title, description and legend, and writes the source lines. */
function chartCaption(card: HTMLElement, run: CurrentRun): ChartCaption {
  const { meta, resultHash } = run.result;
  const legend = [...card.querySelectorAll<HTMLElement>('.legend-item')].map((li) => ({
    label: li.textContent ?? '',
    color: li.querySelector<HTMLElement>('.swatch')?.style.getPropertyValue('--swatch') || '#888888',
    style: legendStyle(li),
  }));
  const inputs = run.scenario.sources.map((s) => [s.title, s.year].filter((x) => x !== undefined).join(' '));
  return {
    title: card.querySelector('.chart-title')?.textContent ?? '',
    description: card.querySelector('.chart-desc')?.textContent ?? '',
    legend,
    source: [
      `Source: Chokepoint simulation (engine ${meta.engineVersion}), scenario "${meta.scenarioId}", seed ${meta.seed}, ` +
        `${meta.months} months, result hash ${resultHash.slice(0, 8)}. Simulated figures, not observations.`,
      ...(inputs.length ? [`Scenario inputs: ${inputs.join('; ')}`] : []),
    ],
  };
}
