import { VerifyError } from '../verify-error.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `90s`, `5m`, `1h` (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new VerifyError(`${flag} "${text}" is not a duration. Expected for example 90s, 5m or 1h.`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!);
}

/** `90000` -> `1m30s`, for progress lines (to the nearest second). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${s % 60 ? `${s % 60}s` : ''}` : `${s}s`;
}
