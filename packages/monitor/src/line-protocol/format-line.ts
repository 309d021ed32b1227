// InfluxDB line protocol, one point per line:
//   measurement,tag_key=tag_value field_key=1.5,count=3i 1700000000000000000
// Escaping (InfluxDB 1.x, docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference):
// measurement: comma and space; tag keys, tag values and field keys: comma, equals sign and space;
// string field values: double quote and backslash. A backslash or a line break cannot be carried
// unambiguously in a name or tag (1.x does not unescape `\\`, and a line ends at a newline), so
// those are written as `_`: labels are closed sets, so this never merges two real values.

/** A whole-number field, written with the `i` suffix (InfluxDB's integer type). */
export interface LineInteger {
  readonly integer: number;
}

/** A field value: a float (`number`), an integer, a string or a boolean. */
export type LineFieldValue = number | LineInteger | string | boolean;

/** One point. */
export interface LinePoint {
  readonly measurement: string;
  /** Tag set; empty values are left out (line protocol has no empty tag values). */
  readonly tags: Readonly<Record<string, string>>;
  /** At least one field; non-finite numbers are left out (line protocol has no NaN or Infinity). */
  readonly fields: Readonly<Record<string, LineFieldValue>>;
  /** Nanoseconds since the epoch; omitted means the server's receive time. */
  readonly timestampNs?: bigint | undefined;
}

/** Writes an integer field value. */
export const integer = (value: number): LineInteger => ({ integer: value });

const UNCARRIABLE = /[\\\r\n]/g;
const MEASUREMENT_SPECIAL = /[, ]/g;
const KEY_SPECIAL = /[,= ]/g;
const STRING_SPECIAL = /["\\]/g;

/** What a name, tag key or tag value becomes on the wire, before escaping (see the file comment). */
export function sanitizeIdentifier(value: string): string {
  return value.replace(UNCARRIABLE, '_');
}

/** Escapes a measurement name. A leading `#` would make the line a comment, so it becomes `_`. */
export function escapeMeasurement(name: string): string {
  return sanitizeIdentifier(name).replace(/^#/, '_').replace(MEASUREMENT_SPECIAL, '\\$&');
}

// Tag keys and values repeat across lines (closed sets), so their escaped form is remembered.
const escapedKeys = new Map<string, string>();
const MAX_REMEMBERED = 10_000;

/** Escapes a tag key, tag value or field key. */
export function escapeKey(value: string): string {
  let result = escapedKeys.get(value);
  if (result === undefined) {
    result = sanitizeIdentifier(value).replace(KEY_SPECIAL, '\\$&');
    if (escapedKeys.size < MAX_REMEMBERED) escapedKeys.set(value, result);
  }
  return result;
}

/** Quotes and escapes a string field value. */
export function quoteString(value: string): string {
  return `"${value.replace(STRING_SPECIAL, '\\$&')}"`;
}

function formatField(value: LineFieldValue): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Number.isFinite(value.integer) ? `${Math.trunc(value.integer)}i` : undefined;
}

/**
 * Formats one point as a line (no trailing newline), or undefined when nothing is left to write
 * (an empty measurement or no finite field). Tags are sorted by key, as InfluxDB prefers.
 */
export function formatLine(point: LinePoint): string | undefined {
  if (point.measurement.length === 0) return undefined;
  let line = escapeMeasurement(point.measurement);
  for (const key of Object.keys(point.tags).sort()) {
    const value = point.tags[key]!;
    if (key.length > 0 && value.length > 0) line += `,${escapeKey(key)}=${escapeKey(value)}`;
  }
  let fields = '';
  for (const [key, value] of Object.entries(point.fields)) {
    const formatted = key.length > 0 ? formatField(value) : undefined;
    if (formatted !== undefined) fields += `${fields ? ',' : ''}${escapeKey(key)}=${formatted}`;
  }
  if (!fields) return undefined;
  line += ` ${fields}`;
  return point.timestampNs === undefined ? line : `${line} ${point.timestampNs}`;
}
