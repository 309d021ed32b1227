/**
 * Limits of the Measurement Protocol itself, on top of GA4's per-event limits (`applyGa4Limits`
 * in `@taxon/core`).
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events#limitations
 */
export const MP_LIMITS = {
  /** Events per request. */
  eventsPerRequest: 25,
  /** A request body must be smaller than 130 kB. */
  maxBodyBytes: 130_000,
  /** Bytes kept free in each body for `client_id`, `user_id` and the JSON around the events. */
  headerReserveBytes: 4096,
  /** Events can be backdated up to 72 hours. */
  maxEventAgeMs: 72 * 60 * 60 * 1000,
  /** Tolerated clock skew for timestamps in the future. */
  maxFutureSkewMs: 60 * 1000,
  /** `user_id` length. */
  maxUserIdLength: 256,
  /** `client_id` length (no documented limit; a `_ga` client id is about 20 characters). */
  maxClientIdLength: 256,
  /** Items in one ecommerce event. */
  maxItems: 200,
} as const;
