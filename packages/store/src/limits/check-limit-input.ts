import {
  compareUsageAmounts,
  isIdentifier,
  isUsageAmount,
  UsageLimitError,
  type UsageAdmitInput,
  type UsageAmounts,
  type UsageLimitRule,
  type UsageLimits,
} from '@taxon/core';

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
// Ids become part of a ledger account id (at most 200 characters with its prefix and period).
const MAX_ID = 100;
const MAX_KEY = 200;

function invalid(problems: string[], where: string): never {
  throw new UsageLimitError('invalid_input', `${where}: ${problems.join(' ')}`);
}

/**
 * The amount of `rule`'s unit in `amounts` (`'1'` for generations), or a problem. Amounts are
 * positive decimal strings, whole for tokens; `allowZero` admits `'0'` (an actual usage).
 */
export function amountFor(rule: UsageLimitRule, amounts: UsageAmounts | undefined, name: string, allowZero: boolean, problems: string[]): string {
  if (rule.unit === 'generations') return '1';
  const value = amounts?.[rule.unit];
  const floor = allowZero ? 0 : 1;
  if (!isUsageAmount(value) || compareUsageAmounts(value, '0') < floor || (rule.unit === 'tokens' && value.includes('.'))) {
    const example = rule.unit === 'tokens' ? "'1200'" : "'0.0042'";
    problems.push(
      `${name}.${rule.unit}: expected a ${allowZero ? 'non-negative' : 'positive'} decimal string such as ${example} ` +
        `(the plan has a ${rule.policy} limit), got ${show(value)}.`,
    );
  }
  return value as string;
}

/** Checks an admit before anything is written: an unknown plan or a bad field changes nothing. */
export function checkAdmitInput(limits: UsageLimits, input: UsageAdmitInput): readonly UsageLimitRule[] {
  if (typeof input !== 'object' || input === null) {
    throw new UsageLimitError('invalid_input', `admit: expected { plan, userId, idempotencyKey, ... }, got ${show(input)}.`);
  }
  const rules = limits.byPlan[input.plan];
  if (typeof input.plan !== 'string' || rules === undefined) {
    throw new UsageLimitError(
      'unknown_plan',
      `admit: plan ${show(input.plan)} is not a plan_type value (expected one of ${limits.plans.join(', ')}).`,
    );
  }
  const problems: string[] = [];
  const id = (key: 'userId' | 'organizationId', value: unknown) => {
    if (typeof value !== 'string' || value.length > MAX_ID || !isIdentifier(value)) {
      problems.push(`${key}: expected an internal id (letters, digits and ._:-, at most ${MAX_ID}), not personal data.`);
    }
  };
  id('userId', input.userId);
  if (input.organizationId !== undefined) id('organizationId', input.organizationId);
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey === '' || input.idempotencyKey.length > MAX_KEY) {
    problems.push(`idempotencyKey: expected a non-empty string of at most ${MAX_KEY} characters (the request id), got ${show(input.idempotencyKey)}.`);
  }
  for (const rule of rules) amountFor(rule, input.estimate, 'estimate', false, problems);
  if (problems.length > 0) invalid(problems, 'admit');
  return rules;
}

/** Checks a commit's actual amounts for every held limit before anything is written. */
export function checkActual(rules: readonly UsageLimitRule[], actual: UsageAmounts | undefined): string[] {
  const problems: string[] = [];
  const amounts = rules.map((rule) => amountFor(rule, actual, 'actual', true, problems));
  if (problems.length > 0) invalid(problems, 'commit');
  return amounts;
}
