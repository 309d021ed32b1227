import { env } from '../src/index.js';

/**
 * Virtual time for the tracker: `env.now` and `env.setTimer` run on a clock the test moves with
 * `advance(ms)`, so waits (title timeouts, batching, retries) cost no real time.
 */
export function useFakeClock(start = 1_700_000_000_000) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  env.setup({
    now: () => now,
    setTimer: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => timers.delete(id);
    },
  });
  return {
    now: () => now,
    /**
     * Moves time on, running due timers in order. Before each step, pending I/O (a mocked fetch
     * answering) gets a few event-loop turns to settle, so a retry scheduled by its answer is seen.
     */
    async advance(ms: number): Promise<void> {
      const end = now + ms;
      for (;;) {
        await idle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/** Lets queued microtasks and MutationObserver records run (one macrotask turn). */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A few event-loop turns: enough for an in-process mocked request to be answered. */
async function idle(): Promise<void> {
  for (let i = 0; i < 20; i++) await settle();
}
