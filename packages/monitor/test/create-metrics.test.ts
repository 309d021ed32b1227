import { describe, expect, it } from 'vitest';
import { Counter, register as globalRegistry } from 'prom-client';
import { taxonomy } from '../../../generated/taxon/index.js';
import { createMetrics, metricsHandler } from '@taxon/monitor';

const scrape = async (metrics: ReturnType<typeof createMetrics>) => metrics.registry.metrics();

describe('createMetrics', () => {
  it('registers every instrument on a private registry, never the global one', async () => {
    const before = (await globalRegistry.getMetricsAsJSON()).length;
    const metrics = createMetrics({ taxonomy });
    createMetrics({ taxonomy }); // a second registry in the same process does not clash
    metrics.add('generations', 2, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
    expect((await globalRegistry.getMetricsAsJSON()).length).toBe(before);
    const text = await scrape(metrics);
    expect(text).toContain('taxon_ai_generations_total{feature="rewrite",model="gpt-4.1",plan="pro",outcome="success"} 2');
    expect(text).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram');
  });

  it('keeps taxonomy enum and fixed values and records anything else as _OTHER; a label left out stays absent', async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.add('generations', 1, { feature: 'user@example.com', model: 'gpt-4.1', plan: 'pro', outcome: 'maybe' });
    metrics.add('aiErrors', 1, { feature: 'rewrite', model: 'gpt-4.1' });
    const text = await scrape(metrics);
    expect(text).toContain('taxon_ai_generations_total{feature="_OTHER",model="gpt-4.1",plan="pro",outcome="_OTHER"} 1');
    expect(text).toContain('taxon_ai_errors_total{feature="rewrite",model="gpt-4.1"} 1');
    expect(text).not.toContain('example.com');
    expect(text).toContain('taxon_metrics_replaced_label_values_total{metric="taxon_ai_generations_total",label="feature"} 1');
    expect(text).toContain('taxon_metrics_replaced_label_values_total{metric="taxon_ai_generations_total",label="outcome"} 1');
  });

  it('observes histograms with the table buckets', async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.observe('genAiOperationDuration', 0.3, { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4.1', gen_ai_response_model: 'gpt-4.1', feature: 'rewrite', error_type: 'ai_timeout' });
    const text = await scrape(metrics);
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_bucket\{le="0\.16",[^}]*\} 0/);
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_bucket\{le="0\.32",[^}]*error_type="ai_timeout"\} 1/);
    expect(text).toMatch(/gen_ai_client_operation_duration_seconds_sum\{[^}]*\} 0\.3/);
  });

  it('refuses negative, NaN, infinite and fractional-count samples and wrong-kind calls, counted and never thrown', async () => {
    const metrics = createMetrics({ taxonomy });
    const labels = { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' } as const;
    expect(() => {
      metrics.add('generations', -1, labels);
      metrics.add('generations', Number.NaN, labels);
      metrics.add('generations', Number.POSITIVE_INFINITY, labels);
      metrics.add('generations', 0.5, labels); // a count unit takes whole numbers
      metrics.observe('generations', 1, labels);
      metrics.set('generations', 1, labels);
      metrics.add('nope' as 'generations', 1, labels);
      metrics.add('generations', 1, null as unknown as typeof labels);
    }).not.toThrow();
    metrics.add('aiCost', 0.0125, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro' }); // USD may be fractional
    expect(metrics.droppedSamples()).toEqual({ invalid_value: 4, series_limit: 0, wrong_kind: 2, unknown_metric: 1, internal_error: 0 });
    const text = await scrape(metrics);
    expect(text).toContain('taxon_metrics_dropped_samples_total{metric="taxon_ai_generations_total",reason="invalid_value"} 4');
    expect(text).toContain('taxon_metrics_dropped_samples_total{metric="_OTHER",reason="unknown_metric"} 1');
    // No labels object: every label is left out, one unlabelled series.
    expect(text).toMatch(/^taxon_ai_generations_total 1$/m);
    expect(text).toContain('taxon_ai_cost_usd_total{feature="rewrite",model="gpt-4.1",plan="pro"} 0.0125');
  });

  it('caps series per metric and counts what it drops', async () => {
    const metrics = createMetrics({ taxonomy, maxSeriesPerMetric: 3 });
    const features = taxonomy.enums.feature;
    for (const feature of features) metrics.add('aiCost', 1, { feature, model: 'gpt-4.1', plan: 'pro' });
    metrics.add('aiCost', 1, { feature: features[0], model: 'gpt-4.1', plan: 'pro' }); // an existing series still counts
    expect(metrics.droppedSamples().series_limit).toBe(features.length - 3);
    const text = await scrape(metrics);
    expect(text.split('\n').filter((line) => line.startsWith('taxon_ai_cost_usd_total{'))).toHaveLength(3);
    expect(text).toContain(`taxon_ai_cost_usd_total{feature="${features[0]}",model="gpt-4.1",plan="pro"} 2`);
  });

  it('bounds declared labels: a declared list is closed, otherwise the first values up to the cap', async () => {
    const closed = createMetrics({ taxonomy, declared: { http_route: ['/api/generate'] } });
    const open = createMetrics({ taxonomy, maxDeclaredValues: 2 });
    for (const metrics of [closed, open]) {
      for (const route of ['/api/generate', '/api/checkout', '/api/users/42', 'has space']) {
        metrics.observe('httpRouteDuration', 0.01, { http_route: route, http_request_method: 'GET', status_class: '2xx' });
      }
    }
    const routes = async (metrics: ReturnType<typeof createMetrics>) =>
      [...(await scrape(metrics)).matchAll(/taxon_http_route_duration_seconds_count\{http_route="([^"]+)"[^}]*\} (\d+)/g)].map((m) => [m[1], Number(m[2])]);
    expect(await routes(closed)).toEqual([['/api/generate', 1], ['_OTHER', 3]]);
    expect(await routes(open)).toEqual([['/api/generate', 1], ['/api/checkout', 1], ['_OTHER', 2]]);
  });

  it('explains bad options', () => {
    expect(() => createMetrics({ taxonomy, maxSeriesPerMetric: 0 })).toThrow('createMetrics: maxSeriesPerMetric must be a positive integer (got 0)');
    expect(() => createMetrics({} as never)).toThrow('createMetrics: taxonomy is required');
  });
});

describe('metricsHandler', () => {
  it('serves the exposition with the Prometheus content type', async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.set('mpQueueSize', 7, {});
    const response = await metricsHandler(metrics)(new Request('http://localhost/api/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toContain('taxon_mp_queue_size 7');
  });

  it("writes the same exposition as prom-client's registry.metrics(), escaping included", async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.add('generations', 2, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
    metrics.observe('genAiTokenUsage', 1500, { gen_ai_operation_name: 'chat', gen_ai_token_type: 'output' });
    metrics.set('mpQueueSize', 3, {});
    // An app's own collector on the same registry may carry anything; it is escaped like prom-client does.
    const custom = new Counter({ name: 'app_custom_total', help: 'back\\slash\nnewline', labelNames: ['v'], registers: [metrics.registry] });
    custom.inc({ v: 'quote" back\\slash \nline' }, 1.5);
    const ours = await (await metricsHandler(metrics)(new Request('http://localhost/api/metrics'))).text();
    const lines = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(lines(ours)).toEqual(lines(await metrics.registry.metrics()));
    expect(ours).toContain('app_custom_total{v="quote\\" back\\\\slash \\nline"} 1.5');
  });

  it('requires the bearer token when one is set', async () => {
    const handler = metricsHandler(createMetrics({ taxonomy }), { token: 's3cret' });
    const denied = await handler(new Request('http://localhost/api/metrics', { headers: { authorization: 'Bearer wrong!' } }));
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Bearer');
    expect((await handler(new Request('http://localhost/api/metrics'))).status).toBe(401);
    const allowed = await handler(new Request('http://localhost/api/metrics', { headers: { authorization: 'Bearer s3cret' } }));
    expect(allowed.status).toBe(200);
    expect(() => metricsHandler(createMetrics({ taxonomy }), { token: '' })).toThrow('metricsHandler: token must be a non-empty string');
  });
});
