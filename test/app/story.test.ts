import { describe, expect, it } from 'vitest';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { buildStory, stepBy, stepHeading, stepWindow, storyAction, wantsStory } from '../../src/app/story-vm.ts';

const catalog = loadPresetCatalog();
const dumping = parseScenario(catalog.get('dumping-cycle'), catalog);
if (!dumping.ok) throw new Error('dumping-cycle must parse');

describe('story steps', () => {
  it('turns the preset’s story into steps with month indices, charts and countries', () => {
    const steps = buildStory(dumping.value);
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps[0]).toMatchObject({ month: 0, label: '2025-01', chart: 'prices', country: null });
    expect(steps[1]).toMatchObject({ month: 6, label: '2025-07' });
    expect(steps[3]).toMatchObject({ month: 18, label: '2026-07', chart: 'capacity', country: 'USA' });
    for (const s of steps) expect(s.caption.length).toBeGreaterThan(20);
  });

  it('gives no steps to a scenario without a story', () => {
    expect(buildStory({ start: '2025-01', story: [] })).toEqual([]);
  });

  it('keeps the month index of a step outside a shortened horizon (the cursor clamps it)', () => {
    const steps = buildStory({ start: '2025-06', story: [{ month: '2024-06', caption: 'before' }] });
    expect(steps[0]!.month).toBe(-12);
  });

  it('steps forward and back within the story', () => {
    expect(stepBy(0, 1, 5)).toBe(1);
    expect(stepBy(4, 1, 5)).toBe(4);
    expect(stepBy(0, -1, 5)).toBe(0);
    expect(stepBy(3, -1, 5)).toBe(2);
    expect(stepBy(9, 0, 5)).toBe(4);
  });

  it('says where the reader is', () => {
    const steps = buildStory(dumping.value);
    expect(stepHeading(steps, 1)).toBe(`Step 2 of ${steps.length} · 2025-07`);
    expect(stepHeading(steps, 99)).toBe('');
  });
});

describe('story keys', () => {
  it('PageDown and ] go forward, PageUp and [ go back, Escape closes', () => {
    expect(storyAction({ key: 'PageDown' })).toBe('next');
    expect(storyAction({ key: ']' })).toBe('next');
    expect(storyAction({ key: 'PageUp' })).toBe('previous');
    expect(storyAction({ key: '[' })).toBe('previous');
    expect(storyAction({ key: 'Escape' })).toBe('close');
  });

  it('leaves the timeline’s keys alone', () => {
    for (const key of [' ', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter']) expect(storyAction({ key })).toBeNull();
  });

  it('leaves keys with modifiers and keys typed into fields and sliders alone (but Escape still closes)', () => {
    expect(storyAction({ key: ']', ctrlKey: true })).toBeNull();
    expect(storyAction({ key: 'PageDown', altKey: true })).toBeNull();
    expect(storyAction({ key: 'PageDown', inField: true })).toBeNull();
    expect(storyAction({ key: '[', inField: true })).toBeNull();
    expect(storyAction({ key: 'Escape', inField: true })).toBe('close');
  });
});

describe('story links', () => {
  it('opens the story when the query has story=1, with or without a share link after it', () => {
    expect(wantsStory('?story=1')).toBe(true);
    expect(wantsStory('?lang=en&story=1')).toBe(true);
    expect(wantsStory('')).toBe(false);
    expect(wantsStory('?story=0')).toBe(false);
    expect(wantsStory('?stories=1')).toBe(false);
    expect(new URL('https://example.org/app/?story=1#v1.abc').search).toBe('?story=1');
  });
});

describe('a story step’s window (presentation mode)', () => {
  const steps = [1, 6, 13, 89].map((month) => ({ month, label: '', caption: '', chart: null, country: null }));
  it('spans from the step before to the step after, at least a year, inside the run', () => {
    expect(stepWindow(steps, 0, 96)).toEqual({ from: 0, to: 12 });
    expect(stepWindow(steps, 1, 96)).toEqual({ from: 1, to: 13 });
    expect(stepWindow(steps, 2, 96)).toEqual({ from: 6, to: 89 });
    expect(stepWindow(steps, 3, 96)).toEqual({ from: 13, to: 95 });
    expect(stepWindow(steps, 3, 40)).toEqual({ from: 13, to: 39 });
    expect(stepWindow(steps.slice(0, 1), 0, 6)).toEqual({ from: 0, to: 5 });
  });
});
