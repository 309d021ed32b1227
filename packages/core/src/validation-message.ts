/**
 * Codes of `/debug/mp/collect` validation messages. GA4 sends the first seven; the Taxon collector
 * answers the same endpoint and adds four of its own, which GA never sends: `UNKNOWN_FIELD` (a
 * body field or param the definition does not have), `UNSUPPORTED_TYPE` (a value of the wrong
 * JSON type), `UNKNOWN_EVENT` (an event the taxonomy does not define) and `PII_DETECTED` (a value
 * that looks like personal data or a secret).
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events#validation_code
 */
export type ValidationCode = Ga4ValidationCode | CollectorValidationCode;

/** The codes GA4's validation server sends. */
export type Ga4ValidationCode =
  | 'VALUE_INVALID'
  | 'VALUE_REQUIRED'
  | 'NAME_INVALID'
  | 'NAME_RESERVED'
  | 'VALUE_OUT_OF_BOUNDS'
  | 'EXCEEDED_MAX_ENTITIES'
  | 'NAME_DUPLICATED';

/** The codes only the Taxon collector sends (see {@link ValidationCode}). */
export type CollectorValidationCode = 'UNKNOWN_FIELD' | 'UNSUPPORTED_TYPE' | 'UNKNOWN_EVENT' | 'PII_DETECTED';

/**
 * One message of `/debug/mp/collect`, from GA4 or a Taxon collector.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events
 */
export interface ValidationMessage {
  /** Where the problem is in the request body, e.g. `events[0].params.feature` or `client_id`. */
  fieldPath: string;
  /** What is wrong and what was expected. Never contains a value flagged as personal data. */
  description: string;
  /** The kind of problem. */
  validationCode: ValidationCode;
}
