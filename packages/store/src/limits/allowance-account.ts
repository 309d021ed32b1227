import type { UsageLimitRule, UsagePeriod } from '@taxon/core';

/**
 * The ledger account holding one limit's allowance for one user or organization and one period:
 * `usage-limit:<scope>:<id>:<unit>:<period key>`. A new period is a new account, so nothing is
 * reset at midnight. The id is percent-encoded so an id containing `:` cannot reach another
 * account's name.
 */
export function allowanceAccountId(rule: UsageLimitRule, subjectId: string, period: UsagePeriod): string {
  return `usage-limit:${rule.scope}:${encodeURIComponent(subjectId)}:${rule.unit}:${period.key}`;
}
