/**
 * Events in sentences (MODEL.md §7), for the charts' markers and for playback: when, who, what happened and why, and
 * the rule that fired; and which events a playing cursor has just passed.
 */
import { EVENT_TYPES, type EventType, type RunResult } from '../results/contract.ts';
import { monthLabel } from '../scenario/months.ts';

/** What each event type says happened. */
export const TYPE_LABEL: Record<EventType, string> = {
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

/** Event types playback tells: what moves the curves (projects committed are left to the charts' tables). */
export const PLAYBACK_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => t !== 'project');

/**
 * Returns the indices of the events in months `from` (exclusive) to `to` (inclusive) of `types`, limited to `country`
 * (and the zone or the dominant as a whole) when one is selected; empty when the cursor did not move forward.
 */
export function eventsPassed(
  r: RunResult,
  from: number,
  to: number,
  country: string | null,
  types: readonly EventType[] = PLAYBACK_EVENT_TYPES,
): number[] {
  if (to <= from) return [];
  const out: number[] = [];
  r.events.forEach((e, i) => {
    if (e.month <= from || e.month > to || !types.includes(e.type)) return;
    if (country !== null && e.country !== country && e.country !== '') return;
    out.push(i);
  });
  return out;
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
