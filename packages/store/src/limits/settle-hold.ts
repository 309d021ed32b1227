import {
  compareUsageAmounts,
  isInsufficientCredits,
  subtractUsageAmounts,
  type UsageLimitLedger,
  type UsageLimitHold,
} from '@taxon/core';
import { ledgerKey } from './allowance-account.js';

const conflict = (error: unknown) => (error as { code?: unknown }).code === 'idempotency_conflict';

/**
 * Settles one hold at the actual usage and returns what the allowance could not absorb (`'0'`
 * normally). At or below the estimate the ledger commits the actual and returns the rest. Above
 * it (tokens and cost are estimates) the hold is committed whole and the excess reserved and
 * committed as an overrun; when the period has less left than the excess, what is left is taken
 * and the remainder is the overshoot: used, but counted nowhere. Every step has its own key, so a
 * retried commit moves nothing twice.
 */
export async function settleHold(ledger: UsageLimitLedger, held: UsageLimitHold, actual: string, key: readonly string[]): Promise<string> {
  const { hold } = held;
  if (compareUsageAmounts(actual, hold.amount) <= 0) {
    await ledger.commit(hold, actual);
    return '0';
  }
  await ledger.commit(hold, hold.amount);
  const excess = subtractUsageAmounts(actual, hold.amount);
  try {
    const overrun = await ledger.reserve({ accountId: hold.accountId, amount: excess, idempotencyKey: await ledgerKey(...key, 'overrun') });
    await ledger.commit(overrun, excess);
    return '0';
  } catch (error) {
    if (!isInsufficientCredits(error)) throw error;
  }
  const { available } = await ledger.balance({ accountId: hold.accountId });
  if (compareUsageAmounts(available, '0') <= 0) return excess;
  try {
    const rest = await ledger.reserve({ accountId: hold.accountId, amount: available, idempotencyKey: await ledgerKey(...key, 'overrun-rest') });
    await ledger.commit(rest, available);
    return subtractUsageAmounts(excess, available);
  } catch (error) {
    // Taken meanwhile by another call, or already taken by a first attempt of this commit.
    if (isInsufficientCredits(error) || conflict(error)) return excess;
    throw error;
  }
}
