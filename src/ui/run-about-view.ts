/**
 * "About this run": what the run on screen is, so anyone can check or reproduce it — scenario id and title, where it
 * came from, seed, horizon, engine version and the full result hash (the `resultHash` of the CLI's `summary.json` for
 * the same scenario and seed), plus the command line that reruns it. Kept up to date after every run.
 */
import { monthLabel } from '../scenario/months.ts';
import type { CurrentRun } from '../app/current-run.ts';
import { h } from './kit/h.ts';
import { createMenu } from './kit/menu.ts';

/** The mounted panel. */
export interface RunAboutView {
  /** Shows the run on screen (null before the first one). */
  setRun(run: CurrentRun | null): void;
  /** Shows how the run compares with the link it was opened from (null when it was not opened from one). */
  setLinkCheck(text: string | null): void;
  dispose(): void;
}

/** Mounts the panel, a disclosure button with its panel, at the start of `host`. */
export function createRunAboutView(host: HTMLElement): RunAboutView {
  const menu = createMenu({
    id: 'run-about',
    className: 'run-about',
    label: 'About this run',
    panelLabel: { labelledBy: 'run-about-title' },
  });
  const list = h('dl', { class: 'run-facts' });
  const hash = h('code', { class: 'result-hash', 'data-result-hash': '' });
  const rows = {
    scenario: row(list, 'Scenario'),
    source: row(list, 'Opened from'),
    seed: row(list, 'Seed'),
    months: row(list, 'Months'),
    engine: row(list, 'Engine version'),
    hash: row(list, 'Result hash'),
    link: row(list, 'Link check'),
    command: row(list, 'Command line'),
  };
  rows.hash.appendChild(hash);
  const command = h('code', { class: 'run-command' });
  rows.command.appendChild(command);
  const note = h(
    'p',
    { class: 'run-about-note' },
    'The result hash covers every number of the run: the same scenario, seed and engine version give the same hash ' +
      'here and in the command line’s summary.json.',
  );
  menu.panel.append(h('h2', { id: 'run-about-title' }, 'About this run'), list, note);
  host.prepend(menu.root);
  show(rows.link, null);

  return {
    setRun(run) {
      if (!run) {
        for (const r of Object.values(rows)) if (r !== rows.hash && r !== rows.command && r !== rows.link) set(r, '–');
        hash.textContent = '–';
        hash.setAttribute('data-result-hash', '');
        return;
      }
      const { meta, resultHash } = run.result;
      set(rows.scenario, `${meta.scenarioId} — ${meta.title}`);
      set(rows.source, run.source);
      set(rows.seed, String(meta.seed));
      set(rows.months, `${meta.months} (${monthLabel(meta.start, 0)} to ${monthLabel(meta.start, meta.months - 1)})`);
      set(rows.engine, meta.engineVersion);
      hash.textContent = resultHash;
      hash.setAttribute('data-result-hash', resultHash);
      command.textContent = commandLine(run);
    },
    setLinkCheck(textOrNull) {
      show(rows.link, textOrNull);
    },
    dispose: () => menu.dispose(),
  };
}

/** The command that reruns the run: the preset with its `--set`s, or the downloaded scenario file. */
function commandLine(run: CurrentRun): string {
  const { request, result } = run;
  if (request.scenario !== undefined) return `npx chokepoint run <the downloaded scenario file>.json`;
  const parts = ['npx chokepoint run', request.presetId ?? ''];
  if (request.seed !== undefined) parts.push(`--seed ${result.meta.seed}`);
  if (request.months !== undefined) parts.push(`--months ${result.meta.months}`);
  for (const o of request.overrides ?? []) parts.push(`--set ${o}`);
  return parts.join(' ');
}

function row(list: HTMLElement, label: string): HTMLElement {
  const dd = h('dd');
  list.appendChild(h('div', null, h('dt', null, label), dd));
  return dd;
}

function set(dd: HTMLElement, text: string): void {
  dd.textContent = text;
}

function show(dd: HTMLElement, text: string | null): void {
  dd.textContent = text ?? '';
  dd.parentElement!.hidden = text === null;
}
