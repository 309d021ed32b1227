import type { BucketSpec } from './model.js';

function compact(value: number, steps: [number, string][]): string {
  for (const [size, suffix] of steps) {
    if (value >= size) {
      const scaled = value / size;
      return `${Number.isInteger(scaled) ? scaled : Number(scaled.toFixed(1))}${suffix}`;
    }
  }
  return String(value);
}

/** Formats one bucket edge for a label: 1500 tokens -> `1.5k`, 2500 ms -> `2.5s`. */
export function formatEdge(value: number, unit: BucketSpec['unit']): string {
  if (value === 0) return '0';
  switch (unit) {
    case 'ms':
      if (value >= 60_000 && value % 60_000 === 0) return `${value / 60_000}m`;
      return value >= 1000 ? compact(value, [[1000, 's']]) : `${value}ms`;
    case 'bytes':
      return compact(value, [
        [1024 * 1024, 'MB'],
        [1024, 'KB'],
      ]) + (value < 1024 ? 'B' : '');
    default:
      return compact(value, [
        [1_000_000, 'M'],
        [1000, 'k'],
      ]);
  }
}

/** Labels for ascending edges: `[0, 500, 1000]` tokens -> `0-500`, `500-1k`, `1k+`. */
export function bucketLabels(edges: readonly number[], unit: BucketSpec['unit']): string[] {
  return edges.map((edge, i) => {
    const next = edges[i + 1];
    const from = formatEdge(edge, unit);
    return next === undefined ? `${from}+` : `${from}-${formatEdge(next, unit)}`;
  });
}

/**
 * The label of the bucket holding `value`. Values below the first edge, negative numbers and NaN
 * fall into the first bucket: a bucket function must always return a declared label.
 */
export function bucketOf(value: number, edges: readonly number[], labels: readonly string[]): string {
  let index = 0;
  for (let i = edges.length - 1; i > 0; i--) {
    if (value >= edges[i]!) {
      index = i;
      break;
    }
  }
  return labels[index]!;
}

/** Milliseconds in a funnel window such as `30m`, `24h` or `7d`. */
export function windowToMs(window: string): number {
  const match = /^([1-9]\d*)(m|h|d)$/.exec(window);
  if (!match) return NaN;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
