/**
 * Event markers and their explanations. Events (MODEL.md §7) become markers grouped by month; clicking one explains
 * it in a sentence built from the event's reason (`detail`) and the rule that fired (`rule`).
 */
import type { EventType, RunResult } from '../results/contract.ts';
import { monthLabel } from '../scenario/months.ts';
import { TYPE_LABEL, agentName } from '../app/event-sentences.ts';

export { agentName, explainEvent } from '../app/event-sentences.ts';

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
