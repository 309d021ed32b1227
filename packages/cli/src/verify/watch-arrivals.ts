import { formatDuration } from './lib/duration.js';

/** The result of one look at the source: how often each event arrived. */
export interface PollResult {
  counts: ReadonlyMap<string, number>;
  /** Ask the loop to poll half as often from now on (quota running low). */
  slowDown?: boolean;
}

export interface WatchOptions {
  expected: readonly string[];
  poll: () => Promise<PollResult>;
  /** How long to keep polling; 0 looks once. */
  waitMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  write: (text: string) => void;
  /** Redraw a checklist in place (a terminal), else print one line per change. */
  interactive: boolean;
  /** Print nothing while polling (JSON output). */
  quiet: boolean;
  label: string;
}

export interface WatchResult {
  counts: ReadonlyMap<string, number>;
  polls: number;
}

const bar = (done: number, total: number, width = 20) => {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
};

/**
 * Polls until every expected event has arrived or the wait is over, showing a live checklist:
 * redrawn in place on a terminal, one line per change otherwise (logs, CI).
 */
export async function watchArrivals(o: WatchOptions): Promise<WatchResult> {
  const start = o.now();
  const deadline = start + o.waitMs;
  const seen = new Set<string>();
  let interval = o.intervalMs;
  let drawn = 0;
  let polls = 0;
  const live = o.waitMs > 0 && !o.quiet;
  if (live && !o.interactive) {
    o.write(`Waiting up to ${formatDuration(o.waitMs)} for ${o.expected.length} event${o.expected.length === 1 ? '' : 's'} ` +
      `from ${o.label}, polling every ${formatDuration(interval)}.\n`);
  }
  for (;;) {
    const result = await o.poll();
    polls++;
    const elapsed = o.now() - start;
    const arrived = o.expected.filter((e) => (result.counts.get(e) ?? 0) > 0);
    const fresh = arrived.filter((e) => !seen.has(e));
    for (const e of fresh) seen.add(e);
    const done = arrived.length === o.expected.length;
    const left = Math.max(0, deadline - o.now());
    if (result.slowDown && interval < o.intervalMs * 4) {
      interval *= 2;
      if (live) o.write(`  (quota running low: polling every ${formatDuration(interval)})\n`);
    }
    const progress = `${bar(arrived.length, o.expected.length)} ${arrived.length}/${o.expected.length} arrived${done ? '' : `, ${formatDuration(left)} left`}`;
    if (live && o.interactive) {
      const lines = o.expected.map((e) => {
        const n = result.counts.get(e) ?? 0;
        return n > 0 ? `  \u2713 ${e} (${n})` : `  \u00b7 ${e}`;
      });
      o.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : ''}${lines.join('\n')}\n${progress}\n`);
      drawn = lines.length + 1;
    } else if (live && fresh.length > 0) {
      for (const e of fresh) o.write(`  \u2713 ${e} (${result.counts.get(e)}) after ${formatDuration(elapsed)}\n`);
      o.write(`  ${progress}\n`);
    }
    if (done || left <= 0 || o.waitMs === 0) return { counts: result.counts, polls };
    await o.sleep(Math.min(interval, left));
  }
}
