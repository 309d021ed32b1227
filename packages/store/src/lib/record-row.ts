import { isIdentifier, type UsageRecord } from '@taxon/core';

/** Columns of `ai_usage_logs` written by an insert, in parameter order, with their SQL array types. */
export const INSERT_COLUMNS = [
  ['request_id', 'text'],
  ['user_id', 'text'],
  ['feature_name', 'text'],
  ['model_name', 'text'],
  ['input_tokens', 'integer'],
  ['cached_input_tokens', 'integer'],
  ['cache_write_input_tokens', 'integer'],
  ['output_tokens', 'integer'],
  ['total_tokens', 'integer'],
  ['estimated_cost', 'numeric'],
  ['request_duration_ms', 'integer'],
  ['success', 'boolean'],
  ['error_type', 'text'],
  ['plan_type', 'text'],
  ['release', 'text'],
  ['client_id', 'text'],
  ['created_at', 'timestamptz'],
] as const;

const DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;
const COUNTS = [
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteInputTokens',
  'outputTokens',
  'totalTokens',
  'requestDurationMs',
] as const;
// Longest value of each text column, as the table's CHECK constraints allow.
const REQUIRED_TEXT = { requestId: 200, userId: 200, featureName: 100, modelName: 100 } as const;
const OPTIONAL_TEXT = { errorType: 100, planType: 100, release: 200, clientId: 200 } as const;

/** The record's problems, each naming the field and what was expected; empty when valid. */
export function recordProblems(record: UsageRecord): string[] {
  const problems: string[] = [];
  for (const [key, max] of Object.entries(REQUIRED_TEXT) as [keyof typeof REQUIRED_TEXT, number][]) {
    const value: unknown = record[key];
    if (typeof value !== 'string' || value === '' || value.length > max) {
      problems.push(`${key}: expected a string of 1 to ${max} characters`);
    }
  }
  // The table is insert-only: an email stored as a user id would stay forever. The same policy as
  // the Measurement Protocol client's user_id (core's isIdentifier); the value is never echoed.
  if (typeof record.userId === 'string' && record.userId !== '' && !isIdentifier(record.userId)) {
    problems.push(
      "userId: expected your internal user id (letters, digits and ._:-, e.g. 'u_123' or a UUID); " +
        'the value looks like personal data (an email, phone number, name or secret), which the ' +
        'insert-only usage log never stores',
    );
  }
  for (const [key, max] of Object.entries(OPTIONAL_TEXT) as [keyof typeof OPTIONAL_TEXT, number][]) {
    const value: unknown = record[key];
    if (value !== null && (typeof value !== 'string' || value === '' || value.length > max)) {
      problems.push(`${key}: expected null or a string of 1 to ${max} characters`);
    }
  }
  for (const key of COUNTS) {
    if (!Number.isSafeInteger(record[key]) || record[key] < 0 || record[key] > 2_147_483_647) {
      problems.push(`${key}: expected a non-negative integer, got ${String(record[key])}`);
    }
  }
  if (record.cachedInputTokens > record.inputTokens) {
    problems.push('cachedInputTokens: expected at most inputTokens (cached tokens are a subset of input tokens)');
  } else if (record.cachedInputTokens + record.cacheWriteInputTokens > record.inputTokens) {
    problems.push(
      'cacheWriteInputTokens: expected at most inputTokens - cachedInputTokens ' +
        '(cache reads and cache writes are disjoint subsets of input tokens)',
    );
  }
  const cost: unknown = record.estimatedCost;
  if (cost !== null && (typeof cost !== 'string' || !DECIMAL.test(cost))) {
    const got = JSON.stringify(cost) ?? String(cost);
    problems.push(
      `estimatedCost: expected a decimal string such as '0.000123', or null when unknown, got ${got}`,
    );
  }
  if (typeof record.success !== 'boolean') problems.push('success: expected a boolean');
  else if (record.success !== (record.errorType === null)) {
    problems.push('errorType: expected null when success is true and an error_type value when it is false');
  }
  if (!(record.createdAt instanceof Date) || Number.isNaN(record.createdAt.getTime())) {
    problems.push('createdAt: expected a valid Date');
  }
  return problems;
}

/** Throws one error listing every problem of the record, naming it by request id. */
export function assertValidRecord(record: UsageRecord): void {
  const problems = recordProblems(record);
  if (problems.length > 0) {
    throw new Error(`Invalid usage record ${JSON.stringify(record.requestId)}:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The record's values in {@link INSERT_COLUMNS} order. */
export function recordValues(r: UsageRecord): unknown[] {
  return [
    r.requestId,
    r.userId,
    r.featureName,
    r.modelName,
    r.inputTokens,
    r.cachedInputTokens,
    r.cacheWriteInputTokens,
    r.outputTokens,
    r.totalTokens,
    r.estimatedCost,
    r.requestDurationMs,
    r.success,
    r.errorType,
    r.planType,
    r.release,
    r.clientId,
    r.createdAt.toISOString(),
  ];
}
