import { createMetrics } from '@taxon/monitor';
import { taxonomy } from '@/lib/taxonomy';
import { processSingleton } from './process-singleton';

/**
 * Quill's metrics registry, one per server process: the instrumentation records into it (it is a
 * `MetricsSink`), `/api/metrics` serves it to Prometheus and `/api/metrics/influx` to Telegraf.
 * Route labels are the demo's API routes, declared so nothing else can become a series.
 */
export const metrics = processSingleton('metrics', () =>
  createMetrics({
    taxonomy,
    declared: { http_route: ['/api/generate', '/api/checkout', '/api/stripe/webhook', '/api/sentry'] },
  }),
);

/**
 * Who may read the metrics: anyone when `TAXON_METRICS_TOKEN` is unset (local development, a
 * private network), else requests with `Authorization: Bearer <token>`. They carry no PII but do
 * carry cost figures, so a public deployment sets the token.
 */
export const metricsAccess = { token: process.env.TAXON_METRICS_TOKEN || undefined };
