import { applyGa4Limits, MP_LIMITS, scrubParam, setData, type DropReason, type ScrubParamPolicy } from '@taxon/core';
import { purchaseParams } from './purchase-params.js';
import type { MeasurementProtocolIds, MpEvent } from './types.js';
import type { ServerWireParams } from './wire-params.js';

/** Everything `buildEvent` needs besides the event itself. */
export interface BuildContext {
  /** The taxonomy events' conversion (core's wire builder). */
  wireParams: ServerWireParams;
  /** How strings are scrubbed (identifier params). */
  scrub: ScrubParamPolicy;
  /** The current time (ms), for the timestamp window. */
  now: number;
  /** Adds `debug_mode: true` to every event. */
  debug: boolean;
}

/** What `buildEvent` does beyond the taxonomy event. */
export interface BuildOptions {
  /** Build GA4's `purchase` (not a taxonomy event). */
  purchase?: boolean;
  /** Also send the dedupe key as this param. */
  dedupe?: { param: string; key: string };
}

/** The wire event, or why it is refused. */
export type BuildResult = { ok: true; event: MpEvent } | { ok: false; reason: DropReason; detail: string };

const iso = (time: number) => new Date(time).toISOString();

/**
 * Builds one MP event from checked ids: the params (taxonomy or `purchase` rules), `session_id`
 * and `engagement_time_msec`, GA4 limits (too many params or a bad name refuse the event; long
 * values are truncated, after scrubbing) and the 72-hour timestamp window.
 */
export function buildEvent(
  name: string,
  params: Record<string, unknown>,
  ids: MeasurementProtocolIds,
  context: BuildContext,
  options: BuildOptions = {},
): BuildResult {
  if (params === null || typeof params !== 'object') {
    return { ok: false, reason: 'invalid_event', detail: `${name}: params must be an object.` };
  }
  const built = options.purchase
    ? purchaseParams(params, context.scrub)
    : context.wireParams(name, params);
  if (!built.ok) return built;
  const wire = built.params;
  wire.session_id = ids.sessionId;
  const engagement = ids.engagementTimeMsec ?? 1;
  wire.engagement_time_msec = Number.isFinite(engagement) && engagement > 0 ? Math.round(engagement) : 1;
  if (context.debug) wire.debug_mode = true;
  const { dedupe } = options;
  if (dedupe) setData(wire, dedupe.param, scrubParam(dedupe.param, dedupe.key, context.scrub));

  const time = ids.timestamp === undefined ? context.now : ids.timestamp.getTime();
  if (context.now - time > MP_LIMITS.maxEventAgeMs) {
    const detail = `${name}: timestamp ${iso(time)} is more than 72 hours old; MP does not accept it.`;
    return { ok: false, reason: 'limit_exceeded', detail };
  }
  if (time - context.now > MP_LIMITS.maxFutureSkewMs) {
    const detail = `${name}: timestamp ${iso(time)} is in the future.`;
    return { ok: false, reason: 'invalid_event', detail };
  }

  const limited = applyGa4Limits(name, wire);
  if (!limited.ok) return { ok: false, reason: limited.reason, detail: limited.detail };
  return { ok: true, event: { name, params: limited.params, timestamp_micros: time * 1000 } };
}
