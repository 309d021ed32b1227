// Fair-use limits per plan: the types every part shares. The storage-backed limiter lives in
// @taxon/store (`openUsageLimits`), the 429 response in @taxon/edge (`usageLimitResponse`); this
// file is their dependency-free contract.
import type { CreditHold } from './credit-gate.js';
import type { UsagePeriodKind } from './usage-limit-period.js';

/** What a limit counts: AI calls, tokens (input + output) or USD cost, all as exact decimal strings. */
export type UsageLimitUnit = 'generations' | 'tokens' | 'cost';

/** Whose usage a limit counts: one user's, or their whole organization's. */
export type UsageLimitScope = 'user' | 'organization';

/** The units, scopes and periods a limit may use, in a stable order. */
export const USAGE_LIMIT_UNITS: readonly UsageLimitUnit[] = ['generations', 'tokens', 'cost'];
export const USAGE_LIMIT_SCOPES: readonly UsageLimitScope[] = ['user', 'organization'];
export const USAGE_LIMIT_PERIODS: readonly UsagePeriodKind[] = ['day', 'month'];

/** Share of the hard limit at which `usage_limit_approaching` is sent when no `soft` is given. */
export const DEFAULT_SOFT_LIMIT_PERCENT = 80;

/** One limit of a plan, as written in the configuration. */
export interface UsageLimitRuleInput {
  /** Whose usage it counts. */
  scope: UsageLimitScope;
  /** What it counts. */
  unit: UsageLimitUnit;
  /** The UTC day or the UTC calendar month. */
  period: UsagePeriodKind;
  /** Refused above this: a positive decimal string, whole for `generations` and `tokens` (`'20'`, `'5.00'`). */
  hard: string;
  /**
   * A notice (`usage_limit_approaching`) once usage reaches this; at most `hard`.
   * @default 80% of `hard`
   */
  soft?: string;
}

/** The configuration: every plan of the taxonomy's `plan_type` enum, with its limits (`[]` for none). */
export type UsageLimitsInput = Readonly<Record<string, readonly UsageLimitRuleInput[]>>;

/** One validated limit. */
export interface UsageLimitRule {
  readonly scope: UsageLimitScope;
  readonly unit: UsageLimitUnit;
  readonly period: UsagePeriodKind;
  /** The hard limit, normalised (`'5'` for `'5.00'`). */
  readonly hard: string;
  /** The soft limit, normalised. */
  readonly soft: string;
  /** The limit's policy name in `RateLimit-Policy`: `<scope>-<unit>-<period>`, e.g. `user-generations-day`. */
  readonly policy: string;
}

/** A validated configuration, from `defineUsageLimits`. */
export interface UsageLimits {
  /** The plan enum it was checked against. */
  readonly plans: readonly string[];
  /** The limits of each plan. */
  readonly byPlan: Readonly<Record<string, readonly UsageLimitRule[]>>;
}

/** The estimated or actual amounts of one call in the units that are not counted per call. */
export interface UsageAmounts {
  /** Tokens (input + output), a whole decimal string such as `'1200'`. */
  tokens?: string;
  /** USD cost, a decimal string such as `'0.0042'`. */
  cost?: string;
}

/** What `admit` needs to know about one call. */
export interface UsageAdmitInput {
  /** The account's plan: one of the taxonomy's `plan_type` values. */
  plan: string;
  /** The user's internal id (never an email). */
  userId: string;
  /** The user's organization, when the plan has organization limits. */
  organizationId?: string;
  /**
   * Identifies the call (its request id): a retried admit with the same key holds nothing twice.
   */
  idempotencyKey: string;
  /**
   * What the call is expected to use, required for each of the plan's `tokens` and `cost` limits;
   * `generations` always count 1. Held before the call and settled at the actual after it.
   */
  estimate?: UsageAmounts;
}

/** A notice to send as `usage_limit_approaching` or `usage_limit_reached`: no ids, enum values only. */
export interface UsageLimitNotice {
  /** `approaching` at the soft limit, `reached` at the hard limit. */
  kind: 'approaching' | 'reached';
  plan: string;
  scope: UsageLimitScope;
  unit: UsageLimitUnit;
  period: UsagePeriodKind;
  /** `'2026-12-03'` or `'2026-12'`. */
  periodKey: string;
}

/** One limit's hold inside an admission. */
export interface UsageLimitHold {
  readonly rule: UsageLimitRule;
  readonly periodKey: string;
  readonly hold: CreditHold;
}

/** An admitted call: its holds, to settle with `commit` or `release`. */
export interface UsageAdmission {
  readonly idempotencyKey: string;
  readonly plan: string;
  readonly holds: readonly UsageLimitHold[];
  /** Notices this admit decided to send (each is sent once per account and period). */
  readonly notices: readonly UsageLimitNotice[];
}

/** What refused a call, safe to show to the caller: no account id, only the limit and its period. */
export interface UsageLimitRefusal {
  plan: string;
  scope: UsageLimitScope;
  unit: UsageLimitUnit;
  period: UsagePeriodKind;
  periodKey: string;
  /** The limit's policy name, e.g. `organization-cost-month`. */
  policy: string;
  /** The hard limit. */
  limit: string;
  /** What is left of the allowance (held calls count as used). */
  remaining: string;
  /** When the period ends and the allowance starts again. */
  resetsAt: Date;
  /** Whole seconds until `resetsAt` when refused, at least 1. */
  retryAfterSeconds: number;
  /** The period's length in seconds. */
  windowSeconds: number;
}

/** What settling a call did. */
export interface UsageSettlement {
  /** Notices this settlement decided to send. */
  notices: UsageLimitNotice[];
  /**
   * Usage the allowance could not absorb because the actual exceeded the estimate and the period
   * had nothing left: counted nowhere, reported here (decimal strings per policy).
   */
  overshoot: { policy: string; amount: string }[];
}

/**
 * Fair-use limits enforced before an AI call: `admit` holds the call's estimate against every
 * limit of the plan (user and organization) or throws a `UsageLimitError` with code
 * `limit_exceeded`; `commit` settles at the actual usage after the call; `release` returns the
 * holds when the call failed.
 */
export interface UsageLimiter {
  admit(input: UsageAdmitInput): Promise<UsageAdmission>;
  commit(admission: UsageAdmission, actual?: UsageAmounts): Promise<UsageSettlement>;
  release(admission: UsageAdmission, reason: string): Promise<void>;
}
