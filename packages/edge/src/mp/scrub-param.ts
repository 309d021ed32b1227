import { scrubPii } from '@taxon/core';

const IDENTIFIER = /^[A-Za-z0-9_-]{8,120}$/;
// Shapes of API keys and tokens: these are secrets even in an identifier param.
const SECRET_SHAPE = /^(?:[sprk]k|rk|whsec|gh[pousr]|xox[abposr])[-_]|^AKIA|^eyJ/;

/** What the client knows about a param when it scrubs a string value. */
export interface ScrubContext {
  /** Allowed values per enum param (the taxonomy's `enumValues`). */
  enums: Readonly<Record<string, readonly string[]>> | undefined;
  /** Params that hold random identifiers (see `identifierParams`). */
  identifiers: ReadonlySet<string>;
}

/**
 * The value to send for string param `key`: a taxonomy enum literal as is, a random identifier in
 * an identifier param as is, anything else through `scrubPii`. Only a value `scrubPii` would
 * replace by `[secret]` as a whole (what its high-entropy rule does to random ids) is kept in an
 * identifier param; emails, phone numbers and key-shaped values are still replaced.
 */
export function scrubParam(key: string, value: string, context: ScrubContext): string {
  if (context.enums?.[key]?.includes(value)) return value;
  const scrubbed = scrubPii(value);
  if (
    scrubbed !== value &&
    scrubbed === '[secret]' &&
    context.identifiers.has(key) &&
    IDENTIFIER.test(value) &&
    !SECRET_SHAPE.test(value)
  ) {
    return value;
  }
  return scrubbed;
}
