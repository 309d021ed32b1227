// Small benchmark helpers: median of repeated timed runs after a warm-up, printed as a table with
// ratios against a baseline measured in the same process, so figures compare across machines.
import { performance } from 'node:perf_hooks';

/** Median wall time in ms of `fn` over `runs` runs, after `warmup` untimed runs. */
export async function measure(fn, { runs = 7, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function table(title, rows) {
  console.log(`\n## ${title}\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const [n, row] of rows.entries()) {
    console.log(row.map((c, i) => String(c).padEnd(widths[i])).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export const ms = (v) => `${v.toFixed(1)} ms`;
export const us = (v) => `${(v * 1000).toFixed(1)} µs`;
export const ratio = (v, base) => `${(v / base).toFixed(1)}x`;
