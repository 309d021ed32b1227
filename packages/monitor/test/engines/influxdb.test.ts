// pushToInflux against a real InfluxDB 1.x (Debian's influxd 1.6, see scripts/setup-system.sh):
// the line protocol is accepted, and InfluxQL sums return the recorded counts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxonomy } from '../../../../generated/taxon/index.js';
import { createMetrics, pushToInflux } from '@taxon/monitor';
import { freePort, pollUntil, startEngine, tempDir, type Engine } from './engine-process.js';

const INFLUXD = process.env.TAXON_INFLUXD ?? '/usr/bin/influxd';

describe('InfluxDB receives the line protocol', () => {
  const dir = tempDir('influxdb');
  let influx: Engine | undefined;
  let url = '';

  const influxQl = async (q: string, db?: string) => {
    const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
    const response = await fetch(`${url}/query`, { method: 'POST', body: params });
    expect(response.ok).toBe(true);
    return (await response.json()) as { results: { series?: { name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }[]; error?: string }[] };
  };

  beforeAll(async () => {
    const [httpPort, rpcPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${httpPort}`;
    writeFileSync(
      join(dir.path, 'influxdb.conf'),
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${rpcPort}"`,
        '[meta]',
        `  dir = "${join(dir.path, 'meta')}"`,
        '[data]',
        `  dir = "${join(dir.path, 'data')}"`,
        `  wal-dir = "${join(dir.path, 'wal')}"`,
        '  query-log-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${httpPort}"`,
        '  log-enabled = false',
        '[monitor]',
        '  store-enabled = false',
        '[continuous_queries]',
        '  enabled = false',
      ].join('\n'),
    );
    influx = startEngine(INFLUXD, ['-config', join(dir.path, 'influxdb.conf')]);
    await pollUntil(`influxd ready on ${url}`, async () => ((await fetch(`${url}/ping`)).status === 204 ? true : undefined)).catch((error: Error) => {
      throw new Error(`${error.message}\n${influx?.output()}`);
    });
    await influxQl('CREATE DATABASE taxon');
  });

  afterAll(async () => {
    await influx?.stop();
    dir.remove();
  });

  it('writes counters, gauges and histograms that InfluxQL sums back', async () => {
    const metrics = createMetrics({ taxonomy });
    for (let i = 0; i < 5; i++) metrics.add('generations', 1, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
    for (let i = 0; i < 2; i++) metrics.add('generations', 1, { feature: 'rewrite', model: 'gpt-4.1-mini', plan: 'free', outcome: 'error' });
    metrics.add('generations', 4, { feature: 'translate', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
    metrics.add('aiCost', 0.5, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro' });
    metrics.add('aiCost', 0.25, { feature: 'translate', model: 'gpt-4.1', plan: 'pro' });
    const route = { http_route: '/api/generate', http_request_method: 'POST', status_class: '2xx' };
    for (const seconds of [0.02, 0.2, 3]) metrics.observe('httpRouteDuration', seconds, route);
    // A label value with the characters line protocol must escape never reaches InfluxDB as such.
    metrics.add('mpEvents', 1, { outcome: 'sent, with=space "quoted"' });

    const result = await pushToInflux({ metrics, url, database: 'taxon', timestampNs: 1_700_000_000_000_000_000n });
    expect(result).toEqual({ ok: true, lines: expect.any(Number) });

    const generations = await influxQl('SELECT sum("counter") FROM "taxon_ai_generations_total" GROUP BY "feature"', 'taxon');
    const byFeature = Object.fromEntries(generations.results[0]!.series!.map((s) => [s.tags!.feature, s.values[0]![1]]));
    expect(byFeature).toEqual({ rewrite: 7, translate: 4 });

    const cost = await influxQl('SELECT sum("counter") FROM "taxon_ai_cost_usd_total"', 'taxon');
    expect(cost.results[0]!.series![0]!.values[0]![1]).toBe(0.75);

    const histogram = await influxQl('SELECT "count", "sum", "0.25", "+Inf" FROM "taxon_http_route_duration_seconds" WHERE "http_route" = \'/api/generate\'', 'taxon');
    expect(histogram.results[0]!.series![0]!.values[0]!.slice(1)).toEqual([3, 3.22, 2, 3]);

    const other = await influxQl('SELECT sum("counter") FROM "taxon_mp_events_total" GROUP BY "outcome"', 'taxon');
    expect(other.results[0]!.series!.map((s) => s.tags!.outcome)).toEqual(['_OTHER']);
  });

  it('reports an InfluxDB refusal instead of throwing', async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.add('mpEvents', 1, { outcome: 'sent' });
    const result = await pushToInflux({ metrics, url, database: 'no_such_database' });
    // Two lines: the event counter and the label-less queue gauge, which prom-client always reports.
    expect(result).toMatchObject({ ok: false, reason: 'http_error', status: 404, lines: 2 });
    expect(result.ok ? '' : result.detail).toContain('database not found');
    const unreachable = await pushToInflux({ metrics, url: `http://127.0.0.1:${await freePort()}`, database: 'taxon' });
    expect(unreachable).toMatchObject({ ok: false, reason: 'network_error' });
    await expect(pushToInflux({ metrics, url, database: '' })).rejects.toThrow('pushToInflux: database is required');
  });
});
