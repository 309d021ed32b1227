import type { MpPayload, ValidationMessage } from './types.js';

/**
 * POSTs a payload to GA's validation server (`/debug/mp/collect`) and returns its
 * `validationMessages`. Rejects when the server cannot be reached or does not answer JSON.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events
 */
export async function postValidation(
  fetchFn: typeof fetch,
  url: string,
  payload: MpPayload,
  timeoutMs: number,
): Promise<ValidationMessage[]> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: { validationMessages?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new Error(`validate: /debug/mp/collect answered HTTP ${response.status} without JSON.`);
  }
  return Array.isArray(json.validationMessages) ? (json.validationMessages as ValidationMessage[]) : [];
}
