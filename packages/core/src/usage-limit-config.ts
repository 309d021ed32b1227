import {
  DEFAULT_SOFT_LIMIT_PERCENT,
  USAGE_LIMIT_PERIODS,
  USAGE_LIMIT_SCOPES,
  USAGE_LIMIT_UNITS,
  type UsageLimitRule,
  type UsageLimits,
  type UsageLimitsInput,
} from './usage-limit.js';
import { compareUsageAmounts, isUsageAmount, percentOfUsageAmount, subtractUsageAmounts } from './usage-limit-amount.js';
import { UsageLimitError } from './usage-limit-error.js';

const RULE_KEYS = ['scope', 'unit', 'period', 'hard', 'soft'];
const EXAMPLE = "{ free: [{ scope: 'user', unit: 'generations', period: 'day', hard: '20' }], pro: [] }";

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
// Normalised through subtraction from itself plus nothing: '5.00' -> '5'.
const normalise = (amount: string) => subtractUsageAmounts(amount, '0');

function checkAmount(where: string, value: unknown, whole: boolean, problems: string[]): string | undefined {
  const example = whole ? "'20'" : "'5.00'";
  if (!isUsageAmount(value) || compareUsageAmounts(value, '0') <= 0) {
    problems.push(`${where}: expected a positive decimal string such as ${example}, got ${show(value)}.`);
    return undefined;
  }
  if (whole && value.includes('.') && !/\.0+$/.test(value)) {
    problems.push(`${where}: expected a whole number for this unit such as ${example}, got ${show(value)}.`);
    return undefined;
  }
  return normalise(value);
}

function checkRule(where: string, input: unknown, problems: string[]): UsageLimitRule | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push(`${where}: expected a limit such as { scope: 'user', unit: 'generations', period: 'day', hard: '20' }, got ${show(input)}.`);
    return undefined;
  }
  const rule = input as Record<string, unknown>;
  const before = problems.length;
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.includes(key)) problems.push(`${where}: unknown key "${key}" (expected ${RULE_KEYS.join(', ')}).`);
  }
  const oneOf = (key: string, values: readonly string[]) => {
    if (!values.includes(rule[key] as string)) {
      problems.push(`${where}.${key}: expected one of ${values.join(', ')}, got ${show(rule[key])}.`);
    }
  };
  oneOf('scope', USAGE_LIMIT_SCOPES);
  oneOf('unit', USAGE_LIMIT_UNITS);
  oneOf('period', USAGE_LIMIT_PERIODS);
  const whole = rule.unit !== 'cost';
  const hard = checkAmount(`${where}.hard`, rule.hard, whole, problems);
  let soft = hard === undefined ? undefined : percentOfUsageAmount(hard, DEFAULT_SOFT_LIMIT_PERCENT);
  if (rule.soft !== undefined) {
    soft = checkAmount(`${where}.soft`, rule.soft, false, problems);
    if (soft !== undefined && hard !== undefined && compareUsageAmounts(soft, hard) > 0) {
      problems.push(`${where}.soft: expected at most the hard limit ${hard}, got ${show(rule.soft)}.`);
    }
  }
  if (problems.length > before || hard === undefined || soft === undefined) return undefined;
  const { scope, unit, period } = rule as unknown as UsageLimitRule;
  return { scope, unit, period, hard, soft, policy: `${scope}-${unit}-${period}` };
}

/**
 * Validates a limits configuration against the taxonomy's plan enum (`enumValues.plan_type` of
 * the generated code) and returns it normalised. Every plan must be listed (`[]` for no limits),
 * no other name may be, and a plan has at most one limit per scope, unit and period. All problems
 * are reported together in one `UsageLimitError` with code `invalid_config`.
 *
 * @example
 * const limits = defineUsageLimits(
 *   { free: [{ scope: 'user', unit: 'generations', period: 'day', hard: '20' }], pro: [], enterprise: [] },
 *   enumValues.plan_type,
 * );
 */
export function defineUsageLimits(input: UsageLimitsInput, plans: readonly string[]): UsageLimits {
  const problems: string[] = [];
  if (plans.length === 0) problems.push('plans: expected the plan_type enum values, got an empty list.');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageLimitError('invalid_config', `Invalid usage limits: expected an object such as ${EXAMPLE}, got ${show(input)}.`);
  }
  const byPlan: Record<string, UsageLimitRule[]> = {};
  for (const [plan, rules] of Object.entries(input)) {
    if (!plans.includes(plan)) {
      problems.push(`limits.${plan}: "${plan}" is not a plan_type value (expected one of ${plans.join(', ')}).`);
      continue;
    }
    if (!Array.isArray(rules)) {
      problems.push(`limits.${plan}: expected a list of limits ([] for none), got ${show(rules)}.`);
      continue;
    }
    const seen = new Map<string, number>();
    byPlan[plan] = [];
    (rules as unknown[]).forEach((raw, i) => {
      const rule = checkRule(`limits.${plan}[${i}]`, raw, problems);
      if (rule === undefined) return;
      const first = seen.get(rule.policy);
      if (first !== undefined) {
        problems.push(`limits.${plan}[${i}]: a second ${rule.policy} limit (the first is limits.${plan}[${first}]); keep one.`);
        return;
      }
      seen.set(rule.policy, i);
      byPlan[plan]!.push(rule);
    });
  }
  for (const plan of plans) {
    if (!(plan in input)) problems.push(`limits.${plan}: missing; list the plan's limits, or [] for none.`);
  }
  if (problems.length > 0) {
    throw new UsageLimitError(
      'invalid_config',
      `Invalid usage limits (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nA valid example: ${EXAMPLE}`,
    );
  }
  return Object.freeze({ plans: Object.freeze([...plans]), byPlan: Object.freeze(byPlan) });
}
