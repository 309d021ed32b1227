// The `credits` option of createInstrumentation against the real credit ledger and usage log of
// @taxon/store, on one PGlite database: reserve before the call, commit the exact usage-log figure
// after it, release or commit failures by the policy.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

function setup(credits: Partial<CreditOptions> & Pick<CreditOptions, 'reserve' | 'unit'>, requireUsage?: boolean) {
  const issues: InstrumentationIssue[] = [];
  const instrumentation = createInstrumentation({
    prices: priceTable,
    sink: log,
    ...(requireUsage === undefined ? {} : { requireUsage }),
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
    expect((error as Error).message).not.toContain(accountId);
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

async function holdKeys(accountId: string): Promise<string[]> {
  const { rows } = await driver.query<{ key: string }>(
    "SELECT idempotency_key AS key FROM taxon_credit_entries WHERE account_id = $1 AND kind = 'reserve' ORDER BY id",
    [accountId],
  );
  return rows.map((row) => row.key);
}

/** Runs `instrumentGeneration` and says whether the provider was called and what was thrown. */
async function attempt(
  instrumentGeneration: ReturnType<typeof setup>['instrumentGeneration'],
  ctx: Parameters<ReturnType<typeof setup>['instrumentGeneration']>[0],
  result: () => Promise<unknown> = async () => completion(10, 10),
): Promise<{ called: boolean; error: unknown }> {
  let called = false;
  const error = await instrumentGeneration(ctx, async () => {
    called = true;
    return result();
  }).then(() => undefined, (e: unknown) => e);
  return { called, error };
}

describe('credits: retries, unknown usage, personal data, a slow ledger', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('a retry of a request id already charged is refused before the provider (already_settled)', async () => {
    const accountId = await account('10');
    const { instrumentGeneration, flush } = setup({ reserve: '1', unit: 'generations' });
    const ctx = context(accountId);
    expect(await attempt(instrumentGeneration, ctx)).toEqual({ called: true, error: undefined });
    await flush();
    const retry = await attempt(instrumentGeneration, ctx);
    await flush();
    expect(retry.called).toBe(false);
    expect(retry.error).toBeInstanceOf(CreditRefusedError);
    expect(retry.error).toMatchObject({ code: 'already_settled' });
    expect((retry.error as Error).message).toMatch(/new request id/);
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '1', available: '9', held: '0' });
  });

  it('a retry after a refund opens the next attempt’s hold (generation:<id>:2), and is charged once', async () => {
    const accountId = await account('10');
    const { instrumentGeneration, flush } = setup({ reserve: '1', unit: 'generations' });
    const ctx = context(accountId);
    const limited = await attempt(instrumentGeneration, ctx, async () => {
      throw new ProviderHttpError(429, new Headers(), { error: { type: 'rate_limit_error' } });
    });
    await flush();
    expect(limited.called).toBe(true);
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '0', available: '10' });
    expect(await attempt(instrumentGeneration, ctx)).toEqual({ called: true, error: undefined });
    await flush();
    expect(await holdKeys(accountId)).toEqual([`generation:${ctx.requestId}`, `generation:${ctx.requestId}:2`]);
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '1', available: '9', held: '0' });
    // And once that attempt is charged, the request id is done.
    expect(await attempt(instrumentGeneration, ctx)).toMatchObject({ called: false, error: { code: 'already_settled' } });
  });

  it('a context without a usable request id never shares a hold: refused before the provider', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const accountId = await account('10');
    const { instrumentGeneration } = setup({ reserve: '1', unit: 'generations' });
    for (const requestId of [undefined, '', 'jane@example.com']) {
      const ctx = { ...context(accountId), requestId } as unknown as ReturnType<typeof context>;
      const { called, error } = await attempt(instrumentGeneration, ctx);
      expect(called).toBe(false);
      expect(error).toBeInstanceOf(CreditRefusedError);
      expect(error).toMatchObject({ code: 'invalid_request_id' });
    }
    expect(await holdKeys(accountId)).toEqual([]);
  });

  it('a user id that looks like personal data is refused before the provider and never reaches the ledger', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { instrumentGeneration } = setup({ reserve: '1', unit: 'generations' });
    const email = 'jane@example.com';
    const { called, error } = await attempt(instrumentGeneration, context(email));
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(CreditRefusedError);
    expect(error).toMatchObject({ code: 'pii_blocked' });
    expect((error as Error).message).not.toContain(email);
    const { rows } = await driver.query("SELECT 1 FROM taxon_credit_entries WHERE account_id LIKE '%@%'");
    expect(rows).toEqual([]);
  });

  it.each([
    ['usd', '0.5', true],
    ['usd', '0.5', false],
    ['tokens', '5000', true],
    ['tokens', '5000', false],
  ] as const)('a call whose usage could not be read is charged its hold (%s, requireUsage %s)', async (unit, hold, requireUsage) => {
    const accountId = await account('10000');
    const { instrumentGeneration, flush } = setup({ reserve: hold, unit }, requireUsage);
    const { called } = await attempt(instrumentGeneration, context(accountId), async () => ({ object: 'chat.completion' }));
    await flush();
    expect(called).toBe(true);
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: hold, held: '0' });
  });

  it('a billed failure without readable usage is charged its hold', async () => {
    const accountId = await account('10000');
    const { instrumentGeneration, flush } = setup({ reserve: '700', unit: 'tokens' });
    await attempt(instrumentGeneration, context(accountId), async () => {
      throw new OutputValidationError('schema mismatch', { response: { object: 'chat.completion' } });
    });
    await flush();
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '700', held: '0' });
  });

  it('a ledger that never answers the reserve refuses the call (credits_unavailable) instead of hanging it', async () => {
    const accountId = await account('10');
    const never = new Promise<never>(() => {});
    const gate = { ...ledger, reserve: () => never };
    const { instrumentGeneration } = setup({ gate, reserve: '1', unit: 'generations', reserveTimeoutMs: 1 });
    const { called, error } = await attempt(instrumentGeneration, context(accountId));
    expect(called).toBe(false);
    expect(error).toBeInstanceOf(CreditRefusedError);
    expect(error).toMatchObject({ code: 'credits_unavailable' });
    // The call's own timeout bounds the reserve too.
    const bounded = createInstrumentation({ prices: priceTable, timeoutMs: 1, credits: { gate, accountId: (c) => c.userId, reserve: '1', unit: 'generations' } });
    expect(await attempt(bounded.instrumentGeneration, context(accountId))).toMatchObject({ called: false, error: { code: 'credits_unavailable' } });
  });

  it('a settle that fails once is retried, not reported and not lost', async () => {
    const accountId = await account('10');
    let failures = 1;
    const gate = {
      reserve: ledger.reserve.bind(ledger),
      release: ledger.release.bind(ledger),
      commit: (hold: Parameters<CreditLedger['commit']>[0], actual: string) => {
        if (failures-- > 0) return Promise.reject(new Error('connection reset'));
        return ledger.commit(hold, actual);
      },
    };
    const { instrumentGeneration, flush, issues } = setup({ gate, reserve: '1', unit: 'generations' });
    await attempt(instrumentGeneration, context(accountId));
    await flush();
    expect(issues).toEqual([]);
    expect(await ledger.balance({ accountId })).toMatchObject({ committed: '1', held: '0' });
  });
});
