/** Something that hears how far an import has got. */
export type ProgressListener = (event: { phase: string; done: number; total?: number }) => void;

/**
 * A one-line progress display for a terminal: rows done, of how many, and the rate, redrawn at
 * most twice a second. Only when stdout is a terminal: piped or logged runs print the summary alone.
 */
export function terminalProgress(out: NodeJS.WriteStream = process.stdout): ProgressListener | undefined {
  if (!out.isTTY) return undefined;
  let last = 0;
  // Events come after each batch: a phase began when the previous one's last event came.
  let lastEvent = Date.now();
  let phaseStarted = lastEvent;
  let phase = '';
  return ({ phase: current, done, total }) => {
    const now = Date.now();
    if (current !== phase) {
      if (phase) out.write('\n');
      phase = current;
      phaseStarted = lastEvent;
      last = 0;
    }
    lastEvent = now;
    if (now - last < 500 && done !== total) return;
    last = now;
    const seconds = Math.max((now - phaseStarted) / 1000, 0.001);
    const pct = total ? ` ${((100 * done) / Math.max(total, 1)).toFixed(1)}%` : '';
    const of = total !== undefined ? ` of ${total.toLocaleString('en-US')}` : '';
    out.write(`\r${phase}: ${done.toLocaleString('en-US')}${of} rows${pct}, ${Math.round(done / seconds).toLocaleString('en-US')} rows/s   `);
  };
}
