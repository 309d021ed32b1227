import { defineUsageLimits, isUsageLimitError, type UsageLimitNotice, type UsageLimitsInput } from '@taxon/core';
import { usageLimitResponse } from '@taxon/edge';
import { openUsageLimits, type UsageLimitsStore } from '@taxon/store';
import { enumValues, type PlanType } from '@/lib/taxonomy';
import { serverAnalytics, type ServerAnalytics } from './analytics';
import { processSingleton } from './process-singleton';

// Quill's fair use: Pro generations per user and UTC day. The free plan has none: its three
// credits in the ledger bound it already. QUILL_PRO_DAILY_GENERATIONS lowers Pro's limit to show
// the 429 (and the 80% notice) without hundreds of clicks.
function demoLimits(): UsageLimitsInput {
  const pro = process.env.QUILL_PRO_DAILY_GENERATIONS?.trim() || '200';
  return {
    free: [],
    pro: [{ scope: 'user', unit: 'generations', period: 'day', hard: pro }],
    enterprise: [],
  };
}

async function open(analytics: ServerAnalytics): Promise<UsageLimitsStore> {
  // The allowances are accounts of the demo's credit ledger (beside the free plan's credits).
  return openUsageLimits({ limits: defineUsageLimits(demoLimits(), enumValues.plan_type), ledger: analytics.credits, driver: analytics.db });
}

function usageLimits(analytics: ServerAnalytics): Promise<UsageLimitsStore> {
  return processSingleton('usage-limits', () => {
    const opening = open(analytics);
    opening.catch(() => {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('quill.usage-limits')];
    });
    return opening;
  });
}

/** The browser ids the notices are stitched to the session with. */
interface NoticeIds {
  clientId: string | undefined;
  sessionId: string | undefined;
  userId: string;
}

// Each notice was decided once per user and day by the limiter's insert; without browser ids
// (consent refused) nothing is sent, like every server event.
function sendNotices(analytics: ServerAnalytics, notices: readonly UsageLimitNotice[], ids: NoticeIds): void {
  if (!ids.clientId || !ids.sessionId) return;
  const to = { clientId: ids.clientId, sessionId: ids.sessionId, userId: ids.userId };
  for (const notice of notices) {
    const params = {
      plan_type: notice.plan as PlanType,
      limit_scope: notice.scope,
      limit_unit: notice.unit,
      limit_period: notice.period,
    };
    if (notice.kind === 'approaching') analytics.mp.send('usage_limit_approached', params, to);
    else analytics.mp.send('usage_limit_reached', params, to);
  }
}

/** An admitted generation: settle it once the call is over. */
export interface GenerationAllowance {
  /** The call succeeded: it counts against the day's limit. */
  commit(): Promise<void>;
  /** The call failed: it does not count. */
  release(reason: string): Promise<void>;
}

/**
 * Admits one generation under the plan's fair-use limit, or answers the 429 (`Retry-After`,
 * `RateLimit-Policy`, `RateLimit`, `errorType: 'usage_limit_exceeded'`) the route returns as is.
 */
export async function admitGeneration(input: {
  planType: PlanType;
  userId: string;
  requestId: string;
  clientId: string | undefined;
  sessionId: string | undefined;
}): Promise<GenerationAllowance | Response> {
  const analytics = await serverAnalytics();
  const limits = await usageLimits(analytics);
  const ids = { clientId: input.clientId, sessionId: input.sessionId, userId: input.userId };
  let admission;
  try {
    admission = await limits.admit({ plan: input.planType, userId: input.userId, idempotencyKey: input.requestId });
  } catch (error) {
    if (!isUsageLimitError(error) || error.code !== 'limit_exceeded') throw error;
    sendNotices(analytics, error.notices, ids);
    await analytics.flush();
    return usageLimitResponse(error);
  }
  sendNotices(analytics, admission.notices, ids);
  return {
    async commit() {
      sendNotices(analytics, (await limits.commit(admission)).notices, ids);
    },
    release: (reason) => limits.release(admission, reason),
  };
}
