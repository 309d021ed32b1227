// Pushes the registry to InfluxDB 1.x's `/write` endpoint, for teams without Telegraf. Call it on
// an interval; each push writes the cumulative values at one timestamp, like a scrape.

import type { TaxonMetrics } from '../metrics/create-metrics.js';
import { encodeLineProtocol } from './encode-line-protocol.js';

/** Options of {@link pushToInflux}. */
export interface PushToInfluxOptions {
  /** The registry to write. */
  readonly metrics: Pick<TaxonMetrics, 'registry'>;
  /** InfluxDB's base URL, e.g. `http://127.0.0.1:8086`. */
  readonly url: string;
  /** The database (`db` parameter of `/write`). */
  readonly database: string;
  /** Retention policy (`rp`); the database's default when absent. */
  readonly retentionPolicy?: string;
  /** Credentials, sent as HTTP Basic authentication when both are set. */
  readonly username?: string;
  readonly password?: string;
  /**
   * Gives up after this long.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /** The points' timestamp in ns. @default now */
  readonly timestampNs?: bigint;
  /** Injected fetch (tests, proxies). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** What a push did. It never throws for a network or server failure; it says so here. */
export type InfluxPushResult =
  | { readonly ok: true; /** Lines written. */ readonly lines: number }
  | {
      readonly ok: false;
      /** `http_error`: InfluxDB answered non-2xx; `network_error`: no answer; `timeout`. */
      readonly reason: 'http_error' | 'network_error' | 'timeout';
      readonly status?: number;
      /** InfluxDB's error text or the network error's message. */
      readonly detail: string;
      readonly lines: number;
    };

/**
 * Writes the registry's current values to InfluxDB 1.x (`POST /write?db=...&precision=ns`) in the
 * shape of Telegraf's Prometheus input (`metric_version = 1`). Resolves with the outcome; rejects
 * only on misuse (missing url or database).
 *
 * @example
 * ```ts
 * setInterval(() => void pushToInflux({ metrics, url: 'http://127.0.0.1:8086', database: 'taxon' }), 10_000).unref();
 * ```
 */
export async function pushToInflux(options: PushToInfluxOptions): Promise<InfluxPushResult> {
  const endpoint = writeUrl(options);
  const { body, lines } = await encodeLineProtocol(options.metrics, { ...(options.timestampNs === undefined ? {} : { timestampNs: options.timestampNs }) });
  if (lines === 0) return { ok: true, lines };
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (options.username !== undefined && options.password !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true, lines };
    }
    const detail = (await response.text().catch(() => '')).slice(0, 500);
    return { ok: false, reason: 'http_error', status: response.status, detail, lines };
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, reason: timeout ? 'timeout' : 'network_error', detail: error instanceof Error ? error.message : String(error), lines };
  }
}

function writeUrl(options: PushToInfluxOptions): URL {
  if (typeof options.database !== 'string' || options.database.length === 0) {
    throw new TypeError("pushToInflux: database is required, e.g. pushToInflux({ metrics, url: 'http://127.0.0.1:8086', database: 'taxon' }).");
  }
  let url: URL;
  try {
    url = new URL('write', options.url.endsWith('/') ? options.url : `${options.url}/`);
  } catch {
    throw new TypeError(`pushToInflux: url must be InfluxDB's base URL, e.g. 'http://127.0.0.1:8086' (got ${JSON.stringify(options.url)}).`);
  }
  url.searchParams.set('db', options.database);
  url.searchParams.set('precision', 'ns');
  if (options.retentionPolicy) url.searchParams.set('rp', options.retentionPolicy);
  return url;
}
