/**
 * Names GA4 keeps for itself: event names, name prefixes, and the params GA4 (or a Taxon runtime)
 * adds to events by itself. One list each, used by the taxonomy linter, the runtimes, the collector
 * and `taxon verify`.
 *
 * The event list is the union of two documented lists, both refused here because sending either
 * kind by hand is wrong: the Measurement Protocol's reserved names (GA4 drops them) and the web
 * stream's automatically collected and enhanced-measurement events (sending them again double
 * counts). `app_install` is on GA's app list though not on the MP page; `query_id`, listed once
 * as a web prefix, is left out: no other GA page or API mentions it.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/reference#reserved_names
 * @see https://support.google.com/analytics/answer/13316687 (event naming rules)
 * @see https://support.google.com/analytics/answer/9234069 (automatically collected events)
 */

/** Event names GA4 reserves or collects by itself; sending one is refused. */
export const RESERVED_EVENT_NAMES: ReadonlySet<string> = /* @__PURE__ */ new Set(
  // One space-separated string rather than an array literal: fewer bytes in browser bundles.
  /* @__PURE__ */ ('ad_activeview ad_click ad_exposure ad_impression ad_query ad_reward adunit_exposure ' +
  'app_background app_clear_data app_exception app_install app_remove app_store_refund ' +
  'app_store_subscription_cancel app_store_subscription_convert app_store_subscription_renew ' +
  'app_update app_upgrade click dynamic_link_app_open dynamic_link_app_update ' +
  'dynamic_link_first_open error file_download firebase_campaign firebase_in_app_message_action ' +
  'firebase_in_app_message_dismiss firebase_in_app_message_impression first_open first_visit ' +
  'form_start form_submit in_app_purchase notification_dismiss notification_foreground ' +
  'notification_open notification_receive notification_send os_update page_view screen_view scroll ' +
  'session_start session_start_with_rollout user_engagement video_complete video_progress ' +
  'video_start view_search_results').split(' '),
);

/** Prefixes GA4 reserves for event and param names (user properties: the first four). */
export const RESERVED_PREFIXES: readonly string[] = ['_', 'firebase_', 'ga_', 'google_', 'gtag.'];

/** The reserved prefix `name` starts with, if any. */
export function reservedPrefixOf(name: string): string | undefined {
  return RESERVED_PREFIXES.find((prefix) => name.startsWith(prefix));
}

/**
 * How a param GA4 adds by itself is checked where it arrives: its JSON type. `id` takes a string
 * or a number (GA's session ids are numbers in some exports); `any` is not checked.
 */
export interface AutomaticParam {
  readonly type: 'string' | 'number' | 'id' | 'any';
}

/**
 * Params GA4 or a Taxon runtime adds to any event (session stitching, page context, campaign and
 * ad-click ids read from the landing URL, debug): a taxonomy never declares them, and a received
 * event may carry them whatever its definition says.
 *
 * Not here, on purpose: `value`, `currency`, `transaction_id` and `items` belong to GA4's
 * recommended events (`purchase`) and may be declared by a taxonomy, which then decides how they
 * are checked; `client_id`, `user_id` and `timestamp_micros` are request fields
 * ({@link MP_RUNTIME_FIELDS}), not params; `firebase_conversion` is covered by its prefix.
 * @see https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events
 */
export const AUTOMATIC_PARAMS: ReadonlyMap<string, AutomaticParam> = /* @__PURE__ */ new Map<string, AutomaticParam>([
  ['session_id', { type: 'id' }],
  ['engagement_time_msec', { type: 'number' }],
  ['debug_mode', { type: 'any' }],
  ['page_location', { type: 'string' }],
  ['page_title', { type: 'string' }],
  ['page_referrer', { type: 'string' }],
  ['page_path', { type: 'string' }],
  ['language', { type: 'string' }],
  ['screen_resolution', { type: 'string' }],
  ['ga_session_id', { type: 'id' }],
  ['ga_session_number', { type: 'number' }],
  ['ignore_referrer', { type: 'any' }],
  ['non_personalized_ads', { type: 'any' }],
  ['campaign', { type: 'string' }],
  ['campaign_id', { type: 'string' }],
  ['gclid', { type: 'id' }],
  ['dclid', { type: 'id' }],
  ['gbraid', { type: 'id' }],
  ['wbraid', { type: 'id' }],
  ['srsltid', { type: 'id' }],
]);

/** Fields of a Measurement Protocol request a runtime fills in itself; a taxonomy never declares them. */
export const MP_RUNTIME_FIELDS: readonly string[] = ['client_id', 'user_id', 'timestamp_micros'];

/** Whether a taxonomy may not declare a param named `name`: GA4 or the runtime fills it in. */
export function isReservedParam(name: string): boolean {
  return AUTOMATIC_PARAMS.has(name) || MP_RUNTIME_FIELDS.includes(name);
}
