import { GenerationTimeoutError, MalformedResponseError, OutputValidationError } from './errors.js';

/** Every {@link AiErrorType}, in the taxonomy's order. */
export const aiErrorTypes = [
  'ai_timeout',
  'ai_rate_limit',
  'ai_provider_error',
  'ai_validation_error',
  'ai_token_limit_exceeded',
  'ai_malformed_response',
] as const;

/**
 * Why an AI call failed: the `error_type` values of the taxonomy (`params.yaml`). The reference
 * taxonomy's enum and this list are kept equal by a test.
 */
export type AiErrorType = (typeof aiErrorTypes)[number];

/** Names one failure, or returns `undefined` to let the next classifier decide. */
export type ErrorClassifier = (error: unknown) => AiErrorType | undefined;

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

/** The HTTP status of an SDK error (`status`), a thrown fetch `Response`, or an error wrapping one. */
export function statusOf(error: unknown): number | undefined {
  const e = fields(error);
  if (!e) return undefined;
  for (const candidate of [e['status'], e['statusCode'], fields(e['response'])?.['status']]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Codes and types an error carries, flattened: SDK `code`/`type`, OpenAI `error.code`, Anthropic
 * `error.error.type`.
 */
function codesOf(error: unknown): string[] {
  const e = fields(error);
  if (!e) return [];
  const body = fields(e['error']);
  const inner = fields(body?.['error']);
  return [e['code'], e['type'], body?.['code'], body?.['type'], inner?.['code'], inner?.['type']].filter(
    (value): value is string => typeof value === 'string',
  );
}

function messagesOf(error: unknown): string {
  const e = fields(error);
  if (!e) return '';
  const body = fields(e['error']);
  const inner = fields(body?.['error']);
  return [e['message'], body?.['message'], inner?.['message']].filter((m) => typeof m === 'string').join(' | ');
}

function nameOf(error: unknown): string | undefined {
  const name = fields(error)?.['name'];
  return typeof name === 'string' ? name : undefined;
}

const TIMEOUT_NAMES = new Set([
  'AbortError',
  'TimeoutError',
  'GenerationTimeoutError',
  // openai and @anthropic-ai/sdk
  'APIConnectionTimeoutError',
  'APIUserAbortError',
  // undici, inside fetch's `TypeError: fetch failed`
  'ConnectTimeoutError',
  'HeadersTimeoutError',
  'BodyTimeoutError',
]);

/** Aborts and timeouts: fetch's `AbortError`/`TimeoutError`, the SDKs' timeout errors, HTTP 408. */
export const timeoutClassifier: ErrorClassifier = (error) =>
  error instanceof GenerationTimeoutError || TIMEOUT_NAMES.has(nameOf(error) ?? '') || statusOf(error) === 408
    ? 'ai_timeout'
    : undefined;

/** HTTP 429 and the providers' rate-limit codes (`rate_limit_exceeded`, Anthropic `rate_limit_error`). */
export const rateLimitClassifier: ErrorClassifier = (error) =>
  statusOf(error) === 429 || codesOf(error).some((c) => c === 'rate_limit_exceeded' || c === 'rate_limit_error')
    ? 'ai_rate_limit'
    : undefined;

const CONTEXT_CODES = new Set(['context_length_exceeded', 'string_above_max_length', 'request_too_large']);
const CONTEXT_MESSAGE = new RegExp(
  [
    'prompt is too long',
    'maximum context length',
    'context[ _]length',
    'context window',
    'input is too long',
    'too many (input )?tokens',
  ].join('|'),
  'i',
);

/**
 * Context-length errors: OpenAI's `context_length_exceeded` code, HTTP 413, and a 400 whose message
 * says the prompt is too long (Anthropic: `invalid_request_error`, "prompt is too long: N tokens >
 * M maximum").
 */
export const tokenLimitClassifier: ErrorClassifier = (error) => {
  const status = statusOf(error);
  if (codesOf(error).some((c) => CONTEXT_CODES.has(c)) || status === 413) return 'ai_token_limit_exceeded';
  if ((status === undefined || status === 400) && CONTEXT_MESSAGE.test(messagesOf(error))) {
    return 'ai_token_limit_exceeded';
  }
  return undefined;
};

/** HTTP 5xx (Anthropic's 529 `overloaded_error` included). */
export const providerErrorClassifier: ErrorClassifier = (error) => {
  const status = statusOf(error);
  return status !== undefined && status >= 500 && status <= 599 ? 'ai_provider_error' : undefined;
};

const VALIDATION_NAMES = new Set(['ZodError', '$ZodError', 'ValidationError', 'OutputValidationError']);

/**
 * {@link OutputValidationError} and schema library errors (zod's `ZodError`, anything named
 * `ValidationError`).
 */
export const validationClassifier: ErrorClassifier = (error) => {
  if (error instanceof OutputValidationError) return 'ai_validation_error';
  const name = nameOf(error);
  return name !== undefined && VALIDATION_NAMES.has(name) ? 'ai_validation_error' : undefined;
};

/**
 * Output that cannot be used: `SyntaxError` from `JSON.parse`/`response.json()`,
 * {@link MalformedResponseError}, and a body cut off mid-stream (undici's `TypeError: terminated`).
 */
export const malformedResponseClassifier: ErrorClassifier = (error) => {
  if (error instanceof SyntaxError || error instanceof MalformedResponseError) return 'ai_malformed_response';
  const name = nameOf(error);
  if (name === 'SyntaxError' || name === 'MalformedResponseError') return 'ai_malformed_response';
  if (name === 'TypeError' && /^terminated$/i.test(messagesOf(error))) return 'ai_malformed_response';
  return undefined;
};

/** The built-in classifiers, in the order they are tried (after any the user adds). */
export const defaultErrorClassifiers: readonly ErrorClassifier[] = [
  timeoutClassifier,
  rateLimitClassifier,
  tokenLimitClassifier,
  providerErrorClassifier,
  validationClassifier,
  malformedResponseClassifier,
];

const MAX_CAUSE_DEPTH = 5;

/**
 * The `error_type` of a failed AI call. Each classifier is tried on the error, then on its `cause`
 * chain (an `OutputValidationError` wrapping a `ZodError`, a fetch `TypeError` wrapping a socket
 * error). What nothing recognises (401, a DNS failure) is `ai_provider_error`: the provider could not
 * serve the call, and the taxonomy has no closer value.
 *
 * @example classifyError(err, [myClassifier, ...defaultErrorClassifiers])
 */
export function classifyError(
  error: unknown,
  classifiers: readonly ErrorClassifier[] = defaultErrorClassifiers,
): AiErrorType {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    for (const classify of classifiers) {
      try {
        const type = classify(current);
        if (type) return type;
      } catch {
        // A user classifier that throws is skipped; classification must not fail.
      }
    }
    current = fields(current)?.['cause'];
  }
  return 'ai_provider_error';
}
