import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/progress.ts';

const fakeStream = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, columns: 80, written, write: (text: string) => written.push(text) };
};

describe('createProgressBar', () => {
  it('gives no bar when the stream is not a terminal', () => {
    expect(createProgressBar(fakeStream(false), 'run')).toBeUndefined();
    expect(createProgressBar({ write: () => true }, 'run')).toBeUndefined();
  });

  it('redraws one line in place, only when the percentage changes, and clears it when done', () => {
    const stream = fakeStream(true);
    const bar = createProgressBar(stream, 'Rare earths')!;
    bar.update(0);
    bar.update(0.001);
    bar.update(0.5);
    bar.update(1.2);
    bar.done();
    expect(stream.written).toHaveLength(4);
    expect(stream.written[0]).toMatch(/^\rRare earths \[ {30}\] {3}0%$/);
    expect(stream.written[1]).toMatch(/^\rRare earths \[#{15} {15}\] {2}50%$/);
    expect(stream.written[2]).toMatch(/\[#{30}\] 100%$/);
    expect(stream.written[3]).toBe('\r\x1b[2K');
    expect(stream.written.join('')).not.toContain('\n');
  });
});
