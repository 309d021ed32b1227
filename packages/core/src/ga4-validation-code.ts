/**
 * The codes of GA4's `/debug/mp/collect` validation messages. The collector extends this list with
 * its own codes; keeping GA4's here lets it do so without depending on `@taxon/edge`.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/validating-events#validation_code
 */
export type Ga4ValidationCode =
  | 'VALUE_INVALID'
  | 'VALUE_REQUIRED'
  | 'NAME_INVALID'
  | 'NAME_RESERVED'
  | 'VALUE_OUT_OF_BOUNDS'
  | 'EXCEEDED_MAX_ENTITIES'
  | 'NAME_DUPLICATED';
