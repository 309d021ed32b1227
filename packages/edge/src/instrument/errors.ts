/** Options of the error classes below. */
export interface AiErrorOptions {
  /** The underlying error (a zod error, a `SyntaxError`). */
  cause?: unknown;
  /**
   * The provider's parsed response, when there was one. The tokens were billed even though the
   * output was rejected, so the usage adapters read it and the usage log gets the real cost.
   */
  response?: unknown;
}

/**
 * The base of the errors a generation's `call` throws after the provider answered: the answer was
 * billed, so the error carries it for the usage adapters to read its tokens and the usage log to get
 * the real cost. Throw one of its subclasses; the subclass decides the classification.
 */
export abstract class BilledResponseError extends Error {
  /** The provider's parsed response, when there was one; read for token usage. */
  readonly response: unknown;
  constructor(message: string, options: AiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.response = options.response;
  }
}

/**
 * Throw from a generation's `call` when the model's output fails your checks (a schema, a
 * moderation rule). Classified as `ai_validation_error`.
 */
export class OutputValidationError extends BilledResponseError {
  override readonly name = 'OutputValidationError';
}

/**
 * Throw from a generation's `call` when the provider's output cannot be used as it is: a stream that
 * ended before its final event, JSON of the wrong shape. Classified as `ai_malformed_response`.
 */
export class MalformedResponseError extends BilledResponseError {
  override readonly name = 'MalformedResponseError';
}

/**
 * The reason a generation's signal is aborted with when its `timeoutMs` elapses. Classified as
 * `ai_timeout`.
 */
export class GenerationTimeoutError extends Error {
  override readonly name = 'GenerationTimeoutError';
  /** The time budget that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`The AI call did not finish within ${timeoutMs} ms and was aborted.`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An HTTP error from a provider called with `fetch`, shaped like the official SDKs' `APIError`
 * (`status`, `headers`, `error`, `code`, `type`) so one classifier serves both. Build it with
 * {@link providerErrorFromResponse}.
 */
export class ProviderHttpError extends Error {
  override readonly name = 'ProviderHttpError';
  /** HTTP status code. */
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON error body, or the raw text when it was not JSON. */
  readonly error: unknown;
  /** The provider's error code (OpenAI `error.code`), when given. */
  readonly code: string | undefined;
  /** The provider's error type (OpenAI `error.type`, Anthropic `error.error.type`), when given. */
  readonly type: string | undefined;
  constructor(status: number, headers: Headers, body: unknown) {
    const inner = innerError(body);
    super(`${status} ${typeof inner?.['message'] === 'string' ? inner['message'] : 'provider error'}`);
    this.status = status;
    this.headers = headers;
    this.error = body;
    this.code = typeof inner?.['code'] === 'string' ? inner['code'] : undefined;
    this.type = typeof inner?.['type'] === 'string' ? inner['type'] : undefined;
  }
}

function innerError(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>)['error'];
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : undefined;
}

/**
 * Reads a failed provider `Response` (status >= 400) into a {@link ProviderHttpError}, so context
 * length errors, which only the body tells apart from other 400s, are classified correctly.
 *
 * @example if (!res.ok) throw await providerErrorFromResponse(res);
 */
export async function providerErrorFromResponse(response: Response): Promise<ProviderHttpError> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A non-JSON error page (a proxy's HTML 502) keeps its text.
  }
  return new ProviderHttpError(response.status, response.headers, body);
}
