import { describe, expect, it } from 'vitest';
import { eventsPassed, explainEvent } from '../../src/app/event-sentences.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

const r = makeFakeResult();

describe('events passed by playback', () => {
  it('lists the events after the month it came from up to the month it reached, without projects', () => {
    const passed = eventsPassed(r, 17, 30, null);
    expect(passed.map((i) => [r.events[i]!.month, r.events[i]!.type])).toEqual([
      [18, 'idle'],
      [24, 'join'],
      [30, 'closed'],
    ]);
    expect(explainEvent(r, passed[2]!)).toMatch(/^2027-07 — Mountain Pass \(USA\) closed: Idle for 12 months/);
  });

  it('says nothing when the cursor stays or goes back, and keeps to a selected country', () => {
    expect(eventsPassed(r, 30, 30, null)).toEqual([]);
    expect(eventsPassed(r, 30, 10, null)).toEqual([]);
    expect(eventsPassed(r, 0, 30, 'JPN').map((i) => r.events[i]!.type)).toEqual(['join']);
  });
});
