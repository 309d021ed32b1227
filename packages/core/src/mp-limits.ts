/**
 * Limits of the Measurement Protocol itself, on top of GA4's per-event limits ({@link GA4_LIMITS}).
 * The MP client keeps to them; the collector reports a request that breaks them.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events#limitations
 */
export const MP_LIMITS = {
  /** Events per request. */
  eventsPerRequest: 25,
  /** A request body must be smaller than 130 kB. */
  maxBodyBytes: 130_000,
  // Literals, not `72 * 60 * 60 * 1000`: bundlers keep arithmetic at module level even when unused.
  /** Events can be backdated up to 72 hours. */
  maxEventAgeMs: 259_200_000,
  /** Tolerated clock skew for timestamps in the future (one minute). */
  maxFutureSkewMs: 60_000,
  /** `user_id` length. */
  maxUserIdLength: 256,
  /** `client_id` length (no documented limit; a `_ga` client id is about 20 characters). */
  maxClientIdLength: 256,
  /** Items in one ecommerce event. */
  maxItems: 200,
  /** User property name length. */
  userPropertyName: 24,
  /** User property value length. */
  userPropertyValue: 36,
} as const;

/**
 * Top-level fields of a Measurement Protocol request body; anything else is not MP.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference#payload_post_body
 */
export const MP_BODY_FIELDS: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'client_id', 'app_instance_id', 'user_id', 'timestamp_micros', 'user_properties', 'consent', 'events',
  'non_personalized_ads', 'user_data', 'user_location', 'device', 'ip_override', 'validation_behavior',
]);
