import { describe, expect, it } from 'vitest';
import { plainNote, scenarioLede } from '../../src/app/scenario-text.ts';

describe('scenarioLede', () => {
  it('keeps the first sentence of a description', () => {
    expect(scenarioLede('A zone of five. It joins in July. More.')).toBe('A zone of five.');
  });

  it('does not end a sentence inside a number or an abbreviation', () => {
    expect(scenarioLede('Lithium in LCE (1 t Li = 5.323 t LCE), e.g. carbonate. Then more.')).toBe(
      'Lithium in LCE (1 t Li = 5.323 t LCE), e.g. carbonate.',
    );
  });

  it('returns the whole text when it is one sentence, and nothing for no description', () => {
    expect(scenarioLede('One sentence without a stop')).toBe('One sentence without a stop');
    expect(scenarioLede(undefined)).toBe('');
  });

  it('cuts a long first sentence at a word, with an ellipsis', () => {
    const lede = scenarioLede(`${'word '.repeat(100)}end.`, 60);
    expect(lede.length).toBeLessThanOrEqual(60);
    expect(lede.endsWith('word…')).toBe(true);
  });
});

describe('plainNote', () => {
  it('names the project’s documents in words, with their sections', () => {
    expect(plainNote('Via CALIBRATION.md §2.')).toBe('Via the calibration notes, section 2.');
    expect(plainNote('Via CALIBRATION.md §2 and §8.')).toBe('Via the calibration notes, sections 2 and 8.');
    expect(plainNote('the top of CALIBRATION.md’s range')).toBe('the top of the calibration notes’ range');
    expect(plainNote('Chokepoint model specification (MODEL.md)')).toBe(
      'Chokepoint model specification (the model description)',
    );
    expect(plainNote('A plain note.')).toBe('A plain note.');
  });
});
