import type { Ga4ValidationCode } from '@taxon/core';

/**
 * GA4's Measurement Protocol validation codes (`VALUE_INVALID`, `VALUE_REQUIRED`, `NAME_INVALID`,
 * `NAME_RESERVED`, `VALUE_OUT_OF_BOUNDS`, `EXCEEDED_MAX_ENTITIES`, `NAME_DUPLICATED`), plus the
 * collector's own, which GA does not send: `UNKNOWN_FIELD` (a body field MP does not define),
 * `UNSUPPORTED_TYPE` (a param value that is not a string, number or boolean), `UNKNOWN_EVENT` (an
 * event the taxonomy does not define) and `PII_DETECTED` (a value that looks like personal data or
 * a secret).
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events#validation_code
 */
export type ValidationCode = Ga4ValidationCode | 'UNKNOWN_FIELD' | 'UNSUPPORTED_TYPE' | 'UNKNOWN_EVENT' | 'PII_DETECTED';

/** One problem, in the shape GA4's `/debug/mp/collect` answers with. */
export interface ValidationMessage {
  /** Where the problem is in the request body, e.g. `events[0].params.feature` or `client_id`. */
  fieldPath: string;
  /** What is wrong and what was expected. Never contains a value flagged as personal data. */
  description: string;
  /** GA4's validation code, or one of the collector's own (see {@link ValidationCode}). */
  validationCode: ValidationCode;
}
