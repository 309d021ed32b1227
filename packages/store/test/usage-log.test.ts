import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUsageLog, type UsageLog } from '../src/index.js';
import { backends, type TestDatabase } from './lib/postgres-backends.js';
import { usageRecord } from './lib/postgres-usage-records.js';

describe.each(backends)('usage log on $name', (backend) => {
  let db: TestDatabase;
  let log: UsageLog;

  beforeEach(async () => {
    db = await backend.open();
    log = await openUsageLog({ driver: db.driver });
  });
  afterEach(async () => {
    await log?.close();
    await db?.dispose();
  });

  const count = async (requestId?: string) => {
    const { rows } = await db.driver.query<{ n: number }>(
      requestId === undefined
        ? 'SELECT count(*) AS n FROM ai_usage_logs'
        : 'SELECT count(*) AS n FROM ai_usage_logs WHERE request_id = $1',
      requestId === undefined ? [] : [requestId],
    );
    return rows[0]!.n;
  };

  it('stores every field exactly, the cost as an exact NUMERIC', async () => {
    const record = usageRecord({
      requestId: 'exact-1',
      estimatedCost: '0.000000075123456789',
      cachedInputTokens: 250,
      cacheWriteInputTokens: 100,
      createdAt: new Date('2026-03-01T10:11:12.345Z'),
    });
    expect(await log.insert(record)).toBe(true);
    const { rows } = await db.driver.query<Record<string, unknown>>(
      `SELECT request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens,
         cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success, error_type, plan_type, release, client_id,
         created_at, pg_typeof(estimated_cost)::text AS cost_type
       FROM ai_usage_logs`,
    );
    expect(rows).toEqual([
      {
        request_id: 'exact-1',
        user_id: 'user-1',
        feature_name: 'chat',
        model_name: 'gpt-4.1',
        input_tokens: 1000,
        cached_input_tokens: 250,
        cache_write_input_tokens: 100,
        output_tokens: 500,
        total_tokens: 1500,
        estimated_cost: '0.000000075123456789',
        request_duration_ms: 100,
        success: true,
        error_type: null,
        plan_type: 'pro',
        release: 'web@1.2.3',
        client_id: '123456.7890',
        created_at: new Date('2026-03-01T10:11:12.345Z'),
        cost_type: 'numeric',
      },
    ]);
  });

  it('sums costs exactly where floats drift (ten times 0.1 is 1)', async () => {
    await log.insertMany(Array.from({ length: 10 }, () => usageRecord({ estimatedCost: '0.1' })));
    const { rows } = await db.driver.query<{ total: string }>('SELECT sum(estimated_cost)::text AS total FROM ai_usage_logs');
    expect(rows[0]!.total).toBe('1.0');
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b)).not.toBe(1);
  });

  it('treats a retried request id as a no-op: resolves false and keeps the first write', async () => {
    expect(await log.insert(usageRecord({ requestId: 'retry-1', estimatedCost: '0.5' }))).toBe(true);
    expect(await log.insert(usageRecord({ requestId: 'retry-1', estimatedCost: '0.9', outputTokens: 9 }))).toBe(false);
    expect(await count('retry-1')).toBe(1);
    const { rows } = await db.driver.query<{ cost: string }>("SELECT estimated_cost AS cost FROM ai_usage_logs WHERE request_id = 'retry-1'");
    expect(rows[0]!.cost).toBe('0.5');
  });

  it('leaves one row when two connections insert the same request id at once', async () => {
    const other = await openUsageLog({ driver: await db.openAnother(), migrate: false });
    for (let round = 0; round < 5; round++) {
      const requestId = `race-${round}`;
      const results = await Promise.all([
        log.insert(usageRecord({ requestId, estimatedCost: '0.1' })),
        other.insert(usageRecord({ requestId, estimatedCost: '0.2' })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await count(requestId)).toBe(1);
    }
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? log : other).insert(usageRecord({ requestId: 'race-many' }))),
    );
    expect(many.filter(Boolean)).toHaveLength(1);
    expect(await count('race-many')).toBe(1);
  });

  it('inserts a batch, skipping ids already stored and ids repeated within the batch', async () => {
    await log.insert(usageRecord({ requestId: 'batch-0' }));
    const records = ['batch-0', 'batch-1', 'batch-2', 'batch-2', 'batch-3'].map((requestId) => usageRecord({ requestId }));
    expect(await log.insertMany(records)).toBe(3);
    expect(await log.insertMany(records)).toBe(0);
    expect(await count()).toBe(4);
    expect(await log.insertMany([])).toBe(0);
  });

  it('inserts batches larger than one statement chunk', async () => {
    const records = Array.from({ length: 12_001 }, (_, i) => usageRecord({ requestId: `bulk-${i}`, estimatedCost: '0.001' }));
    expect(await log.insertMany(records)).toBe(12_001);
    const { rows } = await db.driver.query<{ total: string }>('SELECT trim_scale(sum(estimated_cost)) AS total FROM ai_usage_logs');
    expect(rows[0]!.total).toBe('12.001');
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself, whatever client sends them', async () => {
    await log.insert(usageRecord({ requestId: 'keep-1', estimatedCost: '0.25' }));
    await expect(db.driver.query("UPDATE ai_usage_logs SET estimated_cost = 0 WHERE request_id = 'keep-1'")).rejects.toThrow(
      /ai_usage_logs is insert-only: UPDATE is not allowed/,
    );
    await expect(db.driver.query("DELETE FROM ai_usage_logs WHERE request_id = 'keep-1'")).rejects.toThrow(
      /insert-only: DELETE is not allowed/,
    );
    // Statement-level: refused even when no row matches.
    await expect(db.driver.query('DELETE FROM ai_usage_logs WHERE false')).rejects.toThrow(/insert-only: DELETE/);
    await expect(db.driver.exec('TRUNCATE ai_usage_logs')).rejects.toThrow(/insert-only: TRUNCATE is not allowed/);
    await expect(
      db.driver.query(
        `INSERT INTO ai_usage_logs (request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens,
           cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success)
         VALUES ('keep-1', 'u', 'f', 'm', 1, 0, 0, 1, 2, 0, 1, true)
         ON CONFLICT (request_id) DO UPDATE SET estimated_cost = 0`,
      ),
    ).rejects.toThrow(/insert-only: UPDATE/);
    const { rows } = await db.driver.query<{ cost: string }>('SELECT estimated_cost AS cost FROM ai_usage_logs');
    expect(rows).toEqual([{ cost: '0.25' }]);
  });

  it('offers no update or delete in its API', () => {
    expect(Object.keys(log).sort()).toEqual(['close', 'driver', 'insert', 'insertMany']);
  });

  it('rejects an invalid record with every problem named, and stores nothing', async () => {
    const bad = usageRecord({
      requestId: 'bad-1',
      estimatedCost: '1e-3',
      inputTokens: -1,
      cachedInputTokens: 5,
      success: false,
      errorType: null,
      createdAt: new Date('nope'),
      release: 'x'.repeat(201),
      featureName: '',
    });
    const error = await log.insert(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('Invalid usage record "bad-1"');
    expect(message).toContain(
      "estimatedCost: expected a decimal string such as '0.000123', or null when unknown, got \"1e-3\"",
    );
    expect(message).toContain('inputTokens: expected a non-negative integer, got -1');
    expect(message).toContain('cachedInputTokens: expected at most inputTokens');
    expect(message).toContain('errorType: expected null when success is true and an error_type value when it is false');
    expect(message).toContain('createdAt: expected a valid Date');
    expect(message).toContain('release: expected null or a string of 1 to 200 characters');
    expect(message).toContain('featureName: expected a string of 1 to 100 characters');
    await expect(log.insertMany([usageRecord(), bad])).rejects.toThrow(/Invalid usage record "bad-1"/);
    expect(await count()).toBe(0);
  });

  it('refuses a user id that looks like personal data, without echoing it, and stores nothing', async () => {
    for (const userId of ['jane.doe@example.com', 'Jane Doe', '+44 7911 123456', 'sk_live_51HabcdefghijklmnopQRSTuv']) {
      const error = await log.insert(usageRecord({ requestId: 'pii-1', userId })).then(() => undefined, (e: unknown) => e as Error);
      expect(error?.message).toMatch(/userId: expected your internal user id .*never stores/);
      expect(error?.message).not.toContain(userId);
      await expect(log.insertMany([usageRecord({ requestId: 'pii-2', userId })])).rejects.toThrow(/userId: expected your internal user id/);
    }
    expect((await db.driver.query("SELECT count(*) AS n FROM ai_usage_logs WHERE request_id LIKE 'pii-%'")).rows).toEqual([{ n: 0 }]);
    for (const [i, userId] of ['u_123', '3f2b8c1e-4d5a-4b6c-9e8f-0a1b2c3d4e5f', '42', 'user_2aBcD3eFgH4iJ'].entries()) {
      expect(await log.insert(usageRecord({ requestId: `id-ok-${i}`, userId }))).toBe(true);
    }
  });

  it('stores an unknown cost as NULL, not 0', async () => {
    expect(await log.insert(usageRecord({ requestId: 'unknown-1', modelName: 'gpt-9', estimatedCost: null }))).toBe(true);
    expect(await log.insertMany([usageRecord({ requestId: 'unknown-2', estimatedCost: null }), usageRecord()])).toBe(2);
    const { rows } = await db.driver.query<{ request_id: string; estimated_cost: string | null }>(
      "SELECT request_id, estimated_cost FROM ai_usage_logs WHERE request_id LIKE 'unknown-%' ORDER BY request_id",
    );
    expect(rows).toEqual([
      { request_id: 'unknown-1', estimated_cost: null },
      { request_id: 'unknown-2', estimated_cost: null },
    ]);
  });

  it('rejects cache writes that do not fit beside the cache reads in the input', async () => {
    const tooMany = usageRecord({ requestId: 'writes-1', inputTokens: 100, cachedInputTokens: 60, cacheWriteInputTokens: 41 });
    await expect(log.insert(tooMany)).rejects.toThrow(
      /cacheWriteInputTokens: expected at most inputTokens - cachedInputTokens/,
    );
    const missing = { ...usageRecord({ requestId: 'writes-2' }), cacheWriteInputTokens: undefined as unknown as number };
    await expect(log.insert(missing)).rejects.toThrow(/cacheWriteInputTokens: expected a non-negative integer, got undefined/);
    const fits = usageRecord({ requestId: 'writes-3', inputTokens: 100, cachedInputTokens: 60, cacheWriteInputTokens: 40 });
    expect(await log.insert(fits)).toBe(true);
    expect(await count()).toBe(1);
  });

  it('backs the record checks with table constraints for rows written by other clients', async () => {
    const insert = (cached: number, success: boolean, errorType: string | null, cost: string | null, written = 0) =>
      db.driver.query(
        `INSERT INTO ai_usage_logs (request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens,
           cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success,
           error_type)
         VALUES ($1, 'u', 'f', 'm', 10, $2, $6, 1, 11, $3, 1, $4, $5)`,
        [`raw-${Math.random()}`, cached, cost, success, errorType, written],
      );
    await expect(insert(11, true, null, '0')).rejects.toThrow(/ai_usage_logs_cache_tokens_within_input/);
    // Cache reads and writes are disjoint: together they cannot exceed the input.
    await expect(insert(6, true, null, '0', 5)).rejects.toThrow(/ai_usage_logs_cache_tokens_within_input/);
    await expect(insert(0, true, null, '0', -1)).rejects.toThrow(/cache_write_input_tokens_check/);
    // Large counts whose sum overflows integer still fail the constraint, not the arithmetic.
    await expect(
      db.driver.query(
        `INSERT INTO ai_usage_logs (request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens,
           cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success)
         VALUES ('raw-big', 'u', 'f', 'm', 2147483647, 2147483647, 2147483647, 0, 0, 0, 1, true)`,
      ),
    ).rejects.toThrow(/ai_usage_logs_cache_tokens_within_input/);
    await expect(insert(0, false, null, '0')).rejects.toThrow(/ai_usage_logs_error_type_iff_failed/);
    await expect(insert(0, true, 'ai_timeout', '0')).rejects.toThrow(/ai_usage_logs_error_type_iff_failed/);
    await expect(insert(0, true, null, '-0.1')).rejects.toThrow(/estimated_cost_check/);
    await insert(10, false, 'ai_timeout', '0.001');
    await insert(5, true, null, null, 5);
    expect(await count()).toBe(2);
  });

  it('records a failed call with its error category', async () => {
    expect(await log.insert(usageRecord({ requestId: 'fail-1', success: false, errorType: 'ai_rate_limit', planType: null }))).toBe(true);
    const { rows } = await db.driver.query('SELECT success, error_type, plan_type FROM ai_usage_logs');
    expect(rows).toEqual([{ success: false, error_type: 'ai_rate_limit', plan_type: null }]);
  });

  it('has the indexes its queries rely on', async () => {
    const { rows } = await db.driver.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'ai_usage_logs' ORDER BY indexname",
    );
    const columns = rows.map((r) => /\((.*)\)$/.exec(r.indexdef)![1]);
    expect(columns).toEqual(expect.arrayContaining(['created_at', 'user_id, created_at', 'model_name, created_at', 'feature_name, created_at', 'request_id']));
  });

  it('does not close a driver it was given; re-opening applies no migration twice', async () => {
    await log?.close();
    log = await openUsageLog({ driver: db.driver });
    expect(await log.insert(usageRecord())).toBe(true);
    const { rows } = await db.driver.query("SELECT scope, version, name FROM taxon_migrations WHERE scope <> 'schema'");
    expect(rows).toEqual([{ scope: 'usage-log', version: 1, name: 'create_ai_usage_logs' }]);
  });
});
