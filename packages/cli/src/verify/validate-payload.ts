import { readFile } from 'node:fs/promises';
import { MpValidationError, validateMp, type ValidationMessage } from '@taxon/core';
import { VerifyError } from './verify-error.js';

/** GA4's Measurement Protocol validation server. */
export const GA4_DEBUG_ENDPOINT = 'https://www.google-analytics.com/debug/mp/collect';

/** One message of `/debug/mp/collect`, as `@taxon/core` defines it. */
export type { ValidationMessage } from '@taxon/core';

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
 * POSTs `payload` to a `/debug/mp/collect` endpoint (GA4's, or a collector's) with core's one
 * client and returns its `validationMessages`. `endpoint` carries measurement_id and api_secret
 * in its query; it is never put into a message.
 */
export async function validatePayload(fetchFn: typeof fetch, endpoint: URL, payload: unknown): Promise<ValidationMessage[]> {
  const where = `${endpoint.origin}${endpoint.pathname}`;
  try {
    return await validateMp(endpoint, payload, { fetch: fetchFn, timeoutMs: 30_000 });
  } catch (error) {
    if (!(error instanceof MpValidationError)) throw error;
    if (error.kind === 'network') throw new VerifyError(`Cannot reach ${where} (${error.detail}).`);
    if (error.kind === 'status') {
      throw new VerifyError(`${where} answered HTTP ${error.status}. Expected 200 with { validationMessages: [...] }.`);
    }
    throw new VerifyError(`${where} answered with a malformed body. Expected { validationMessages: [{ fieldPath, ` +
      `description, validationCode }] }.`);
  }
}
