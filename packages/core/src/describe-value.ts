import { scrubPii } from './scrub.js';

/**
 * A value as it may appear in a message: scrubbed of personal data and cut to 60 characters, so
 * a description never repeats the PII a problem is about.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const safe = scrubPii(value);
    return JSON.stringify(safe.length > 60 ? `${safe.slice(0, 57)}...` : safe);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A name (event or param) as it may appear in a message: scrubbed, cut to 60 characters. */
export function describeName(name: string): string {
  const safe = scrubPii(name);
  return safe.length > 60 ? `${safe.slice(0, 57)}...` : safe;
}
