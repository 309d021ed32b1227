// Collector bench (embedded PGlite): events/s ingested over HTTP (`POST /mp/collect`, 25 events a
// request, validated against GA4's rules, the taxonomy and the PII scan), against a raw INSERT
// loop of the same rows into a plain table in the same process (no HTTP, no validation, no
// index); validation alone (`checkRequest`) against `JSON.parse` of the same body; and the SQL
// funnel report over generated walks against a plain `SELECT count(*)` over the same table.
// Imports the built packages: run `pnpm --filter @taxon/collector build` first (`pnpm bench` does).
import { compileTaxonomy, loadTaxonomySources } from '../packages/taxonomy/dist/index.js';
import { createPgliteDriver, migrate } from '../packages/store/dist/index.js';
import {
  checkRequest,
  COLLECTOR_MIGRATION_SCOPE,
  COLLECTOR_MIGRATIONS,
  funnelReport,
  startCollector,
} from '../packages/collector/dist/index.js';
import { measure, ms, ratio, table } from './lib.mjs';

const REQUESTS = Number(process.env.TAXON_BENCH_COLLECTOR_REQUESTS ?? 80);
const WALKS = Number(process.env.TAXON_BENCH_COLLECTOR_WALKS ?? 5_000);
const { taxonomy } = compileTaxonomy(await loadTaxonomySources(new URL('../taxonomy', import.meta.url).pathname));

const steps = [
  ['paywall_viewed', { paywall_reason: 'free_limit_reached', plan_type: 'free' }],
  ['upgrade_clicked', { source: 'paywall', plan_type: 'free', target_plan: 'pro' }],
  ['checkout_started', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR' }],
  ['checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5F6g7H8' }],
];
let client = 0;
function body() {
  client += 1;
  const events = Array.from({ length: 25 }, (_, i) => {
    const [name, params] = steps[i % steps.length];
    return { name, params: { ...params, session_id: '1763892000', engagement_time_msec: 100, page_location: 'https://quill.test/app' } };
  });
  return JSON.stringify({ client_id: `${client}.1763892000`, events });
}

// Ingest: HTTP + validation + one INSERT per request, against the INSERT alone.
const collector = await startCollector({ taxonomy });
const http = await measure(async () => {
  for (let i = 0; i < REQUESTS; i++) {
    const response = await fetch(`${collector.url}/mp/collect?measurement_id=G-BENCH`, { method: 'POST', body: body() });
    if (response.status !== 204) throw new Error(`collector answered ${response.status}`);
  }
}, { runs: 5, warmup: 1 });
const health = await (await fetch(`${collector.url}/health`)).json();
if (health.bad !== 0) throw new Error(`bench events were stored as bad: ${JSON.stringify(health)}`);
await collector.close();

const raw = await createPgliteDriver({ dataDir: 'memory://' });
await raw.exec(`CREATE TABLE plain_events (id bigserial, status text, name text, params jsonb, client_id text,
  user_id text, session_id text, user_properties jsonb, measurement_id text, event_time timestamptz, reasons jsonb)`);
const insert = await measure(async () => {
  for (let i = 0; i < REQUESTS; i++) {
    const events = JSON.parse(body()).events;
    await raw.query(
      'INSERT INTO plain_events (status, name, params, client_id, session_id, event_time, reasons) ' +
        "SELECT 'good', n, p::jsonb, c, '1763892000', now(), '[]' FROM unnest($1::text[], $2::text[], $3::text[]) AS x(n, p, c)",
      [events.map((e) => e.name), events.map((e) => JSON.stringify(e.params)), events.map(() => `${client}.1`)],
    );
  }
}, { runs: 5, warmup: 1 });
const events = REQUESTS * 25;
const perSecond = (t) => `${Math.round(events / (t / 1000)).toLocaleString('en-US')} events/s`;
table(`Ingest, ${REQUESTS} requests of 25 events (PGlite, in memory)`, [
  ['path', 'time', 'throughput', 'vs raw INSERT'],
  ['raw INSERT loop (baseline)', ms(insert), perSecond(insert), '1.0x'],
  ['POST /mp/collect (validate + store)', ms(http), perSecond(http), ratio(http, insert)],
]);

// Validation alone, per 25-event request.
const sample = body();
const parse = await measure(() => { for (let i = 0; i < 200; i++) JSON.parse(sample); }, { runs: 7 });
const check = await measure(() => { for (let i = 0; i < 200; i++) checkRequest(taxonomy, sample, sample.length, Date.now()); }, { runs: 7 });
table('Validation of one 25-event request (GA4 rules, taxonomy, PII scan)', [
  ['step', 'per request', 'vs JSON.parse'],
  ['JSON.parse (baseline)', `${((parse / 200) * 1000).toFixed(1)} µs`, '1.0x'],
  ['checkRequest', `${((check / 200) * 1000).toFixed(1)} µs`, ratio(check, parse)],
]);

// Funnels: WALKS clients walking monetization (each client reaches a random depth).
// The collector's own schema and indexes, applied by its migrations.
await migrate(raw, { scope: COLLECTOR_MIGRATION_SCOPE, migrations: COLLECTOR_MIGRATIONS });
const names = [];
const clients = [];
const times = [];
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
for (let c = 0; c < WALKS; c++) {
  const depth = 1 + Math.floor(random() * 4);
  for (let s = 0; s < depth; s++) {
    names.push(steps[s][0]);
    clients.push(`c${c}`);
    times.push(new Date(Date.UTC(2026, 10, 1) + c * 1000 + s * 60_000).toISOString());
  }
}
await raw.query(
  "INSERT INTO collector_events (status, name, client_id, event_time) SELECT 'good', n, c, t::timestamptz " +
    'FROM unnest($1::text[], $2::text[], $3::text[]) AS x(n, c, t)',
  [names, clients, times],
);
const monetization = { funnels: new Map([['monetization', taxonomy.funnels.get('monetization')]]) };
const count = await measure(() => raw.query('SELECT count(*) FROM collector_events'), { runs: 5 });
const report = await measure(() => funnelReport(raw, monetization), { runs: 5, warmup: 1 });
table(`Funnel report, ${WALKS} clients, ${names.length} events (PGlite)`, [
  ['query', 'time', 'vs count(*)'],
  ['SELECT count(*) (baseline)', ms(count), '1.0x'],
  ['monetization funnel (recursive CTE)', ms(report), ratio(report, count)],
]);
await raw.close();
