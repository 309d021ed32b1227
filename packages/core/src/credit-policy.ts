// What happens to a credit hold when the AI call it was taken for fails: refund it (release) or
// charge it (commit). A pure default, overridable per instrumentation; the reasoning is in
// docs/credits.md ("Partial failures").

/**
 * The AI error categories of the taxonomy's `error_type` enum (`taxonomy/params.yaml`), as
 * `@taxon/edge` classifies them. Repeated here because core depends on nothing; a test in
 * `@taxon/edge` keeps this list equal to its `aiErrorTypes`.
 */
export const creditErrorTypes = [
  'ai_timeout',
  'ai_rate_limit',
  'ai_provider_error',
  'ai_validation_error',
  'ai_token_limit_exceeded',
  'ai_malformed_response',
] as const;

/** One of {@link creditErrorTypes}. */
export type CreditErrorType = (typeof creditErrorTypes)[number];

/** `release`: the hold returns whole (a refund). `commit`: the call is charged what it used. */
export type CreditSettlement = 'release' | 'commit';

/** A settlement for every error category. */
export type CreditPolicy = Readonly<Record<CreditErrorType, CreditSettlement>>;

/**
 * The default partial-failure policy. The rule: **charge when the provider billed the call, refund
 * when it did not** — the customer pays for what the provider charged us, and never for a call the
 * provider refused or never answered.
 *
 * - `ai_timeout` → release. The answer never reached the customer. If the provider generated
 *   tokens before the abort, we absorb them (the usage log still records the call and its cost): a
 *   customer charged for a spinner that timed out files a dispute, which costs more.
 * - `ai_rate_limit` → release. The provider refused the request (429) and bills nothing; the app
 *   may retry with the same request id, which opens the next attempt's hold.
 * - `ai_provider_error` → release. 5xx, connection and auth failures: the provider billed nothing
 *   and the fault is not the customer's.
 * - `ai_token_limit_exceeded` → release. The provider rejects an over-long prompt before generating
 *   (400/413) and bills nothing.
 * - `ai_validation_error` → commit. The provider answered and billed it (`OutputValidationError` is
 *   a `BilledResponseError` carrying the response); the output failed the app's own checks. Charging
 *   what was used (the usage log's exact cost or tokens, read from that response) keeps a prompt
 *   engineered to fail validation from buying free generations.
 * - `ai_malformed_response` → commit. Also billed by the provider (a stream cut after its tokens were
 *   generated, an answer of the wrong shape). When its usage is unknown, the instrumentation charges
 *   the hold (the most the customer agreed the call may cost) rather than nothing.
 *
 * @example settlementFor('ai_timeout') // 'release'
 */
export const defaultCreditPolicy: CreditPolicy = /* @__PURE__ */ Object.freeze({
  ai_timeout: 'release',
  ai_rate_limit: 'release',
  ai_provider_error: 'release',
  ai_token_limit_exceeded: 'release',
  ai_validation_error: 'commit',
  ai_malformed_response: 'commit',
});

/**
 * How to settle the hold of a call that ended with `errorType` (`null`: it succeeded, so it is
 * charged). `overrides` replace single categories of the default policy.
 */
export function settlementFor(
  errorType: CreditErrorType | null,
  overrides: Partial<Record<CreditErrorType, CreditSettlement>> = {},
): CreditSettlement {
  if (errorType === null) return 'commit';
  return overrides[errorType] ?? defaultCreditPolicy[errorType];
}
