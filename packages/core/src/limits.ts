/**
 * GA4 collection limits, applied the same way in the browser and at the edge.
 *
 * What happens at each limit (GA4 itself drops or truncates silently; Taxon makes it visible):
 * - event name longer than 40 characters, not `[A-Za-z][A-Za-z0-9_]*`, reserved, or with a
 *   reserved prefix: the event is dropped (`limit_exceeded`).
 * - more than 25 params, a param name longer than 40 characters, not `[A-Za-z][A-Za-z0-9_]*`, or
 *   with a reserved prefix: the event is dropped (`limit_exceeded`). Dropping one param would
 *   change what the event means; these are programming errors the taxonomy linter also catches.
 * - a string value longer than its limit (100; `page_title` 300, `page_referrer` 420,
 *   `page_location` 1000): the value is truncated and the param named in `truncated`. Values are
 *   scrubbed before limits apply, so truncation can never cut a secret in half and hide it.
 *
 * @see https://support.google.com/analytics/answer/9267744 (collection limits)
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events#limitations
 */
import { RESERVED_EVENT_NAMES, reservedPrefixOf } from './ga4-reserved.js';

/** GA4's collection limits. */
export const GA4_LIMITS = {
  eventName: 40,
  paramCount: 25,
  paramName: 40,
  paramValue: 100,
  /** Longer value limits of some params. `page_location` 1000 is documented for MP, not gtag. */
  paramValueExceptions: { page_title: 300, page_referrer: 420, page_location: 1000 } as Readonly<
    Record<string, number>
  >,
} as const;

/** Options of {@link applyGa4Limits}. */
export interface Ga4LimitOptions {
  /**
   * Reserved event names the caller may send anyway: a runtime sends `page_view` itself.
   * @default []
   */
  allowReservedNames?: readonly string[];
}

/** Result of {@link applyGa4Limits}: the event to send, or why it must be dropped. */
export type Ga4LimitResult =
  | { ok: true; params: Record<string, unknown>; truncated: string[] }
  | { ok: false; reason: 'limit_exceeded'; detail: string };

/** GA4's name rule for events, params and user properties: a letter, then letters, digits, `_`. */
export const GA4_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const VALUE_LIMITS = /* @__PURE__ */ new Map(Object.entries(GA4_LIMITS.paramValueExceptions));

// Names repeat (the same events and params over and over): remember the good ones.
const goodNames = new Set<string>();

/**
 * Why `name` breaks GA4's naming rules (too long, a reserved prefix, not
 * `[A-Za-z][A-Za-z0-9_]*`), or undefined when it is fine. `what` names it in the message.
 * Reserved event names are checked by {@link eventNameProblem}, not here.
 *
 * @example ga4NameProblem('_x', 'param name') // 'param name "_x" starts with the reserved prefix "_"'
 */
export function ga4NameProblem(name: string, what: string, max: number = GA4_LIMITS.paramName): string | undefined {
  if (goodNames.has(name)) return undefined;
  if (name.length > max) return `${what} "${name}" is ${name.length} characters; GA4 allows ${max}`;
  const prefix = reservedPrefixOf(name);
  if (prefix) return `${what} "${name}" starts with the reserved prefix "${prefix}"`;
  if (!GA4_NAME_PATTERN.test(name)) return `${what} "${name}" must match [A-Za-z][A-Za-z0-9_]*`;
  if (goodNames.size < 2000) goodNames.add(name);
  return undefined;
}

/**
 * Why GA4 would refuse `name` as an event name (naming rules or a reserved name not in
 * `allowReservedNames`), or undefined.
 */
export function eventNameProblem(name: string, allowReservedNames?: readonly string[]): string | undefined {
  return (
    ga4NameProblem(name, 'event name', GA4_LIMITS.eventName) ??
    (RESERVED_EVENT_NAMES.has(name) && !allowReservedNames?.includes(name)
      ? `event name "${name}" is reserved by GA4`
      : undefined)
  );
}

/** The longest string value GA4 keeps for `param` (100, or the page params' longer limits). */
export function ga4ValueLimit(param: string): number {
  return VALUE_LIMITS.get(param) ?? GA4_LIMITS.paramValue;
}

/**
 * Checks an event against GA4's limits. Returns the params to send (a copy only when a value
 * had to be truncated) or the reason to drop the event. Pure: no I/O, no globals.
 *
 * @example applyGa4Limits('feature_used', { feature: 'rewrite' }) // { ok: true, params, truncated: [] }
 */
export function applyGa4Limits(
  name: string,
  params: Record<string, unknown>,
  options: Ga4LimitOptions = {},
): Ga4LimitResult {
  const problem = eventNameProblem(name, options.allowReservedNames);
  if (problem) return { ok: false, reason: 'limit_exceeded', detail: problem };
  let out = params;
  const truncated: string[] = [];
  let count = 0;
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    count++;
    const keyProblem = ga4NameProblem(key, `param name (${name})`);
    if (keyProblem) return { ok: false, reason: 'limit_exceeded', detail: keyProblem };
    if (typeof value !== 'string') continue;
    if (value.length <= GA4_LIMITS.paramValue) continue;
    const max = ga4ValueLimit(key);
    if (value.length > max) {
      if (out === params) out = { ...params };
      out[key] = value.slice(0, max);
      truncated.push(key);
    }
  }
  if (count > GA4_LIMITS.paramCount) {
    return {
      ok: false,
      reason: 'limit_exceeded',
      detail: `event "${name}" has ${count} params; GA4 allows ${GA4_LIMITS.paramCount}`,
    };
  }
  return { ok: true, params: out, truncated };
}
