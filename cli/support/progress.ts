import type { ProgressReporter } from '#shared/ports/ops-progress';
import type { OutStream } from './io.ts';

/**
 * A progress bar on stderr, redrawn in place on a terminal:
 *   redriving events DLQ [██████████░░░░░░░░░░]  12/24  50%
 * or, when the total is not known (pages of a listing), a running count:
 *   listing greenhouse applications … 250 (page 3)
 * Nothing at all when stderr is not a terminal (pipes, CI logs, --json): the command's
 * final summary says what happened.
 */
export function progressBar(stream: OutStream, options: { enabled?: boolean; width?: number; minIntervalMs?: number; now?: () => number } = {}): ProgressReporter {
  const enabled = options.enabled ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  let label = '';
  let total: number | undefined;
  let done = 0;
  let note = '';
  let lastDraw = 0;
  let drawn = false;

  const render = (): string => {
    if (total === undefined) return `${label} … ${done}${note ? ` (${note})` : ''}`;
    const width = Math.max(10, Math.min(options.width ?? 30, (stream.columns ?? 80) - label.length - 24));
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${String(Math.round(ratio * 100)).padStart(3)}%`;
  };
  const draw = (force: boolean) => {
    if (!enabled) return;
    const t = now();
    if (!force && t - lastDraw < (options.minIntervalMs ?? 50)) return;
    lastDraw = t;
    // \r + clear line: redraw in place.
    stream.write(`\r\x1b[2K${render()}`);
    drawn = true;
  };

  return {
    start(text, count) {
      label = text;
      total = count;
      done = 0;
      note = '';
      draw(true);
    },
    advance(by = 1, text) {
      done += by;
      if (text !== undefined) note = text;
      draw(total !== undefined && done >= total);
    },
    finish() {
      if (!enabled || !drawn) return;
      draw(true);
      stream.write('\n');
      drawn = false;
    },
  };
}
