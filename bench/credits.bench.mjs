// Credit-ledger bench: reserve + commit (what `credits` adds around one AI call) on PGlite and
// PostgreSQL, with 1 account (calls one after another) and 50 accounts (one caller each, all at
// once): throughput, and the latency added per AI call (p50, p99), against a plain usage-log
// insert measured in the same run (the write every instrumented call already makes).
// Postgres: TAXON_BENCH_DATABASE_URL, or a throwaway cluster with durable settings.
// Imports the built package: run `pnpm --filter @taxon/store build` first (`pnpm bench` does).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createPgliteDriver, createPostgresDriver, openCreditLedger, openUsageLog } from '../packages/store/dist/index.js';
import { ms, ratio, table } from './lib.mjs';

const SEQUENTIAL = Number(process.env.TAXON_BENCH_CREDIT_CALLS ?? 400);
const ACCOUNTS = 50;
const PER_ACCOUNT = Number(process.env.TAXON_BENCH_CREDIT_PER_ACCOUNT ?? 20);
const tmp = mkdtempSync(join(tmpdir(), 'taxon-bench-credits-'));

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

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

let sequence = 0;
function usageRecord() {
  sequence += 1;
  return {
    requestId: `bench-credit-${sequence}`,
    userId: `user-${sequence % 50}`,
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
    createdAt: new Date(),
  };
}

/** Runs `callers` loops of `each` timed operations at once; returns per-op latencies and ops/s. */
async function timed(callers, each, op) {
  const latencies = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < each; i++) {
        const t = performance.now();
        await op(caller, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: (callers * each) / seconds };
}

async function bench(name, driver) {
  const log = await openUsageLog({ driver });
  const ledger = await openCreditLedger({ driver });
  const run = `${name}-${Date.now()}`;
  for (let a = 0; a < ACCOUNTS; a++) {
    await ledger.grant({ accountId: `${run}-a${a}`, amount: '1000000', idempotencyKey: `${run}-g${a}` });
  }
  const callOnce = async (caller, i) => {
    const hold = await ledger.reserve({ accountId: `${run}-a${caller}`, amount: '0.05', idempotencyKey: `${run}-${caller}-${i}-${sequence++}` });
    await ledger.commit(hold, '0.0054');
  };
  // Warm-up: migrations done, statements planned, pool connections open.
  await timed(ACCOUNTS, 2, callOnce);
  await timed(10, 5, () => log.insert(usageRecord()));

  const baseline = await timed(1, SEQUENTIAL, () => log.insert(usageRecord()));
  const one = await timed(1, SEQUENTIAL, callOnce);
  const baselineParallel = await timed(ACCOUNTS, PER_ACCOUNT, () => log.insert(usageRecord()));
  const fifty = await timed(ACCOUNTS, PER_ACCOUNT, callOnce);
  await ledger.close();
  await log.close();
  const fmt = (r) => `${Math.round(r.perSecond).toLocaleString('en-US')}/s`;
  return [
    [`${name}: usage-log insert, 1 caller (baseline)`, fmt(baseline), ms(baseline.p50), ms(baseline.p99), '1.0x'],
    [`${name}: reserve + commit, 1 account`, fmt(one), ms(one.p50), ms(one.p99), ratio(one.p50, baseline.p50)],
    [`${name}: usage-log insert, 50 callers (baseline)`, fmt(baselineParallel), ms(baselineParallel.p50), ms(baselineParallel.p99), '1.0x'],
    [`${name}: reserve + commit, 50 accounts at once`, fmt(fifty), ms(fifty.p50), ms(fifty.p99), ratio(fifty.p50, baselineParallel.p50)],
  ];
}

let cluster;
try {
  let url = process.env.TAXON_BENCH_DATABASE_URL;
  if (!url) {
    const { startPostgresCluster } = await loadClusterHelper();
    cluster = await startPostgresCluster({ fast: false });
    url = cluster.url;
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        cluster.stopSync();
        rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    }
  }
  const rows = [['per AI call (reserve + commit vs one usage-log insert)', 'calls', 'p50', 'p99', 'p50 vs baseline']];
  const pglite = await createPgliteDriver({ dataDir: 'memory://' });
  rows.push(...(await bench('PGlite (memory)', pglite)));
  await pglite.close();
  const server = await createPostgresDriver({ url, maxConnections: 20 });
  rows.push(...(await bench('PostgreSQL (durable)', server)));
  await server.close();
  table('credit ledger: reserve + commit per AI call', rows);
} finally {
  await cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
}
