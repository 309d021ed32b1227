import { message } from '../lib/message.js';
import type { ValidationMessage } from '../validation-message.js';

/**
 * Bounds of what the collector stores of one received value. GA4 itself takes flat params
 * (an `items` array of flat objects at most), 100-character values and 25 params per event, so
 * anything beyond these bounds is invalid anyway; the bounds only keep a hostile event storable.
 */
export const STORABLE_LIMITS = {
  /** Objects and arrays nested deeper than this below an event are replaced by a marker. */
  maxDepth: 8,
  /** Longer strings (values and keys) are cut to this many UTF-16 code units. */
  maxStringLength: 8_192,
  /** Entries kept of one object or array. */
  maxEntries: 1_000,
} as const;

/** What a value nested beyond {@link STORABLE_LIMITS.maxDepth} is stored as. */
export const TOO_DEEP = '[nested too deep]';

// PostgreSQL text and jsonb cannot hold U+0000; a lone surrogate is not valid UTF-8 at all.
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSTORABLE = /\u0000|[\uD800-\uDFFF]/;

/** The result of {@link makeStorable}: the value to store and what had to change. */
export interface Storable<T = unknown> {
  value: T;
  /** One message per change, at the field path of the changed value. Empty when nothing changed. */
  problems: ValidationMessage[];
}

function cut(text: string, max: number): string {
  let end = max;
  // Never split a surrogate pair: that would make a lone surrogate of its first half.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return text.slice(0, end);
}

function cleanString(text: string, path: string, what: string, problems: ValidationMessage[]): string {
  let out = text;
  if (HAS_UNSTORABLE.test(out)) {
    const replaced = out.replace(NUL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
    if (replaced !== out) {
      problems.push(message(path, 'VALUE_INVALID',
        `The ${what} holds a NUL character or a lone UTF-16 surrogate, which cannot be stored as text; ` +
          'it is stored with U+FFFD (�) in their place.'));
      out = replaced;
    }
  }
  if (out.length > STORABLE_LIMITS.maxStringLength) {
    problems.push(message(path, 'VALUE_OUT_OF_BOUNDS',
      `The ${what} is ${out.length} characters; the collector stores the first ${STORABLE_LIMITS.maxStringLength}.`));
    out = cut(out, STORABLE_LIMITS.maxStringLength);
  }
  return out;
}

/** Sets `key` as an own data property: `__proto__` stays a key and never becomes a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathOf(parent: string, key: string): string {
  // Paths are shown to people: keep them short and free of what made the value unstorable.
  const safe = key.replace(NUL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  const shown = safe.length > 60 ? `${cut(safe, 57)}...` : safe;
  return parent === '' ? shown : `${parent}.${shown}`;
}

function walk(value: unknown, path: string, depth: number, problems: ValidationMessage[]): unknown {
  if (typeof value === 'string') return cleanString(value, path, 'value', problems);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON.parse reads 1e999 as Infinity; JSON (and jsonb) has no such number.
    problems.push(message(path, 'VALUE_INVALID', 'The number is too large to be stored; it is stored as null.'));
    return null;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= STORABLE_LIMITS.maxDepth) {
    problems.push(message(path, 'VALUE_OUT_OF_BOUNDS',
      `The value is nested more than ${STORABLE_LIMITS.maxDepth} levels deep; it is stored as "${TOO_DEEP}".`));
    return TOO_DEEP;
  }
  if (Array.isArray(value)) {
    if (value.length > STORABLE_LIMITS.maxEntries) {
      problems.push(message(path, 'VALUE_OUT_OF_BOUNDS',
        `The array has ${value.length} items; the collector stores the first ${STORABLE_LIMITS.maxEntries}.`));
    }
    return value.slice(0, STORABLE_LIMITS.maxEntries).map((item, i) => walk(item, `${path}[${i}]`, depth + 1, problems));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > STORABLE_LIMITS.maxEntries) {
    problems.push(message(path, 'VALUE_OUT_OF_BOUNDS',
      `The object has ${entries.length} keys; the collector stores the first ${STORABLE_LIMITS.maxEntries}.`));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, STORABLE_LIMITS.maxEntries)) {
    const at = pathOf(path, key);
    const storedKey = cleanString(key, at, 'key', problems);
    setOwn(out, storedKey, walk(item, at, depth + 1, problems));
  }
  return out;
}

/**
 * A copy of a parsed JSON value that PostgreSQL (and PGlite) can store as `jsonb`: NUL characters
 * and lone surrogates replaced by U+FFFD, strings cut to {@link STORABLE_LIMITS.maxStringLength},
 * objects and arrays cut to {@link STORABLE_LIMITS.maxEntries} entries and to
 * {@link STORABLE_LIMITS.maxDepth} levels. Keys such as `__proto__` stay plain keys. Each change
 * is reported at its field path (below `path`), so the event holding it is stored as bad.
 */
export function makeStorable(value: unknown, path: string): Storable {
  const problems: ValidationMessage[] = [];
  return { value: walk(value, path, 0, problems), problems };
}

/** A string made storable (NUL and lone surrogates replaced), for ids read from a URL. */
export function storableText(text: string): string {
  return HAS_UNSTORABLE.test(text) ? text.replace(NUL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD') : text;
}
