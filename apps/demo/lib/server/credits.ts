import type { CreditLedger } from '@taxon/store';
import { FREE_GENERATIONS } from '@/lib/user';

/** What the browser is told about a free user's credits: the ledger's figures, never a client counter. */
export interface FreeCredits {
  /** Generations the ledger lets the user start now. */
  remaining: number;
  /** Generations granted by the free plan. */
  granted: number;
}

/**
 * Grants the free plan's generations once per user (the idempotency key names the user: every
 * later call is a no-op returning the first grant). The ledger creates the account on this grant.
 */
export async function ensureFreeCredits(ledger: CreditLedger, userId: string): Promise<void> {
  await ledger.grant({
    accountId: userId,
    amount: String(FREE_GENERATIONS),
    idempotencyKey: `free-plan:${userId}`,
    reason: 'free_plan',
  });
}

/** The free user's credits, from the ledger's balance (granting the free plan first: a no-op after the first time). */
export async function freeCredits(ledger: CreditLedger, userId: string): Promise<FreeCredits> {
  await ensureFreeCredits(ledger, userId);
  const balance = await ledger.balance({ accountId: userId });
  // Units of 'generations' are whole numbers: the demo reserves and commits 1 per call.
  return { remaining: Math.floor(Number(balance.available)), granted: Math.floor(Number(balance.granted)) };
}

/**
 * The free user's credits as the ledger has them, writing nothing: a user never granted yet (the
 * grant is made by the first generation) is shown the free plan's whole allowance.
 */
export async function peekFreeCredits(ledger: CreditLedger, userId: string): Promise<FreeCredits> {
  try {
    const balance = await ledger.balance({ accountId: userId });
    return { remaining: Math.floor(Number(balance.available)), granted: Math.floor(Number(balance.granted)) };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'unknown_account') throw error;
    return { remaining: FREE_GENERATIONS, granted: FREE_GENERATIONS };
  }
}
