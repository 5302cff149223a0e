/**
 * Event markers and their explanations. Events (MODEL.md §7) become markers grouped by month; clicking one explains
 * it in a sentence built from the event's reason (`detail`) and the rule that fired (`rule`).
 */
import type { EventType, RunResult } from '../results/contract.ts';
import { monthLabel } from '../scenario/months.ts';

/** One marker: the events of one month on one chart. */
export interface EventMarker {
  month: number;
  /** Indices into `result.events`. */
  indices: number[];
  /** Short label for screen readers and the hover title. */
  label: string;
  type: EventType;
}

/** Event types each time chart shows: the ones that explain why its curves move. */
export const CHART_EVENT_TYPES = {
  prices: ['mode', 'restriction', 'policy', 'join', 'leave', 'stockpile'],
  supply: ['restriction', 'join', 'leave', 'mode'],
  capacity: ['closed', 'commissioned', 'idle', 'restart'],
} as const satisfies Record<string, readonly EventType[]>;

const TYPE_LABEL: Record<EventType, string> = {
  project: 'project committed',
  commissioned: 'commissioned',
  idle: 'went idle',
  restart: 'restarted',
  closed: 'closed',
  outage: 'outage',
  mode: 'strategy change',
  policy: 'policy change',
  restriction: 'export restriction',
  join: 'joined the zone',
  leave: 'left the zone',
  stockpile: 'stockpile',
};

/** Builds markers for `types`, limited to events about `country` (or the zone as a whole) when one is selected. */
export function buildMarkers(r: RunResult, types: readonly EventType[], country: string | null): EventMarker[] {
  const byMonth = new Map<number, number[]>();
  r.events.forEach((e, i) => {
    if (!types.includes(e.type)) return;
    if (country !== null && e.country !== country && e.country !== '') return;
    const list = byMonth.get(e.month) ?? [];
    list.push(i);
    byMonth.set(e.month, list);
  });
  return [...byMonth].map(([month, indices]) => {
    const first = r.events[indices[0]!]!;
    const more = indices.length > 1 ? ` and ${indices.length - 1} more` : '';
    return {
      month,
      indices,
      type: first.type,
      label: `${monthLabel(r.meta.start, month)}: ${agentName(r, first.agent)} ${TYPE_LABEL[first.type]}${more}`,
    };
  });
}

/** Explains one event in a sentence: when, who, what happened and why, and the rule that fired. */
export function explainEvent(r: RunResult, index: number): string {
  const e = r.events[index];
  if (!e) return '';
  const detail = e.detail.trim().replace(/\.$/, '');
  const rule = e.rule ? ` (rule ${e.rule} of the model)` : '';
  return `${monthLabel(r.meta.start, e.month)} — ${agentName(r, e.agent)} ${TYPE_LABEL[e.type]}: ${detail}${rule}.`;
}

/** Names an event's agent: a facility's or country's name, or the zone / dominant supplier. */
export function agentName(r: RunResult, agent: string): string {
  if (agent === 'zone') return 'The zone';
  if (agent === 'dominant') {
    const d = r.meta.countries.find((c) => c.role === 'dominant');
    return d ? `${d.name} (dominant supplier)` : 'The dominant supplier';
  }
  const f = r.meta.facilities.find((x) => x.id === agent);
  if (f) return `${f.name} (${r.meta.countries[f.country]?.code ?? '?'})`;
  return r.meta.countries.find((c) => c.code === agent)?.name ?? agent;
}
