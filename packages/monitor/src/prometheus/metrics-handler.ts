// The Prometheus scrape endpoint as a fetch-style handler, so a Next.js route is one line:
// `export const GET = metricsHandler(metrics)`.

import type { TaxonMetrics } from '../metrics/create-metrics.js';
import { createAccessCheck, type MetricsAccessOptions } from '../http/bearer-token.js';
import { formatExposition } from './format-exposition.js';

/** The Prometheus text exposition format's content type (version 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const encoder = new TextEncoder();

/** Options of {@link metricsHandler}. */
export type MetricsHandlerOptions = MetricsAccessOptions;

/**
 * Serves the registry in the Prometheus text exposition format (version 0.0.4).
 * Open by default; pass `token` to require `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * // app/api/metrics/route.ts
 * export const GET = metricsHandler(metrics, { token: process.env.TAXON_METRICS_TOKEN || undefined });
 * ```
 */
export function metricsHandler(metrics: Pick<TaxonMetrics, 'registry'>, options?: MetricsHandlerOptions): (request: Request) => Promise<Response> {
  const denied = createAccessCheck('metricsHandler', options);
  return async (request) => {
    const refusal = denied(request);
    if (refusal) return refusal;
    try {
      // One encoded chunk: a large string body would be re-encoded chunk by chunk by the stream.
      const body = encoder.encode(formatExposition(await metrics.registry.getMetricsAsJSON()));
      return new Response(request.method === 'HEAD' ? null : body, {
        headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
      });
    } catch {
      // A custom collector the app added threw; Prometheus marks the scrape failed (up == 0).
      return new Response('Collecting metrics failed.\n', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
}
