import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '@taxon/store';
import { createCollectorHandler } from './http/collector-handler.js';
import { parseOrigin, type AccessPolicy } from './http/lib/access.js';
import { createIngestCounters } from './ingest/ingest-counters.js';
import { loadCollectorTaxonomy, type CompiledTaxonomy } from './load-taxonomy.js';
import { openEventStore } from './store/event-store.js';

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /**
   * TCP port; 0 picks a free one (read it from the result).
   * @default 0 (`taxon collector` uses 8787)
   */
  port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /** The taxonomy to validate against: a folder of YAML files, or the compiled model. */
  taxonomy: string | CompiledTaxonomy;
  /** A PostgreSQL server URL; when absent the events live in embedded PGlite (`dataDir`). */
  databaseUrl?: string;
  /**
   * PGlite's folder, or `'memory://'` for a database that lives as long as the collector.
   * @default 'memory://'
   */
  dataDir?: string;
  /** Receives one line per request batch and per bad event (for a terminal). @default no logging */
  log?: (line: string) => void;
  /**
   * Origins (`http://localhost:3000`) whose pages may post events to the collector and read it
   * (CORS). A request with any other `Origin` header is refused (403) without CORS headers.
   * Requests without one (servers, curl, the MP client) are not affected.
   * @default [] (no page may call the collector)
   */
  allowedOrigins?: readonly string[];
  /**
   * Approve Chrome's Private Network Access preflights (`Access-Control-Allow-Private-Network`)
   * of the allowed origins: needed when a page served from a public address posts to the
   * collector on localhost.
   * @default false
   */
  allowPrivateNetwork?: boolean;
  /**
   * The token `DELETE /events` requires as `Authorization: Bearer <token>`. Without it (and
   * without `testMode`) `DELETE /events` is refused.
   */
  adminToken?: string;
  /**
   * A collector for tests: `DELETE /events` needs no token.
   * @default false
   */
  testMode?: boolean;
}

/** A started collector. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Stops accepting requests, waits for those in flight, and closes the database. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const hint = error.code === 'EADDRINUSE' ? ` Port ${port} is in use: pass another port (--port), or 0 for a free one.` : '';
      reject(new Error(`Cannot listen on ${host}:${port}: ${error.message}.${hint}`, { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function accessPolicy(options: CollectorOptions): AccessPolicy {
  const origins = new Set<string>();
  for (const given of options.allowedOrigins ?? []) {
    const origin = parseOrigin(String(given));
    if (typeof origin !== 'string') throw new TypeError(`startCollector: allowedOrigins: ${origin.error}`);
    origins.add(origin);
  }
  const token = options.adminToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 16)) {
    throw new TypeError('startCollector: adminToken must be a string of at least 16 characters (e.g. from `openssl rand -hex 16`).');
  }
  return {
    allowedOrigins: origins,
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    adminToken: token,
    testMode: options.testMode === true,
  };
}

/**
 * Starts a local GA4 Measurement Protocol collector that validates every event against GA4's
 * rules and the taxonomy, stores good and bad events in PostgreSQL (embedded PGlite by default),
 * and computes the taxonomy's funnels in SQL. Point `@taxon/edge`'s `createMeasurementProtocol`
 * (`baseUrl`) or `@taxon/web`'s `collector` destination (`endpoint`) at its `url`.
 *
 * @example
 * const collector = await startCollector({ taxonomy: 'taxonomy', allowedOrigins: ['http://localhost:3000'], testMode: true });
 * // POST `${collector.url}/mp/collect`, then GET `${collector.url}/events` and `/funnels`
 * await collector.close();
 */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const taxonomy = await loadCollectorTaxonomy(options.taxonomy);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`startCollector: port must be an integer from 0 to 65535, got ${String(port)}.`);
  }
  const access = accessPolicy(options);
  const driver = await openDatabase(
    options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : { dataDir: options.dataDir ?? 'memory://' },
  );
  let server: Server | undefined;
  try {
    const store = await openEventStore(driver);
    const log = options.log ?? (() => {});
    server = createServer(createCollectorHandler({ taxonomy, store, log, access, counters: createIngestCounters() }));
    // Longer than any HTTP client keeps an idle connection (undici: 4 s), so the client always
    // closes first and never sends a request on a socket the server is closing (ECONNRESET).
    server.keepAliveTimeout = 65_000;
    await listen(server, port, host);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
  const actual = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  const running = server;
  return {
    url: `http://${shown}:${actual}`,
    port: actual,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          running.closeIdleConnections();
        });
        await driver.close();
      })();
      return closing;
    },
  };
}
