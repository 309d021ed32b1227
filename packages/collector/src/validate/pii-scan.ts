import { describeName, IDENTIFIER_PARAMS, isIdentifier, scrubPii, scrubUrl, setData, URL_PARAMS } from '@taxon/core';
import type { Taxonomy } from '@taxon/taxonomy';
import { dataRecord } from '../lib/data-record.js';
import type { ValidationMessage } from '../validation-message.js';

// Linker params (_gl...) are tracking plumbing, not personal data: left for GA to read.
const KEEP_LINKER = { strippedParams: [] as string[] };

/** The result of scanning one event: the values to store (scrubbed) and what was found. */
export interface PiiScan {
  /** The params with every flagged string replaced by its scrubbed form. */
  params: Record<string, unknown>;
  messages: ValidationMessage[];
}

function kindsOf(scrubbed: string): string {
  const placeholders = /\[(email|phone|card|number|iban|jwt|token|secret|ip|address|national_id|redacted)\]/g;
  const kinds = new Set(scrubbed.match(placeholders) ?? []);
  return [...kinds].join(', ') || 'personal data';
}

function declaredLiteral(taxonomy: Taxonomy, key: string, value: string): boolean {
  const def = taxonomy.params.get(key);
  if (!def) return false;
  if (def.type === 'enum') return def.values?.includes(value) ?? false;
  if (def.type === 'bucket') return def.bucket?.labels.includes(value) ?? false;
  return false;
}

function idParam(taxonomy: Taxonomy, key: string): boolean {
  return IDENTIFIER_PARAMS.has(key) || taxonomy.params.get(key)?.type === 'pattern';
}

/**
 * The scrubbed form of one string at `path`, and a `PII_DETECTED` message when scrubbing changed
 * it. The message names the kinds found (`[email]`, `[card]`...), never the value.
 */
export function scanString(
  value: string,
  path: string,
  isId: boolean,
  messages: ValidationMessage[],
  isUrl = false,
): string {
  if (isId && isIdentifier(value)) return value;
  // A URL's host is not personal data (localhost, 127.0.0.1 in tests); its path and query may be.
  const scrubbed = isUrl ? scrubUrl(value, KEEP_LINKER) : scrubPii(value);
  if (scrubbed === value) return value;
  const kinds = isUrl && !/\[[a-z]+\]/.test(scrubbed)
    ? 'a query parameter that carries personal data or a secret'
    : kindsOf(scrubbed);
  messages.push({
    fieldPath: path,
    validationCode: 'PII_DETECTED',
    description: `The value looks like personal data or a secret (${kinds}); it is stored scrubbed: "${
      scrubbed.length > 80 ? `${scrubbed.slice(0, 77)}...` : scrubbed
    }".`,
  });
  return scrubbed;
}

/**
 * Scans an event's string params (and its `items`) with `scrubPii`: any value it changes is
 * personal data or a secret. Enum values and bucket labels the taxonomy declares are literals and
 * skipped; id params (session ids, transaction ids, pattern params) keep random ids.
 */
export function scanParams(taxonomy: Taxonomy, params: Record<string, unknown>, at: string): PiiScan {
  const messages: ValidationMessage[] = [];
  const out: Record<string, unknown> = dataRecord();
  for (const [key, value] of Object.entries(params)) {
    const path = `${at}.params.${describeName(key)}`;
    if (typeof value === 'string') {
      const scanned = declaredLiteral(taxonomy, key, value)
        ? value
        : scanString(value, path, idParam(taxonomy, key), messages, URL_PARAMS.has(key));
      setData(out, key, scanned);
    } else if (Array.isArray(value)) {
      setData(out, key, value.map((item, i) => {
        if (typeof item === 'string') return scanString(item, `${path}[${i}]`, false, messages);
        if (item === null || typeof item !== 'object') return item;
        const scanned: Record<string, unknown> = dataRecord();
        for (const [field, v] of Object.entries(item as Record<string, unknown>)) {
          const fieldPath = `${path}[${i}].${describeName(field)}`;
          setData(scanned, field, typeof v === 'string' ? scanString(v, fieldPath, idParam(taxonomy, field), messages) : v);
        }
        return scanned;
      }));
    } else if (value !== null && typeof value === 'object') {
      // Nested objects are invalid anyway (UNSUPPORTED_TYPE); stored as their scrubbed JSON text.
      const text = JSON.stringify(value);
      const scrubbed = scanString(text, path, false, messages);
      setData(out, key, scrubbed === text ? value : scrubbed);
    } else {
      setData(out, key, value);
    }
  }
  return { params: out, messages };
}
