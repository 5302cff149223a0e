/** The globe's legend: country roles, facility states with counts at the cursor month, and flow colours by stage. */
import { DISPLAY_STATES, PALETTE } from '../state/palette.ts';
import { type GlobeFrame, countStates } from './globe-vm.ts';

/** The legend overlay. */
export interface GlobeLegend {
  update(frame: GlobeFrame, month: string): void;
  dispose(): void;
}

const ROLES = [
  ['Dominant supplier', PALETTE.dominant],
  ['Zone member', PALETTE.member],
  ['Other', PALETTE.other],
  ['No data', PALETTE.noData],
] as const;

/** Creates the legend in `container`. */
export function createGlobeLegend(container: HTMLElement): GlobeLegend {
  const root = document.createElement('div');
  root.className = 'globe-legend';
  const title = document.createElement('p');
  title.className = 'globe-month';
  const roles = list(
    'Countries',
    ROLES.map(([l, c]) => item(l, c, 'square')),
  );
  roles.classList.add('legend-roles');
  const label = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  const stateItems = DISPLAY_STATES.map((s) => item(label(s), PALETTE[s], 'dot'));
  const facilities = list('Facilities', stateItems);
  const flows = list('Flows', [item('Concentrate', PALETTE.mine, 'bar'), item('Refined', PALETTE.refine, 'bar')]);
  root.append(title, roles, facilities, flows);
  container.appendChild(root);
  return {
    update(frame, month) {
      title.textContent = month;
      const counts = countStates(frame);
      DISPLAY_STATES.forEach((s, i) => (stateItems[i]!.lastChild!.textContent = `${label(s)} ${counts[s]}`));
    },
    dispose: () => root.remove(),
  };
}

function list(label: string, items: HTMLElement[]): HTMLElement {
  const wrap = document.createElement('div');
  const h = document.createElement('span');
  h.className = 'legend-heading';
  h.textContent = label;
  const ul = document.createElement('ul');
  ul.append(...items);
  wrap.append(h, ul);
  return wrap;
}

function item(label: string, color: string, shape: 'square' | 'dot' | 'bar'): HTMLElement {
  const li = document.createElement('li');
  const sw = document.createElement('span');
  sw.className = `swatch swatch-${shape}`;
  sw.style.setProperty('--swatch', color);
  sw.setAttribute('aria-hidden', 'true');
  li.append(sw, document.createTextNode(label));
  return li;
}
