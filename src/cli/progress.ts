/** A one-line progress bar on a terminal; callers get none when the stream is not a TTY (pipes, CI, files). */

/** A bar to feed fractions to and finish. */
export interface ProgressBar {
  update(fraction: number): void;
  done(): void;
}

/** Minimal stream shape, so tests can pass a fake terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

/** Creates a bar labelled `label` on `stream`, or returns undefined when `stream` is not a terminal. */
export function createProgressBar(stream: ProgressStream, label: string): ProgressBar | undefined {
  if (!stream.isTTY) return undefined;
  let shown = -1;
  const maxLabel = Math.max(10, (stream.columns || 80) - BAR_WIDTH - 10);
  const text = label.length > maxLabel ? label.slice(0, maxLabel - 1) + '…' : label;
  return {
    update(fraction) {
      const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((percent / 100) * BAR_WIDTH);
      stream.write(
        `\r${text} [${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${String(percent).padStart(3)}%`,
      );
    },
    done() {
      if (shown >= 0) stream.write('\r\x1b[2K');
    },
  };
}
