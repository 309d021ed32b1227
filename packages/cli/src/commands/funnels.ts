import { windowToMs } from '@taxon/taxonomy';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { fetchFunnels, FunnelsError } from '../funnels/fetch-funnels.js';
import { renderFunnels } from '../funnels/render-funnels.js';

export const funnelsHelp = `Usage: taxon funnels [--collector <url>] [--by client|user] [--since 1h] [--format text|json]

Prints the taxonomy's funnels as the local collector computes them (GET <url>/funnels): per step
a bar, the count, the overall and step conversion, the median time from the previous step and
the drop-off. Steps count when they happen in order, within the funnel's window from the first.

Options:
  --collector <url>   the collector (default: verify.collector in taxon.config.mjs, else
                      http://127.0.0.1:8787)
  --by client|user    who walks the funnel: each client_id (browser) or each user_id (default client)
  --since <duration>  only steps from this long ago on (30m, 24h, 7d)
  --format text|json  bars for people (default) or the collector's JSON
  --config <file>     config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 report printed, 2 usage error or collector unreachable.`;

/** What the command reaches outside; tests pass their own. */
export interface FunnelsDeps {
  fetch: typeof fetch;
  now: () => number;
  /** Terminal width. */
  columns: () => number | undefined;
}

/** Builds `taxon funnels`. */
export function createFunnelsCommand(deps: Partial<FunnelsDeps> = {}): Command {
  const d: FunnelsDeps = {
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
    columns: () => process.stdout.columns ?? (Number(process.env.COLUMNS) || undefined),
    ...deps,
  };
  return {
    name: 'funnels',
    summary: 'funnels         print the funnel report of the local collector, with bars',
    help: funnelsHelp,
    options: { collector: { type: 'string' }, by: { type: 'string' }, since: { type: 'string' }, format: { type: 'string' } },
    async run(io, { values }, config) {
      const format = (values.format as string | undefined) ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown --format "${format}". Expected text or json.`);
      const by = (values.by as string | undefined) ?? 'client';
      if (by !== 'client' && by !== 'user') throw new UsageError(`Unknown --by "${by}". Expected client or user.`);
      let since: Date | undefined;
      if (values.since !== undefined) {
        const ms = windowToMs(String(values.since));
        if (Number.isNaN(ms)) throw new UsageError(`--since "${String(values.since)}" is not a duration. Expected for example 30m, 24h or 7d.`);
        since = new Date(d.now() - ms);
      }
      const collector = (values.collector as string | undefined) ?? config?.verify?.collector ?? 'http://127.0.0.1:8787';
      try {
        const funnels = await fetchFunnels(d.fetch, collector, { by, since });
        if (format === 'json') io.stdout(`${JSON.stringify({ funnels }, null, 2)}\n`);
        else io.stdout(renderFunnels(funnels, { by, color: io.color, columns: d.columns() ?? 80 }));
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof FunnelsError)) throw error;
        io.stderr(`taxon funnels: ${error.message}\n`);
        return EXIT.usage;
      }
    },
  };
}

export const funnelsCommand: Command = createFunnelsCommand();
