import { sha256Hex } from '../lib/sha256.js';
import type { UsageLimitRule, UsagePeriod } from '@taxon/core';

/**
 * The ledger account holding one limit's allowance for one user or organization and one period:
 * `usage-limit:<scope>:<id>:<unit>:<period key>`. A new period is a new account, so nothing is
 * reset at midnight. The id is an internal id (checked by `admit`), kept as is so the name stays an
 * identifier the ledger accepts; an id containing `:` cannot reach another account's name, because
 * the unit and the period key after it never contain `:` (the name parses from the right).
 */
export function allowanceAccountId(rule: UsageLimitRule, subjectId: string, period: UsagePeriod): string {
  return `usage-limit:${rule.scope}:${subjectId}:${rule.unit}:${period.key}`;
}

/**
 * An idempotency key for the ledger made of `parts` (the call's key, an account id, a step):
 * hashed, because the ledger's keys are global across accounts and at most 200 characters.
 */
export async function ledgerKey(...parts: string[]): Promise<string> {
  return `usage-limit:${await sha256Hex(parts.join('\n'))}`;
}
