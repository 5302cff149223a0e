/**
 * The colours every view shares, from the Okabe–Ito palette (safe for the common colour-vision deficiencies); each
 * colour is paired with a second cue (dash, label or shape) wherever it carries meaning.
 */
export const PALETTE = {
  dominant: '#D55E00',
  member: '#56B4E9',
  other: '#CC79A7',
  noData: '#3d4a5c',
  world: '#e8edf3',
  floor: '#F0E442',
  operating: '#009E73',
  idle: '#E69F00',
  building: '#F0E442',
  closed: '#9a9a9a',
  refine: '#f5f7fa',
  mine: '#E69F00',
  /** The globe's clear colour: a dark navy, neither black nor white. */
  background: '#0a1a33',
  ocean: '#10284d',
} as const;

/** Facility states as the views group them (MODEL.md §4.2 states, with project/construction/ramp-up as building). */
export const DISPLAY_STATES = ['operating', 'idle', 'building', 'closed'] as const;
export type DisplayState = (typeof DISPLAY_STATES)[number];
