import type { ValidationMessage } from './validation-message.js';

/** Why {@link validateMp} got no answer it could read. */
export class MpValidationError extends Error {
  override name = 'MpValidationError';
  constructor(
    /** `network`: no response (or none in time); `status`: not 2xx; `malformed`: no `validationMessages` JSON. */
    readonly kind: 'network' | 'status' | 'malformed',
    message: string,
    /** The HTTP status, for `status` and `malformed`. */
    readonly status?: number,
    /** For `network`: the cause in a few words (`ECONNREFUSED`, `no answer in time`). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Options of {@link validateMp}. */
export interface ValidateMpOptions {
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Time limit of the request. @default 10000 */
  timeoutMs?: number;
}

function networkCause(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer in time';
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? code : `fetch failed (${name})`;
}

/**
 * The one client of a `/debug/mp/collect` endpoint (GA4's validation server or a Taxon
 * collector): POSTs `payload` and returns its `validationMessages`, empty when the payload is
 * valid. Each message's fields are read as strings. Rejects with an {@link MpValidationError}
 * when there is no answer, the answer is not 2xx, or it holds no `validationMessages`; its
 * message never contains the URL, whose query holds the API secret.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events
 */
export async function validateMp(url: string | URL, payload: unknown, options: ValidateMpOptions = {}): Promise<ValidationMessage[]> {
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = networkCause(error);
    throw new MpValidationError('network', `/debug/mp/collect could not be reached (${cause}).`, undefined, cause);
  }
  if (!response.ok) {
    await response.arrayBuffer().catch(() => undefined);
    throw new MpValidationError('status', `/debug/mp/collect answered HTTP ${response.status}; expected 200 with { validationMessages: [...] }.`, response.status);
  }
  const body = (await response.json().catch(() => undefined)) as { validationMessages?: unknown } | undefined;
  const messages = body?.validationMessages ?? (body && typeof body === 'object' ? [] : undefined);
  if (!Array.isArray(messages)) {
    throw new MpValidationError(
      'malformed',
      '/debug/mp/collect answered without JSON { validationMessages: [{ fieldPath, description, validationCode }] }.',
      response.status,
    );
  }
  return messages.map((m: Partial<Record<keyof ValidationMessage, unknown>> | null) => ({
    fieldPath: String(m?.fieldPath ?? ''),
    description: String(m?.description ?? ''),
    validationCode: String(m?.validationCode ?? '') as ValidationMessage['validationCode'],
  }));
}
