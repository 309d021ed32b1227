// The registry as an InfluxDB line-protocol body (one line per series, newline-terminated).

import type { TaxonMetrics } from '../metrics/create-metrics.js';
import { formatLine } from './format-line.js';
import { snapshotToPoints } from './registry-to-points.js';

/** Options of {@link encodeLineProtocol}. */
export interface EncodeLineProtocolOptions {
  /**
   * The points' timestamp in nanoseconds since the epoch; all lines of one body share it.
   * @default the current time (`Date.now()` in ns)
   */
  readonly timestampNs?: bigint;
}

/**
 * Encodes the registry's current values as InfluxDB line protocol, in the shape of Telegraf's
 * Prometheus input with `metric_version = 1` (see `registry-to-points.ts`): measurement = metric
 * name, tags = labels, fields `counter` / `gauge` / per-bucket bounds + `count` + `sum`.
 */
export async function encodeLineProtocol(metrics: Pick<TaxonMetrics, 'registry'>, options?: EncodeLineProtocolOptions): Promise<{ body: string; lines: number }> {
  const timestampNs = options?.timestampNs ?? BigInt(Date.now()) * 1_000_000n;
  const points = snapshotToPoints(await metrics.registry.getMetricsAsJSON(), timestampNs);
  let body = '';
  let lines = 0;
  for (const point of points) {
    const line = formatLine(point);
    if (line === undefined) continue;
    body += `${line}\n`;
    lines++;
  }
  return { body, lines };
}
