// The exposition read by the real Prometheus tools (Debian's prometheus 2.42, see
// scripts/setup-system.sh): promtool's linter, and a server that scrapes a node HTTP server
// serving metricsHandler and answers PromQL with the values recorded.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taxonomy } from '../../../../generated/taxon/index.js';
import { createMetrics, metricsHandler, type TaxonMetrics } from '@taxon/monitor';
import { pollUntil, startPrometheus, tempDir, type Engine } from './engine-process.js';

const run = promisify(execFile);
const PROMTOOL = process.env.TAXON_PROMTOOL ?? '/usr/bin/promtool';

function record(metrics: TaxonMetrics) {
  const gen = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4.1', gen_ai_response_model: 'gpt-4.1', feature: 'rewrite' } as const;
  for (let i = 0; i < 7; i++) metrics.add('generations', 1, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
  for (let i = 0; i < 3; i++) metrics.add('generations', 1, { feature: 'summarize', model: 'gpt-4.1-mini', plan: 'free', outcome: 'error' });
  metrics.add('aiCost', 0.125, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro' });
  for (let i = 0; i < 10; i++) metrics.observe('genAiOperationDuration', 0.3, gen);
  metrics.observe('genAiTokenUsage', 900, { ...gen, gen_ai_token_type: 'input' });
  metrics.observe('httpRouteDuration', 0.05, { http_route: '/api/generate', http_request_method: 'POST', status_class: '2xx' });
  metrics.set('mpQueueSize', 4, {});
  metrics.add('mpDrops', 1, { reason: 'queue_overflow' });
  metrics.add('generations', 1, { feature: 'bad "value"\n', model: 'x', plan: 'y', outcome: 'z' }); // becomes _OTHER
}

describe('Prometheus reads the exposition', () => {
  const metrics = createMetrics({ taxonomy });
  record(metrics);
  const dir = tempDir('prometheus');
  let target: Server;
  let prometheus: Engine | undefined;
  let api = '';

  beforeAll(async () => {
    const handler = metricsHandler(metrics, { token: 'scrape-token' });
    target = createServer((req, res) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value);
      void handler(new Request(`http://127.0.0.1${req.url}`, { headers })).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(await response.text());
      });
    });
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    const targetPort = (target.address() as { port: number }).port;
    writeFileSync(join(dir.path, 'token'), 'scrape-token');
    ({ engine: prometheus, api } = await startPrometheus(
      dir.path,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: taxon',
        '    metrics_path: /api/metrics',
        `    authorization: { credentials_file: ${join(dir.path, 'token')} }`,
        `    static_configs: [{ targets: ['127.0.0.1:${targetPort}'] }]`,
      ].join('\n'),
    ));
  });

  afterAll(async () => {
    await prometheus?.stop();
    target?.close();
    dir.remove();
  });

  it('passes promtool check metrics', async () => {
    const text = await metrics.registry.metrics();
    const child = execFile(PROMTOOL, ['check', 'metrics']);
    const done = new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      child.stdout!.on('data', (c) => (output += c));
      child.stderr!.on('data', (c) => (output += c));
      child.on('close', (code) => resolve({ code, output }));
    });
    child.stdin!.end(text);
    const { code, output } = await done;
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('scrapes the handler (with its bearer token) and answers PromQL with the recorded values', async () => {
    const query = async (promql: string) => {
      const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const json = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return json.data.result;
    };
    const byFeature = await pollUntil('the first scrape', async () => {
      const result = await query('sum by (feature, outcome) (taxon_ai_generations_total)');
      return result.length > 0 ? result : undefined;
    });
    const counts = Object.fromEntries(byFeature.map((r) => [`${r.metric.feature}/${r.metric.outcome}`, Number(r.value[1])]));
    expect(counts).toEqual({ 'rewrite/success': 7, 'summarize/error': 3, '_OTHER/_OTHER': 1 });
    expect(Number((await query('taxon_ai_cost_usd_total'))[0]!.value[1])).toBe(0.125);
    expect(Number((await query('taxon_mp_queue_size'))[0]!.value[1])).toBe(4);
    expect((await query('up{job="taxon"}'))[0]!.value[1]).toBe('1');
    // Ten observations of 0.3 s all fall in the (0.16, 0.32] bucket: the median interpolates inside it.
    const median = Number((await query('histogram_quantile(0.5, sum by (le) (gen_ai_client_operation_duration_seconds_bucket))'))[0]!.value[1]);
    expect(median).toBeGreaterThan(0.16);
    expect(median).toBeLessThanOrEqual(0.32);
  });
});
