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

const NEWLINE = 0x0a;

function parseJson(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parses the envelope format: a JSON header line, then per item a JSON item header line and a
 * payload of `length` bytes (or up to the next newline when the item header has no length).
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  let offset = 0;
  const line = (): Uint8Array => {
    let end = bytes.indexOf(NEWLINE, offset);
    if (end === -1) end = bytes.length;
    const slice = bytes.subarray(offset, end);
    offset = end + 1;
    return slice;
  };
  const header = parseJson(line());
  if (typeof header !== 'object' || header === null) {
    throw new Error('Sentry envelope: the first line is not a JSON object header.');
  }
  const items: EnvelopeItem[] = [];
  while (offset < bytes.length) {
    const headerLine = line();
    if (headerLine.length === 0) continue;
    const itemHeader = parseJson(headerLine);
    if (typeof itemHeader !== 'object' || itemHeader === null) {
      throw new Error(`Sentry envelope: item ${items.length} has no JSON header.`);
    }
    const length = (itemHeader as { length?: unknown }).length;
    let payload: Uint8Array;
    if (typeof length === 'number') {
      payload = bytes.subarray(offset, offset + length);
      offset += length + 1;
    } else {
      payload = line();
    }
    items.push({ header: itemHeader as Record<string, unknown>, payload: parseJson(payload) });
  }
  return { header: header as Record<string, unknown>, items };
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
