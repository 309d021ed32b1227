// Prometheus durations (`30s`, `5m`, `1h30m`, `7d`), as rule files and PromQL write them. One home
// for parsing them: the alert linter, the Prometheus and Grafana exporters and an in-app evaluator
// all read `window`, `for` and `keep_firing_for` through here.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Milliseconds in a Prometheus duration such as `5m` or `1h30m` (`0s` is 0); NaN when it is not one. */
export function parseDuration(text: unknown): number {
  if (typeof text !== 'string' || !DURATION.test(text)) return NaN;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(PART)) ms += Number(n) * UNIT_MS[unit as Unit];
  return ms;
}

/** Writes milliseconds as a Prometheus duration in days and smaller units: 300000 -> `5m`, 5400000 -> `1h30m`. */
export function formatDuration(ms: number): string {
  if (!(ms >= 0)) throw new RangeError(`Not a duration: ${ms} ms.`);
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  // Days at most: `30d` reads better than `4w2d`.
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
