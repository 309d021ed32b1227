import { readFile } from 'node:fs/promises';
import { networkCause, VerifyError } from './verify-error.js';

/** GA4's Measurement Protocol validation server. */
export const GA4_DEBUG_ENDPOINT = 'https://www.google-analytics.com/debug/mp/collect';

/** One message of `/debug/mp/collect`. https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events */
export interface ValidationMessage {
  fieldPath: string;
  description: string;
  validationCode: string;
}

/** Reads a sample payload; a missing file or bad JSON is a VerifyError naming the file. */
export async function readPayload(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VerifyError(`Cannot read --validate ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new VerifyError(`--validate ${path} is not valid JSON (${(error as Error).message}). Expected a Measurement ` +
      `Protocol body: { "client_id": "123.456", "events": [{ "name": "...", "params": {} }] }.`);
  }
}

/**
 * POSTs `payload` to a `/debug/mp/collect` endpoint (GA4's, or a collector's) and returns its
 * `validationMessages`. `endpoint` carries measurement_id and api_secret in its query; it is
 * never put into a message.
 */
export async function validatePayload(fetchFn: typeof fetch, endpoint: URL, payload: unknown): Promise<ValidationMessage[]> {
  const where = `${endpoint.origin}${endpoint.pathname}`;
  let response: Response;
  try {
    response = await fetchFn(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new VerifyError(`Cannot reach ${where} (${networkCause(error)}).`);
  }
  if (!response.ok) throw new VerifyError(`${where} answered HTTP ${response.status}. Expected 200 with { validationMessages: ` +
    `[...] }.`);
  const body = (await response.json().catch(() => undefined)) as { validationMessages?: unknown } | undefined;
  if (!body || !Array.isArray(body.validationMessages ?? [])) {
    throw new VerifyError(`${where} answered with a malformed body. Expected { validationMessages: [{ fieldPath, ` +
      `description, validationCode }] }.`);
  }
  return ((body.validationMessages ?? []) as Partial<ValidationMessage>[]).map((m) => ({
    fieldPath: String(m.fieldPath ?? ''),
    description: String(m.description ?? ''),
    validationCode: String(m.validationCode ?? ''),
  }));
}
