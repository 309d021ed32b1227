// The `credits` option of createInstrumentation against the real credit ledger and usage log of
// @taxon/store, on one PGlite database: reserve before the call, commit the exact usage-log figure
// after it, release or commit failures by the policy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aiErrorTypes,
  createInstrumentation,
  CreditRefusedError,
  OutputValidationError,
  ProviderHttpError,
  type CreditOptions,
  type InstrumentationIssue,
} from '@taxon/edge';
import { creditErrorTypes, defaultCreditPolicy } from '@taxon/core';
import { createPgliteDriver, openCreditLedger, openUsageLog, type CreditLedger, type SqlDriver, type UsageLog } from '@taxon/store';
import { freshPgliteDir, type PgliteDir } from '../../store/test/lib/pglite-template.js';
import { priceTable } from './fixtures/taxon/index.js';

let dir: PgliteDir;
let driver: SqlDriver;
let ledger: CreditLedger;
let log: UsageLog;
beforeAll(async () => {
  dir = freshPgliteDir();
  driver = await createPgliteDriver({ dataDir: dir.dataDir });
  log = await openUsageLog({ driver });
  ledger = await openCreditLedger({ driver });
});
afterAll(async () => {
  await driver.close();
  dir.remove();
});

let sequence = 0;
function context(userId: string) {
  sequence++;
  return { feature: 'rewrite', model: 'gpt-4.1' as const, userId, requestId: `req_credit_${sequence}`, planType: 'free' };
}

/** An OpenAI chat completion as the SDK returns it (only what the usage adapter reads). */
const completion = (input: number, output: number) => ({
  object: 'chat.completion',
  usage: { prompt_tokens: input, completion_tokens: output, prompt_tokens_details: { cached_tokens: 0 } },
});

async function account(amount: string): Promise<string> {
  const accountId = `acct_${++sequence}`;
  await ledger.grant({ accountId, amount, idempotencyKey: `grant:${accountId}` });
  return accountId;
}

function setup(credits: Partial<CreditOptions> & Pick<CreditOptions, 'reserve' | 'unit'>) {
  const issues: InstrumentationIssue[] = [];
  const instrumentation = createInstrumentation({
    prices: priceTable,
    sink: log,
    onError: (issue) => issues.push(issue),
    credits: { gate: ledger, accountId: (ctx) => ctx.userId, ...credits },
  });
  return { ...instrumentation, issues };
}

async function costOf(requestId: string): Promise<string> {
  const { rows } = await driver.query<{ cost: string }>('SELECT estimated_cost::text AS cost FROM ai_usage_logs WHERE request_id = $1', [requestId]);
  return rows[0]!.cost;
}

describe('instrumentGeneration with credits', () => {
  it('reserves before the call and commits the exact usage-log cost after it (usd)', async () => {
    const accountId = await account('1');
    const { instrumentGeneration, flush, issues } = setup({ reserve: '0.5', unit: 'usd' });
    const ctx = context(accountId);
    let heldDuringCall: unknown;
    await instrumentGeneration(ctx, async () => {
      heldDuringCall = await ledger.balance({ accountId });
      return completion(12_345, 678);
    });
    await flush();
    expect(heldDuringCall).toMatchObject({ held: '0.5', openHolds: 1, available: '0.5' });
    const cost = await costOf(ctx.requestId);
    expect(Number(cost)).toBeGreaterThan(0);
    const balance = await ledger.balance({ accountId });
    expect(balance).toMatchObject({ committed: cost, held: '0', openHolds: 0 });
    const { rows } = await driver.query<{ rest: string }>('SELECT trim_scale(1 - $1::numeric)::text AS rest', [cost]);
    expect(balance.available).toBe(rows[0]!.rest);
    expect(issues).toEqual([]);
  });

  it('a refused reserve throws CreditRefusedError before the provider is called, and records nothing', async () => {
    const accountId = await account('1');
    const { instrumentGeneration, flush } = setup({ reserve: '2', unit: 'usd' });
    const ctx = context(accountId);
    let called = false;
    const error = await instrumentGeneration(ctx, async () => {
      called = true;
      return completion(1, 1);
    }).catch((e: unknown) => e);
    await flush();
    expect(error).toBeInstanceOf(CreditRefusedError);
    expect(error).toMatchObject({ code: 'insufficient_credits', accountId, amount: '2' });
    expect((error as Error).message).toMatch(/The provider was not called/);
    expect(called).toBe(false);
    expect((await driver.query('SELECT 1 FROM ai_usage_logs WHERE request_id = $1', [ctx.requestId])).rows).toEqual([]);
    expect(await ledger.balance({ accountId })).toMatchObject({ available: '1', held: '0' });
    const unknown = await setup({ reserve: '1', unit: 'generations' })
      .instrumentGeneration(context('nobody'), async () => completion(1, 1))
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ name: 'CreditRefusedError', code: 'unknown_account' });
  });

  it('refunds a timeout, a rate limit and a provider error; charges a billed validation failure', async () => {
    const accountId = await account('10');
    const { instrumentGeneration, flush } = setup({ reserve: '100000', unit: 'tokens' });
    const fail = (error: unknown) => instrumentGeneration(context(accountId), async () => Promise.reject(error)).catch(() => undefined);
    await ledger.grant({ accountId, amount: '400000', idempotencyKey: `top-up:${accountId}` });
    await fail(new ProviderHttpError(429, new Headers(), { error: { type: 'rate_limit_error' } }));
    await fail(new ProviderHttpError(503, new Headers(), { error: { type: 'overloaded' } }));
    await fail(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    await flush();
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '0', held: '0', available: '400010' });
    const rejected = await instrumentGeneration(context(accountId), async () => {
      throw new OutputValidationError('schema mismatch', { response: completion(900, 100) });
    }).catch((e: unknown) => e);
    await flush();
    expect(rejected).toBeInstanceOf(OutputValidationError);
    // The provider billed 1000 tokens for the rejected answer: charged by the policy.
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '1000', held: '0', available: '399010' });
  });

  it('charges one generation per call, and caps a charge above the hold with a credit_failed issue', async () => {
    const accountId = await account('3');
    const perCall = setup({ reserve: '1', unit: 'generations' });
    await perCall.instrumentGeneration(context(accountId), async () => completion(5, 5));
    await perCall.flush();
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '1', available: '2' });
    const tokens = setup({ reserve: '2', unit: 'tokens' });
    const ctx = context(accountId);
    await tokens.instrumentGeneration(ctx, async () => completion(50, 50));
    await tokens.flush();
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '3', available: '0', held: '0' });
    expect(tokens.issues).toEqual([
      expect.objectContaining({ kind: 'credit_failed', requestId: ctx.requestId, message: expect.stringMatching(/used 100 tokens but reserved 2/) }),
    ]);
  });

  it('the default policy covers exactly the taxonomy’s error types', () => {
    expect([...creditErrorTypes]).toEqual([...aiErrorTypes]);
    expect(Object.keys(defaultCreditPolicy).sort()).toEqual([...aiErrorTypes].sort());
  });
});
