import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';

export const collectorHelp = `Usage: taxon collector [--port 8787] [--host 127.0.0.1] [--database-url <url>] [--data-dir .taxon/collector]
                       [--allow-origin <origin>]... [--allow-private-network] [--admin-token <token>]

Starts the local GA4 Measurement Protocol collector with this project's taxonomy, and runs until
Ctrl-C (SIGINT) or SIGTERM. Point the browser's collector destination or the edge client's
baseUrl at it. Every event is validated against GA4's rules and the taxonomy and stored, good or
bad with the reasons; funnels are computed in SQL.

  POST /mp/collect, POST /debug/mp/collect    GA4's Measurement Protocol (validation messages)
  GET /events?name=&client_id=&session_id=&since=, GET /events/bad, DELETE /events
  GET /funnels?by=client|user&since=, GET /health       (\`taxon funnels\` prints the report)

Options:
  --port <n>            TCP port (default 8787; 0 picks a free one)
  --host <host>         interface to listen on (default 127.0.0.1)
  --database-url <url>  store in this PostgreSQL database instead of embedded PGlite
  --data-dir <dir>      PGlite folder (default .taxon/collector beside taxon.config.mjs), or memory://
  --allow-origin <origin>  an origin whose pages may post to the collector and read it (CORS),
                        e.g. --allow-origin http://localhost:3000; repeat for each. Adds to
                        collector.allowedOrigins in taxon.config.mjs (\`taxon init\` writes the
                        app's dev server there). Requests with any other Origin header are
                        refused (403). Servers and curl send none.
  --allow-private-network  approve Chrome's Private Network Access preflights of those origins
                        (a page on a public address posting to this localhost collector)
  --admin-token <token>  the bearer token DELETE /events requires (Authorization: Bearer <token>);
                        default TAXON_COLLECTOR_ADMIN_TOKEN. Without one, DELETE /events is off.
  --config <file>       config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 stopped cleanly, 2 usage error or the collector could not start.`;

/** What the command reaches outside; tests pass their own. */
export interface CollectorDeps {
  /** Resolves with the signal's name when the collector should stop. */
  untilStopped: () => Promise<string>;
  /** Where TAXON_COLLECTOR_ADMIN_TOKEN is read. @default process.env */
  env: Record<string, string | undefined>;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolvePromise) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolvePromise(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

/** Builds `taxon collector`. */
export function createCollectorCommand(deps: Partial<CollectorDeps> = {}): Command {
  const untilStopped = deps.untilStopped ?? waitForSignal;
  const env = deps.env ?? process.env;
  return {
    name: 'collector',
    summary: 'collector       run the local GA4 Measurement Protocol collector (events, funnels)',
    help: collectorHelp,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-private-network': { type: 'boolean' },
      'admin-token': { type: 'string' },
    },
    async run(io, { values }, config) {
      const portText = (values.port as string | undefined) ?? '8787';
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
        throw new UsageError(`--port "${portText}" is not a port. Expected a number from 0 to 65535, e.g. --port 8787.`);
      }
      const databaseUrl = values['database-url'] as string | undefined;
      const given = values['data-dir'] as string | undefined;
      const dataDir = given ?? '.taxon/collector';
      const root = config!.root;
      // A folder given on the command line is relative to where it is typed; the default lives
      // beside taxon.config.mjs, so every subfolder of the project shares one collector database.
      const folder = dataDir.includes('://') ? dataDir : resolve(given === undefined ? root : io.cwd, dataDir);
      const configured = config!.collector?.allowedOrigins ?? [];
      if (!Array.isArray(configured) || configured.some((o) => typeof o !== 'string')) {
        throw new UsageError("collector.allowedOrigins in taxon.config.mjs must be a list of origins, e.g. allowedOrigins: ['http://localhost:3000'].");
      }
      const allowedOrigins = [...new Set([...configured, ...((values['allow-origin'] as string[] | undefined) ?? [])])];
      const tokenGiven = (values['admin-token'] as string | undefined) ?? env['TAXON_COLLECTOR_ADMIN_TOKEN'];
      const adminToken = tokenGiven === undefined || tokenGiven.trim() === '' ? undefined : tokenGiven.trim();
      const { startCollector } = await import('@taxon/collector');
      let collector;
      try {
        collector = await startCollector({
          taxonomy: resolve(root, config!.taxonomy),
          port: Number(portText),
          ...(values.host === undefined ? {} : { host: values.host as string }),
          ...(databaseUrl === undefined
            ? { dataDir: folder }
            : { databaseUrl }),
          allowedOrigins,
          allowPrivateNetwork: values['allow-private-network'] === true,
          ...(adminToken === undefined ? {} : { adminToken }),
          log: (line) => io.stdout(`  ${line}\n`),
        });
      } catch (error) {
        io.stderr(`taxon collector: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
      const storage = databaseUrl === undefined ? `PGlite ${dataDir}` : `PostgreSQL ${new URL(databaseUrl).host}`;
      io.stdout(`collector: ${collector.url}\n`);
      io.stdout(`  taxonomy ${config!.taxonomy}, ${storage}; POST ${collector.url}/mp/collect, GET /events, /funnels. Ctrl-C stops.\n`);
      const pages = allowedOrigins.length === 0 ? 'no page (add --allow-origin <origin>)' : allowedOrigins.join(', ');
      io.stdout(`  browsers: ${pages}; DELETE /events: ${adminToken === undefined ? 'off (no --admin-token)' : 'with the admin token'}\n`);
      const signal = await untilStopped();
      await collector.close();
      io.stdout(`collector: stopped (${signal})\n`);
      return EXIT.ok;
    },
  };
}

export const collectorCommand: Command = createCollectorCommand();
