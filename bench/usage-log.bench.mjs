// Usage-log bench: inserts/s on PGlite and PostgreSQL (single and batched), against a raw INSERT
// into a plain table with the same columns (no unique key, no ON CONFLICT, no trigger, no index)
// measured in the same run; then the unit-economics queries over 1M generated rows, against a
// plain `SELECT count(*)` over the same range. Postgres: TAXON_BENCH_DATABASE_URL, or a throwaway
// cluster started like the test setup (with durable settings: fsync and synchronous_commit on).
// Imports the built package: run `pnpm --filter @taxon/store build` first (`pnpm bench` does).
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  activeUsers,
  costBy,
  costConcentration,
  costPerDay,
  createPgliteDriver,
  createPostgresDriver,
  failureRate,
  failureRateBy,
  latencyPercentiles,
  openUsageLog,
  repriceCost,
  topCostUsers,
  unitEconomics,
} from '../packages/store/dist/index.js';
import { measure, ms, ratio, table } from './lib.mjs';

const ROWS = Number(process.env.TAXON_BENCH_ROWS ?? 1_000_000);
const SINGLE = 2_000;
const BATCH_ROWS = 20_000;
const BATCH_SIZE = 1_000;
const NOW = new Date('2026-04-01T00:00:00Z');

const tmp = mkdtempSync(join(tmpdir(), 'taxon-bench-'));

/** The test setup's cluster helper is TypeScript: bundle it for plain Node. */
async function loadClusterHelper() {
  const out = join(tmp, 'postgres-cluster.mjs');
  await build({
    entryPoints: [new URL('../packages/store/test/lib/postgres-cluster.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

let sequence = 0;
function record(overrides = {}) {
  sequence += 1;
  return {
    requestId: `bench-${sequence}`,
    userId: `user-${sequence % 1000}`,
    featureName: 'chat',
    modelName: 'gpt-4.1',
    inputTokens: 1200,
    cachedInputTokens: 200,
    cacheWriteInputTokens: 0,
    outputTokens: 400,
    totalTokens: 1600,
    estimatedCost: '0.0054',
    requestDurationMs: 850,
    success: true,
    errorType: null,
    planType: 'pro',
    release: 'web@1.0.0',
    clientId: '123.456',
    createdAt: new Date(NOW.getTime() - (sequence % 86_400) * 1000),
    ...overrides,
  };
}

const PLAIN_TABLE = `CREATE TABLE IF NOT EXISTS bench_plain (request_id text, user_id text, feature_name text,
  model_name text, input_tokens integer, cached_input_tokens integer, cache_write_input_tokens integer, output_tokens integer, total_tokens integer,
  estimated_cost numeric, request_duration_ms integer, success boolean, error_type text, plan_type text,
  release text, client_id text, created_at timestamptz)`;
const COLUMNS = 'request_id, user_id, feature_name, model_name, input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens, total_tokens, estimated_cost, request_duration_ms, success, error_type, plan_type, release, client_id, created_at';
const TYPES = ['text', 'text', 'text', 'text', 'integer', 'integer', 'integer', 'integer', 'integer', 'numeric', 'integer', 'boolean', 'text', 'text', 'text', 'text', 'timestamptz'];
const values = (r) => [r.requestId, r.userId, r.featureName, r.modelName, r.inputTokens, r.cachedInputTokens, r.cacheWriteInputTokens, r.outputTokens, r.totalTokens, r.estimatedCost, r.requestDurationMs, r.success, r.errorType, r.planType, r.release, r.clientId, r.createdAt.toISOString()];
const RAW_ONE = `INSERT INTO bench_plain (${COLUMNS}) VALUES (${TYPES.map((_, i) => `$${i + 1}`).join(', ')})`;
const RAW_MANY = `INSERT INTO bench_plain (${COLUMNS}) SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const perSecond = (n, msTaken) => `${Math.round((n / msTaken) * 1000).toLocaleString('en-US')}/s`;

/**
 * Runs `a` and `b` over the same number of rows in alternating rounds (a,b then b,a ...) and sums
 * each one's time, so drift in a shared machine's load hits both alike.
 */
async function alternate(rounds, a, b) {
  let ta = 0;
  let tb = 0;
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      ta += await timed(() => a(round));
      tb += await timed(() => b(round));
    } else {
      tb += await timed(() => b(round));
      ta += await timed(() => a(round));
    }
  }
  return [ta, tb];
}

async function insertBench(name, driver) {
  const log = await openUsageLog({ driver });
  await driver.exec(PLAIN_TABLE);
  const ROUNDS = 4;
  const chunk = SINGLE / ROUNDS;
  // Warm-up: connections, prepared plans, the table's first pages.
  for (let i = 0; i < 100; i++) {
    const r = record();
    await driver.query(RAW_ONE, values(r));
    await log.insert(r);
  }
  const rawRows = Array.from({ length: ROUNDS }, () => Array.from({ length: chunk }, () => record()));
  const logRows = Array.from({ length: ROUNDS }, () => Array.from({ length: chunk }, () => record()));
  const [rawSingle, logSingle] = await alternate(
    ROUNDS,
    async (round) => {
      for (const r of rawRows[round]) await driver.query(RAW_ONE, values(r));
    },
    async (round) => {
      for (const r of logRows[round]) await log.insert(r);
    },
  );
  // Retries of stored ids against fresh raw rows.
  const rawAgain = Array.from({ length: ROUNDS }, () => Array.from({ length: chunk }, () => record()));
  const [rawSingle2, retrySingle] = await alternate(
    ROUNDS,
    async (round) => {
      for (const r of rawAgain[round]) await driver.query(RAW_ONE, values(r));
    },
    async (round) => {
      for (const r of logRows[round]) await log.insert(r);
    },
  );
  const perRound = BATCH_ROWS / ROUNDS / BATCH_SIZE;
  const batches = () =>
    Array.from({ length: ROUNDS }, () => Array.from({ length: perRound }, () => Array.from({ length: BATCH_SIZE }, () => record())));
  const rawBatches = batches();
  const logBatches = batches();
  const [rawBatch, logBatch] = await alternate(
    ROUNDS,
    async (round) => {
      for (const batch of rawBatches[round]) {
        const rows = batch.map(values);
        await driver.query(RAW_MANY, TYPES.map((_, i) => rows.map((row) => row[i])));
      }
    },
    async (round) => {
      for (const batch of logBatches[round]) await log.insertMany(batch);
    },
  );
  await driver.exec('DROP TABLE bench_plain');
  return [
    [`${name}: raw INSERT, one row a statement (baseline)`, perSecond(SINGLE, rawSingle), '1.0x'],
    [`${name}: log.insert, one row a statement`, perSecond(SINGLE, logSingle), ratio(logSingle, rawSingle)],
    [`${name}: log.insert of a stored request id (retry)`, perSecond(SINGLE, retrySingle), ratio(retrySingle, rawSingle2)],
    [`${name}: raw INSERT, ${BATCH_SIZE} rows a statement (baseline)`, perSecond(BATCH_ROWS, rawBatch), '1.0x'],
    [`${name}: log.insertMany, ${BATCH_SIZE} rows a call`, perSecond(BATCH_ROWS, logBatch), ratio(logBatch, rawBatch)],
  ];
}

// Rows spread over the 30 days before NOW, 10,000 users, 5 models, 4 features, 5% failures.
const GENERATE = `INSERT INTO ai_usage_logs (${COLUMNS})
  SELECT 'gen-' || i, 'user-' || u, (ARRAY['chat','summarize','rewrite','translate'])[1 + i % 4],
    (ARRAY['gpt-4.1','gpt-4.1-mini','gpt-4o-mini','claude-sonnet-4-5','claude-haiku-4-5'])[1 + i % 5],
    t.input, t.cached, 0, t.output, t.input + t.output,
    ((t.input - t.cached) * 0.002 + t.cached * 0.0005 + t.output * 0.008) / 1000,
    50 + (i * 37) % 3000, i % 20 <> 0, CASE WHEN i % 20 = 0 THEN 'ai_timeout' END,
    (ARRAY['free','free','free','pro','enterprise'])[1 + u % 5], 'web@1.0.0', NULL,
    $1::timestamptz - ((i::bigint * 2591) % 2592000) * interval '1 second'
  FROM generate_series(1, $2::int) AS i,
    LATERAL (SELECT ((i::bigint * 7919) % 10000)::int AS u, 200 + (i * 13) % 4000 AS input,
      ((i * 13) % 4000) / 4 AS cached, 50 + (i * 17) % 1500 AS output) AS t`;

const newPrices = {
  perTokens: 1000,
  models: {
    'gpt-4.1': { history: [{ effective: '2025-04-14', input: '0.002', cachedInput: '0.0005', output: '0.008' }, { effective: '2026-03-15', input: '0.001', cachedInput: '0.00025', output: '0.004' }] },
    'claude-sonnet-4-5': { history: [{ effective: '2025-09-29', input: '0.003', cachedInput: '0.0003', output: '0.015' }] },
  },
};

const QUERIES = [
  ['costPerDay', (db) => costPerDay(db, '30d', { now: NOW })],
  ['costPerDay 24h', (db) => costPerDay(db, '24h', { now: NOW })],
  ['costBy user', (db) => costBy(db, 'user', '30d', { now: NOW })],
  ['costBy model', (db) => costBy(db, 'model', '30d', { now: NOW })],
  ['costBy model, one user', (db) => costBy(db, 'model', '30d', { now: NOW, where: { userId: 'user-42' } })],
  ['failureRate', (db) => failureRate(db, '30d', { now: NOW })],
  ['failureRateBy feature', (db) => failureRateBy(db, 'feature', '30d', { now: NOW })],
  ['failureRate, one feature 24h', (db) => failureRate(db, '24h', { now: NOW, where: { featureName: 'chat' } })],
  ['latencyPercentiles model', (db) => latencyPercentiles(db, 'model', '30d', { now: NOW })],
  ['latencyPercentiles, one model 24h', (db) => latencyPercentiles(db, 'model', '24h', { now: NOW, where: { modelName: 'gpt-4.1' } })],
  ['activeUsers 7d', (db) => activeUsers(db, '7d', { now: NOW })],
  ['activeUsers 30d', (db) => activeUsers(db, '30d', { now: NOW })],
  ['unitEconomics', (db) => unitEconomics(db, '30d', { now: NOW })],
  ['topCostUsers', (db) => topCostUsers(db, '30d', { now: NOW })],
  ['costConcentration top 1%', (db) => costConcentration(db, '30d', { now: NOW })],
  ['repriceCost', (db) => repriceCost(db, newPrices, '30d', { now: NOW })],
];

/** Index names in a query's plan (EXPLAIN of the SQL a query function sends). */
async function indexesUsed(driver, run) {
  let captured;
  const capture = { query: async (sql, params) => ((captured = { sql, params }), { rows: [], rowCount: 0 }), exec: async () => {} };
  await run(capture).catch(() => {});
  const { rows } = await driver.query(`EXPLAIN (FORMAT JSON) ${captured.sql}`, captured.params);
  const plan = rows[0]['QUERY PLAN'];
  const names = new Set();
  const walk = (node) => {
    if (node['Index Name']) names.add(node['Index Name'].replace('ai_usage_logs_', ''));
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'ai_usage_logs') names.add('seq scan');
    for (const child of node.Plans ?? []) walk(child);
  };
  walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan);
  return [...names].join(', ') || '-';
}

async function queryBench(name, driver) {
  const log = await openUsageLog({ driver });
  const generate = await timed(() => driver.query(GENERATE, [NOW.toISOString(), ROWS]));
  await driver.exec('ANALYZE ai_usage_logs');
  const baseline = await measure(
    () => driver.query('SELECT count(*) FROM ai_usage_logs WHERE created_at >= $1 AND created_at < $2', [
      new Date(NOW.getTime() - 30 * 86_400_000).toISOString(),
      NOW.toISOString(),
    ]),
    { runs: 3, warmup: 1 },
  );
  const rows = [[`${name}: ${ROWS.toLocaleString('en-US')} rows`, 'median', `vs count(*)`, 'plan uses']];
  rows.push(['generate rows (generate_series, one INSERT)', ms(generate), '', '']);
  rows.push(['SELECT count(*) over the 30 days (baseline)', ms(baseline), '1.0x', await indexesUsed(driver, (db) => db.query('SELECT count(*) FROM ai_usage_logs WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz', [new Date(NOW.getTime() - 30 * 86_400_000).toISOString(), NOW.toISOString()]))]);
  for (const [label, run] of QUERIES) {
    const t = await measure(() => run(driver), { runs: 3, warmup: 1 });
    rows.push([label, ms(t), ratio(t, baseline), await indexesUsed(driver, run)]);
  }
  await log.close();
  return rows;
}

let cluster;
try {
  let url = process.env.TAXON_BENCH_DATABASE_URL;
  if (!url) {
    const { startPostgresCluster } = await loadClusterHelper();
    cluster = await startPostgresCluster({ fast: false });
    url = cluster.url;
    // An interrupted bench must not leave a server running.
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        cluster.stopSync();
        rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    }
  }
  const fresh = async () => {
    const d = await createPostgresDriver({ url });
    await d.exec('DROP TABLE IF EXISTS ai_usage_logs, taxon_migrations, bench_plain CASCADE; DROP FUNCTION IF EXISTS ai_usage_logs_reject_change()');
    return d;
  };

  const insertRows = [['inserts', 'rows/s', 'time vs raw INSERT']];
  let pglite = await createPgliteDriver({ dataDir: 'memory://' });
  insertRows.push(...(await insertBench('PGlite (memory)', pglite)));
  await pglite.close();
  pglite = await createPgliteDriver({ dataDir: join(tmp, 'pglite') });
  insertRows.push(...(await insertBench('PGlite (folder)', pglite)));
  await pglite.close();
  let server = await fresh();
  insertRows.push(...(await insertBench('PostgreSQL (durable)', server)));
  await server.close();
  table('usage log: inserts', insertRows);

  server = await fresh();
  table('usage log: unit-economics queries, PostgreSQL', await queryBench('PostgreSQL', server));
  await server.exec('DROP TABLE IF EXISTS ai_usage_logs, taxon_migrations CASCADE; DROP FUNCTION IF EXISTS ai_usage_logs_reject_change()');
  await server.close();

  pglite = await createPgliteDriver({ dataDir: 'memory://' });
  table('usage log: unit-economics queries, PGlite (memory)', await queryBench('PGlite', pglite));
  await pglite.close();
} finally {
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
