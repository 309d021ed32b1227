// The registry as InfluxDB line protocol over HTTP, for Telegraf's `inputs.http`
// (`data_format = "influx"`), which then writes it to InfluxDB or any other Telegraf output.

import type { TaxonMetrics } from '../metrics/create-metrics.js';
import { createAccessCheck, type MetricsAccessOptions } from '../http/bearer-token.js';
import { encodeLineProtocol } from './encode-line-protocol.js';

const encoder = new TextEncoder();

/** Options of {@link lineProtocolHandler}. */
export type LineProtocolHandlerOptions = MetricsAccessOptions;

/**
 * Serves the registry as InfluxDB line protocol (`text/plain`), one line per series stamped with
 * the request time. Open by default; pass `token` to require `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * // app/api/metrics/influx/route.ts
 * export const GET = lineProtocolHandler(metrics);
 * ```
 */
export function lineProtocolHandler(metrics: Pick<TaxonMetrics, 'registry'>, options?: LineProtocolHandlerOptions): (request: Request) => Promise<Response> {
  const denied = createAccessCheck('lineProtocolHandler', options);
  return async (request) => {
    const refusal = denied(request);
    if (refusal) return refusal;
    try {
      const { body } = await encodeLineProtocol(metrics);
      return new Response(request.method === 'HEAD' ? null : encoder.encode(body), {
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
    } catch {
      return new Response('Collecting metrics failed.\n', { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  };
}
