import {
  compareUsageAmounts,
  isInsufficientCredits,
  secondsUntilPeriodEnd,
  subtractUsageAmounts,
  usagePeriodAt,
  usagePeriodSeconds,
  UsageLimitError,
  type UsageLimitLedger,
  type UsageAdmission,
  type UsageLimiter,
  type UsageLimitHold,
  type UsageLimitNotice,
  type UsageLimitRefusal,
  type UsageLimitRule,
  type UsageLimits,
  type UsagePeriod,
  type UsageSettlement,
} from '@taxon/core';
import type { SqlDriver } from '../driver.js';
import { openDatabase, type DatabaseOptions } from '../open-database.js';
import { allowanceAccountId, ledgerKey } from './allowance-account.js';
import { checkActual, checkAdmitInput } from './check-limit-input.js';
import { claimNotice, migrateLimitNotices } from './limit-notices.js';
import { settleHold } from './settle-hold.js';

/** Options of {@link openUsageLimits}. */
export interface UsageLimitsOptions extends DatabaseOptions {
  /** The validated limits, from `defineUsageLimits(config, enumValues.plan_type)`. */
  limits: UsageLimits;
  /** The credit ledger the allowances live in (`openCreditLedger()`), or any {@link UsageLimitLedger}. */
  ledger: UsageLimitLedger;
  /**
   * An open driver for the notices table (usually the ledger's). Not closed by `close()`. When
   * absent, one is opened from `databaseUrl`/`dataDir` like the usage log's.
   */
  driver?: SqlDriver;
  /** How long an admit's holds live when never settled (a crashed process); the ledger's sweeper releases them. */
  holdTtlMs?: number;
  /** Called with every notice decided (once per account and period); exceptions are ignored. */
  onNotice?: (notice: UsageLimitNotice) => void;
  /** The clock that picks the period. @default () => new Date() */
  now?: () => Date;
}

/** The storage-backed {@link UsageLimiter}. */
export interface UsageLimitsStore extends UsageLimiter {
  /** Closes the database when this opened it. The ledger is the caller's. */
  close(): Promise<void>;
}

// Allowances already granted in this process, so a warm account costs one reserve per admit. Only
// a shortcut: the grant itself is idempotent, so a cold cache or another process grants nothing twice.
const GRANTED_CACHE = 10_000;

/**
 * Opens fair-use limits on a credit ledger. Each limit of a plan is, per user or organization and
 * per period, a ledger account granted the hard limit on first use (lazily, idempotently): `admit`
 * reserves the call's estimate on every account of the plan's limits before the AI call, `commit`
 * settles at the actual usage, `release` returns the holds. The ledger's reserve is the race-safe
 * part: 50 concurrent admits against 10 left admit exactly 10. `usage_limit_approached` and
 * `usage_limit_reached` are decided by an insert in `taxon_usage_limit_notices`, once per
 * account and period whatever the concurrency.
 *
 * @example
 * const limits = await openUsageLimits({ limits: defineUsageLimits(config, enumValues.plan_type), ledger, driver });
 * const admission = await limits.admit({ plan: 'free', userId, idempotencyKey: requestId }); // throws limit_exceeded
 * try { await callModel(); await limits.commit(admission); } catch (e) { await limits.release(admission, 'ai_timeout'); throw e; }
 */
export async function openUsageLimits(options: UsageLimitsOptions): Promise<UsageLimitsStore> {
  const { limits, ledger } = options;
  if (typeof limits !== 'object' || limits === null || typeof limits.byPlan !== 'object') {
    throw new UsageLimitError('invalid_config', 'openUsageLimits: expected `limits` from defineUsageLimits(config, enumValues.plan_type).');
  }
  const owned = options.driver === undefined;
  const driver = options.driver ?? (await openDatabase(options));
  try {
    await migrateLimitNotices(driver);
  } catch (error) {
    if (owned) await driver.close().catch(() => {});
    throw error;
  }
  const now = options.now ?? (() => new Date());
  const granted = new Set<string>();

  const notify = async (accountId: string, notice: UsageLimitNotice, into: UsageLimitNotice[]) => {
    if (!(await claimNotice(driver, accountId, notice))) return;
    into.push(notice);
    try {
      options.onNotice?.(notice);
    } catch {
      // A failing listener must not undo a decided notice or fail the call.
    }
  };

  const ensureAllowance = async (accountId: string, rule: UsageLimitRule, plan: string) => {
    const cacheKey = `${accountId}|${plan}`;
    if (granted.has(cacheKey)) return;
    const { granted: already } = await balanceOf(ledger, accountId);
    if (compareUsageAmounts(rule.hard, already) > 0) {
      try {
        // Keyed by plan: an upgrade mid-period tops the allowance up to the new plan's limit once.
        await ledger.grant({
          accountId,
          amount: subtractUsageAmounts(rule.hard, already),
          idempotencyKey: await ledgerKey(accountId, 'allowance', plan),
          reason: `usage limit ${rule.policy} of plan ${plan}`,
        });
      } catch (error) {
        // Another process granted this plan's allowance with a different top-up: it is granted.
        if ((error as { code?: unknown }).code !== 'idempotency_conflict') throw error;
      }
    }
    if (granted.size >= GRANTED_CACHE) granted.clear();
    granted.add(cacheKey);
  };

  const noticesFor = async (held: readonly UsageLimitHold[], plan: string, into: UsageLimitNotice[]) => {
    for (const { rule, periodKey, hold } of held) {
      const { available, granted: total } = await ledger.balance({ accountId: hold.accountId });
      const used = subtractUsageAmounts(total, available);
      const base = { plan, scope: rule.scope, unit: rule.unit, period: rule.period, periodKey };
      if (compareUsageAmounts(used, rule.soft) >= 0) await notify(hold.accountId, { kind: 'approaching', ...base }, into);
      if (compareUsageAmounts(used, rule.hard) >= 0) await notify(hold.accountId, { kind: 'reached', ...base }, into);
    }
  };

  const refuse = async (rule: UsageLimitRule, plan: string, accountId: string, period: UsagePeriod, at: Date, cause: unknown) => {
    const { available } = await ledger.balance({ accountId });
    const refusal: UsageLimitRefusal = {
      plan,
      scope: rule.scope,
      unit: rule.unit,
      period: rule.period,
      periodKey: period.key,
      policy: rule.policy,
      limit: rule.hard,
      remaining: available,
      resetsAt: period.end,
      retryAfterSeconds: secondsUntilPeriodEnd(period, at),
      windowSeconds: usagePeriodSeconds(period),
    };
    const notices: UsageLimitNotice[] = [];
    await notify(accountId, { kind: 'reached', plan, scope: rule.scope, unit: rule.unit, period: rule.period, periodKey: period.key }, notices);
    return new UsageLimitError(
      'limit_exceeded',
      `The ${rule.scope}'s ${rule.unit} limit of plan ${plan} (${rule.hard} per ${rule.period}) is reached; ` +
        `it resets at ${period.end.toISOString()}.`,
      { refusal, notices, cause },
    );
  };

  return {
    async admit(input) {
      const rules = checkAdmitInput(limits, input);
      const at = now();
      const held: UsageLimitHold[] = [];
      for (const rule of rules) {
        const subject = rule.scope === 'user' ? input.userId : input.organizationId;
        // An organization limit counts organization members only; a user without one has none.
        if (subject === undefined) continue;
        const period = usagePeriodAt(rule.period, at);
        const accountId = allowanceAccountId(rule, subject, period);
        const amount = rule.unit === 'generations' ? '1' : input.estimate![rule.unit]!;
        try {
          await ensureAllowance(accountId, rule, input.plan);
          const hold = await ledger.reserve({
            accountId,
            amount,
            idempotencyKey: await ledgerKey(input.idempotencyKey, accountId),
            ...(options.holdTtlMs === undefined ? {} : { ttlMs: options.holdTtlMs }),
          });
          held.push({ rule, periodKey: period.key, hold });
        } catch (error) {
          if (!isInsufficientCredits(error)) {
            await releaseAll(ledger, held, 'usage_limit_admit_failed');
            throw error;
          }
          // All or nothing: a call refused by the organization's limit keeps none of the user's.
          await releaseAll(ledger, held, 'usage_limit_exceeded');
          throw await refuse(rule, input.plan, accountId, period, at, error);
        }
      }
      const notices: UsageLimitNotice[] = [];
      try {
        await noticesFor(held, input.plan, notices);
      } catch (error) {
        // The caller gets no admission to settle: return its holds rather than leave them to the TTL.
        await releaseAll(ledger, held, 'usage_limit_admit_failed');
        throw error;
      }
      return { idempotencyKey: input.idempotencyKey, plan: input.plan, holds: held, notices };
    },

    async commit(admission: UsageAdmission, actual): Promise<UsageSettlement> {
      const amounts = checkActual(admission.holds.map((h) => h.rule), actual);
      const settlement: UsageSettlement = { notices: [], overshoot: [] };
      for (const [i, held] of admission.holds.entries()) {
        const unmetered = await settleHold(ledger, held, amounts[i]!, [admission.idempotencyKey, held.hold.accountId]);
        if (compareUsageAmounts(unmetered, '0') > 0) settlement.overshoot.push({ policy: held.rule.policy, amount: unmetered });
      }
      await noticesFor(admission.holds, admission.plan, settlement.notices);
      return settlement;
    },

    async release(admission, reason) {
      if (typeof reason !== 'string' || reason === '') {
        throw new UsageLimitError('invalid_input', 'release: expected a reason such as "ai_timeout".');
      }
      await releaseAll(ledger, admission.holds, reason);
    },

    close: () => (owned ? driver.close() : Promise.resolve()),
  };
}

async function releaseAll(ledger: UsageLimitLedger, held: readonly UsageLimitHold[], reason: string): Promise<void> {
  for (const { hold } of held) await ledger.release(hold, reason);
}

// A ledger may not know an account before its first grant; that is a zero balance here.
async function balanceOf(ledger: UsageLimitLedger, accountId: string): Promise<{ granted: string }> {
  try {
    return await ledger.balance({ accountId });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'unknown_account') return { granted: '0' };
    throw error;
  }
}
