/**
 * How a param of a built-in (non-taxonomy) event or a GA4 automatic param is checked: its JSON
 * type, and allowed values for the few that have a fixed set. (The automatic params themselves,
 * accepted on every event, are `AUTOMATIC_PARAMS` in `@taxon/core`.)
 */
export interface BuiltInParam {
  /** JSON type: `id` takes a string or a number (GA's session ids), `items` an array of objects. */
  type: 'string' | 'number' | 'boolean' | 'id' | 'items' | 'any';
  /** The only values allowed, for a `string` param with a fixed set (`metric_rating`). */
  values?: readonly string[];
}

/** A GA4 event the collector accepts without a taxonomy definition. */
export interface BuiltInEvent {
  /** Params the event must carry. */
  required: readonly string[];
  /** Params the event may carry (besides GA4's automatic params). */
  optional: readonly string[];
  /** Any other well-named param is accepted too (GA4's ecommerce events take custom params). */
  openParams: boolean;
}

const VITAL: BuiltInEvent = {
  required: ['value', 'metric_id', 'metric_value', 'metric_delta'],
  optional: ['metric_rating', 'debug_target'],
  openParams: false,
};

/**
 * Events accepted as good without a taxonomy definition: `page_view` (sent by the runtimes),
 * GA4's `purchase`, and the five web-vitals metrics with the web-vitals GA4 recipe params.
 * @see https://developers.google.com/analytics/devguides/collection/ga4/reference/events#purchase
 * @see https://github.com/GoogleChrome/web-vitals#send-the-results-to-google-analytics
 */
export const BUILT_IN_EVENTS: ReadonlyMap<string, BuiltInEvent> = new Map<string, BuiltInEvent>([
  ['page_view', { required: [], optional: [], openParams: false }],
  [
    'purchase',
    {
      required: ['transaction_id'],
      optional: ['value', 'currency', 'tax', 'shipping', 'coupon', 'affiliation', 'items'],
      openParams: true,
    },
  ],
  ['LCP', VITAL],
  ['INP', VITAL],
  ['CLS', VITAL],
  ['FCP', VITAL],
  ['TTFB', VITAL],
]);

/**
 * Types of the built-in events' own params. `value`, `currency`, `transaction_id` and `items` are
 * checked this way only on `purchase` and the web vitals; a taxonomy event that declares one of
 * them is checked against the taxonomy's definition instead. They are not automatic params.
 */
export const BUILT_IN_PARAMS: ReadonlyMap<string, BuiltInParam> = new Map<string, BuiltInParam>([
  ['transaction_id', { type: 'id' }],
  ['value', { type: 'number' }],
  ['currency', { type: 'string' }],
  ['tax', { type: 'number' }],
  ['shipping', { type: 'number' }],
  ['coupon', { type: 'string' }],
  ['affiliation', { type: 'string' }],
  ['items', { type: 'items' }],
  ['metric_id', { type: 'id' }],
  ['metric_value', { type: 'number' }],
  ['metric_delta', { type: 'number' }],
  ['metric_rating', { type: 'string', values: ['good', 'needs-improvement', 'poor'] }],
  ['debug_target', { type: 'string' }],
]);
