import { isUsageLimitError, type UsageLimitRefusal, type UsageLimitUnit } from '@taxon/core';

/** The JSON body of a refused call. */
export interface UsageLimitResponseBody {
  ok: false;
  /** Always `'usage_limit_exceeded'`: the typed code clients branch on. */
  errorType: 'usage_limit_exceeded';
  /** Which limit refused: enum values and amounts only, never an account id. */
  limit: {
    policy: string;
    scope: UsageLimitRefusal['scope'];
    unit: UsageLimitUnit;
    period: UsageLimitRefusal['period'];
    /** The hard limit, an exact decimal string. */
    limit: string;
    /** What is left of the allowance, an exact decimal string. */
    remaining: string;
    /** When the allowance starts again, ISO 8601 UTC. */
    resetsAt: string;
  };
}

// Header fields carry integers. Generations are requests, the draft's default unit (no `qu`);
// tokens and cost are not registered units, so they are named; cost is counted in whole cents.
const HEADER_UNIT: Record<UsageLimitUnit, { qu?: string; scale: bigint }> = {
  generations: { scale: 1n },
  tokens: { qu: 'tokens', scale: 1n },
  cost: { qu: 'usd-cents', scale: 100n },
};

function headerInteger(amount: string, unit: UsageLimitUnit): number {
  const [whole = '0', fraction = ''] = amount.split('.');
  const scale = HEADER_UNIT[unit].scale;
  const digits = scale === 1n ? 0 : scale.toString().length - 1;
  const units = BigInt(whole) * scale + BigInt((fraction + '0'.repeat(digits)).slice(0, digits) || '0');
  return Number(units);
}

/**
 * The `RateLimit-Policy` and `RateLimit` fields of a refusal, as draft-ietf-httpapi-ratelimit-headers
 * (-10 and later) defines them: a list of items named by the policy, `q` (quota) and `w` (window
 * seconds) on the policy, `r` (remaining) and `t` (seconds to reset) on the current limit. No `pk`
 * partition key: it would identify the account.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
 */
export function rateLimitFields(refusal: UsageLimitRefusal): { 'RateLimit-Policy': string; RateLimit: string } {
  const name = JSON.stringify(refusal.policy);
  const { qu } = HEADER_UNIT[refusal.unit];
  const quota = headerInteger(refusal.limit, refusal.unit);
  const remaining = headerInteger(refusal.remaining, refusal.unit);
  return {
    'RateLimit-Policy': `${name};q=${quota}${qu === undefined ? '' : `;qu="${qu}"`};w=${refusal.windowSeconds}`,
    RateLimit: `${name};r=${remaining};t=${refusal.retryAfterSeconds}`,
  };
}

/**
 * Answers a call refused by a fair-use limit: `429 Too Many Requests` with `Retry-After` (whole
 * seconds until the period ends), `RateLimit-Policy` and `RateLimit` (see {@link rateLimitFields})
 * and a JSON body ({@link UsageLimitResponseBody}) whose `errorType` is `usage_limit_exceeded`.
 * Takes the `UsageLimitError` that `admit` threw, or its `refusal`. The body names the limit that
 * refused, never an account id, so an organization's member does not learn other members' ids.
 *
 * @example
 * try { admission = await limits.admit({ plan, userId, idempotencyKey: requestId }); }
 * catch (error) { if (isUsageLimitError(error) && error.code === 'limit_exceeded') return usageLimitResponse(error); throw error; }
 */
export function usageLimitResponse(refused: UsageLimitRefusal | Error): Response {
  const refusal = isUsageLimitError(refused) ? refused.refusal : refused instanceof Error ? undefined : refused;
  if (refusal === undefined) {
    throw new TypeError('usageLimitResponse: expected a UsageLimitError with code "limit_exceeded" (or its refusal).');
  }
  const body: UsageLimitResponseBody = {
    ok: false,
    errorType: 'usage_limit_exceeded',
    limit: {
      policy: refusal.policy,
      scope: refusal.scope,
      unit: refusal.unit,
      period: refusal.period,
      limit: refusal.limit,
      remaining: refusal.remaining,
      resetsAt: refusal.resetsAt.toISOString(),
    },
  };
  return Response.json(body, {
    status: 429,
    headers: {
      'Retry-After': String(refusal.retryAfterSeconds),
      ...rateLimitFields(refusal),
      'Cache-Control': 'no-store',
    },
  });
}
