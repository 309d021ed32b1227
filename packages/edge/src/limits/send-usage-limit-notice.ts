import type { UsageLimitNotice } from '@taxon/core';

/** The taxonomy event of each notice kind. */
export const USAGE_LIMIT_EVENTS = {
  approaching: 'usage_limit_approached',
  reached: 'usage_limit_reached',
} as const;

/** Params of `usage_limit_approached` and `usage_limit_reached`: enum values only. */
// A type alias, not an interface: it must fit the MP client's `Record<string, unknown>` params.
export type UsageLimitEventParams = {
  plan_type: string;
  limit_scope: UsageLimitNotice['scope'];
  limit_unit: UsageLimitNotice['unit'];
  limit_period: UsageLimitNotice['period'];
};

/** The part of the Measurement Protocol client (`createMeasurementProtocol`) a notice needs. */
export interface UsageLimitEventSender {
  send(
    name: (typeof USAGE_LIMIT_EVENTS)[keyof typeof USAGE_LIMIT_EVENTS],
    params: UsageLimitEventParams,
    ids: { clientId: string; sessionId: string; userId?: string },
  ): void;
}

/**
 * Sends a limiter notice as its taxonomy event through the MP client, stitched to the user's
 * session by the browser's ids. Whether a notice exists at all was decided once per account and
 * period by the limiter's database insert, so this sends every notice it is given. Without both
 * ids nothing is sent (the event could not join a session) and `false` is returned.
 */
export function sendUsageLimitNotice(
  mp: UsageLimitEventSender,
  notice: UsageLimitNotice,
  ids: { clientId?: string | undefined; sessionId?: string | undefined; userId?: string | undefined },
): boolean {
  if (!ids.clientId || !ids.sessionId) return false;
  mp.send(
    USAGE_LIMIT_EVENTS[notice.kind],
    { plan_type: notice.plan, limit_scope: notice.scope, limit_unit: notice.unit, limit_period: notice.period },
    { clientId: ids.clientId, sessionId: ids.sessionId, ...(ids.userId === undefined ? {} : { userId: ids.userId }) },
  );
  return true;
}
