/** One item of a Sentry envelope: its header and its payload (parsed JSON when it is JSON). */
export interface EnvelopeItem {
  header: Record<string, unknown>;
  payload: unknown;
}

/** A parsed Sentry envelope. */
export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/**
 * What the tunnel accepts. The browser SDK sends one event (or a session, a replay segment) per
 * envelope, far below these; anything larger is refused rather than held in memory.
 */
export const ENVELOPE_LIMITS = {
  /** Bytes of one envelope. */
  maxBytes: 1_000_000,
  /** Items of one envelope. */
  maxItems: 100,
  /** Bytes of one item's payload. */
  maxItemBytes: 1_000_000,
} as const;

/** A malformed or oversized envelope: the tunnel answers 400 (or 413) with this message. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

const NEWLINE = 0x0a;

function parseJson(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses the envelope format: a JSON header line, then per item a JSON item header line and a
 * payload of `length` bytes (or up to the next newline when the item header has no length).
 * Bounded: every step consumes at least one byte, a `length` must be an integer that fits in
 * what is left, and the limits of {@link ENVELOPE_LIMITS} hold. Throws {@link EnvelopeError}.
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length > ENVELOPE_LIMITS.maxBytes) {
    throw new EnvelopeError(`Sentry envelope: ${bytes.length} bytes; at most ${ENVELOPE_LIMITS.maxBytes} are accepted.`);
  }
  let offset = 0;
  // The bytes up to the next newline (or the end); always moves past at least one byte.
  const line = (): Uint8Array => {
    let end = bytes.indexOf(NEWLINE, offset);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(offset, end);
    offset = end + 1;
    return slice;
  };
  const header = parseJson(line());
  if (!isRecord(header)) throw new EnvelopeError('Sentry envelope: the first line is not a JSON object header.');
  const items: EnvelopeItem[] = [];
  while (offset < bytes.length) {
    const at = offset;
    const headerLine = line();
    if (headerLine.length === 0) continue;
    if (items.length === ENVELOPE_LIMITS.maxItems) {
      throw new EnvelopeError(`Sentry envelope: more than ${ENVELOPE_LIMITS.maxItems} items.`);
    }
    const itemHeader = parseJson(headerLine);
    if (!isRecord(itemHeader)) throw new EnvelopeError(`Sentry envelope: item ${items.length} has no JSON object header.`);
    const length = itemHeader['length'];
    let payload: Uint8Array;
    if (length === undefined) {
      payload = line();
    } else {
      const left = Math.max(0, bytes.length - offset);
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > left) {
        throw new EnvelopeError(`Sentry envelope: item ${items.length} declares length ${JSON.stringify(length)}; ` +
          `expected a whole number of bytes from 0 to the ${left} left.`);
      }
      payload = bytes.subarray(offset, offset + length);
      offset += length;
      // The payload ends the envelope or is followed by a newline.
      if (offset < bytes.length) {
        if (bytes[offset] !== NEWLINE) {
          throw new EnvelopeError(`Sentry envelope: item ${items.length}'s payload is not followed by a newline at byte ${offset}.`);
        }
        offset += 1;
      }
    }
    if (payload.length > ENVELOPE_LIMITS.maxItemBytes) {
      throw new EnvelopeError(`Sentry envelope: item ${items.length} is ${payload.length} bytes; at most ${ENVELOPE_LIMITS.maxItemBytes}.`);
    }
    if (offset <= at) throw new EnvelopeError('Sentry envelope: the parser did not advance.');
    items.push({ header: itemHeader, payload: parseJson(payload) });
  }
  return { header, items };
}

/** Sentry's envelope endpoint for a DSN (`https://key@host/project` -> `https://host/api/project/envelope/`). */
export function envelopeEndpoint(dsn: string): string | undefined {
  try {
    const url = new URL(dsn);
    const project = url.pathname.replace(/^\/+|\/+$/g, '');
    if (!url.username || !project) return undefined;
    return `${url.protocol}//${url.host}/api/${project}/envelope/`;
  } catch {
    return undefined;
  }
}
