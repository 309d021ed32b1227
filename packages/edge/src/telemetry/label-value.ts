import { OTHER_VALUE } from '@taxon/core/telemetry';

/**
 * A label value from a closed set: the value itself when the set holds it, else `_OTHER`. Labels
 * never carry ids, prompts or free text, and an unknown value cannot grow the series count.
 */
export function labelValue(allowed: ReadonlySet<string> | undefined, value: unknown): string {
  return typeof value === 'string' && allowed?.has(value) === true ? value : OTHER_VALUE;
}

/** The HTTP methods the route histogram names; others are `_OTHER` (the conventions' rule). */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `2xx` for 204, `5xx` for 503. */
export function statusClass(status: number): string {
  const hundreds = Math.trunc(status / 100);
  return hundreds >= 1 && hundreds <= 5 ? `${hundreds}xx` : '5xx';
}
