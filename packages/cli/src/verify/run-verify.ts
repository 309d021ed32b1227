import { formatFindingsText, hasErrors } from '@taxon/taxonomy';
import { lintFolder } from '../commands/shared.js';
import type { ResolvedConfig } from '../config.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { collectorSource, ga4Source, type ArrivalSource } from './arrival-sources.js';
import { expectedEvents } from './expected-events.js';
import { parseDuration } from './lib/duration.js';
import { readPayload, validatePayload, GA4_DEBUG_ENDPOINT } from './validate-payload.js';
import { Redactor, VerifyError } from './verify-error.js';
import { watchArrivals } from './watch-arrivals.js';

/** What `taxon verify` reaches of the outside world; tests replace the clock and the sleep. */
export interface VerifyDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  env: Readonly<Record<string, string | undefined>>;
  /** Redraw the checklist in place. @default io.color (true only on a terminal) */
  interactive?: boolean;
}

/** Flags of `taxon verify`, as strings. */
export interface VerifyArgs {
  property?: string | undefined;
  collector?: string | undefined;
  events?: string | undefined;
  funnel?: string | undefined;
  wait?: string | undefined;
  interval?: string | undefined;
  window?: string | undefined;
  clientId?: string | undefined;
  sessionId?: string | undefined;
  validate?: string | undefined;
  measurementId?: string | undefined;
  apiSecret?: string | undefined;
  format: string;
}

export function defaultVerifyDeps(): VerifyDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    env: process.env,
  };
}

/**
 * Runs `taxon verify` and returns its exit code: 0 everything expected arrived (and, from a
 * collector, with valid params), 1 something is missing or invalid, 2 usage, credentials, network
 * or API errors. Nothing it prints can hold a registered secret.
 */
export async function runVerify(io: CliIO, config: ResolvedConfig, args: VerifyArgs, deps: VerifyDeps): Promise<number> {
  const redactor = new Redactor();
  const out = (t: string) => io.stdout(redactor.redact(t));
  const err = (t: string) => io.stderr(redactor.redact(t));
  redactor.add(args.apiSecret ?? deps.env.GA4_API_SECRET);
  try {
    if (args.format !== 'text' && args.format !== 'json') throw new VerifyError(`Unknown --format "${args.format}". Expected ` +
      `text or json.`);
    if (args.validate !== undefined) return await validate(args, config, deps, out);
    return await verifyArrivals(io, config, args, deps, redactor, out);
  } catch (error) {
    const known = error instanceof VerifyError || error instanceof UsageError;
    err(`taxon verify: ${known ? '' : 'unexpected error: '}${(error as Error).message}\n`);
    return EXIT.usage;
  }
}

async function validate(args: VerifyArgs, config: ResolvedConfig, deps: VerifyDeps, out: (t: string) => void): Promise<number> {
  const payload = await readPayload(args.validate!);
  const measurementId = args.measurementId ?? deps.env.GA4_MEASUREMENT_ID;
  const apiSecret = args.apiSecret ?? deps.env.GA4_API_SECRET;
  const collector = args.collector ?? (args.property ? undefined : config.verify?.collector);
  let endpoint: URL;
  if (collector) {
    endpoint = new URL('debug/mp/collect', collector.endsWith('/') ? collector : `${collector}/`);
  } else {
    if (!measurementId || !apiSecret) {
      throw new VerifyError('--validate against GA4 needs a measurement id and an API secret: --measurement-id G-XXXXXXX --api-secret <secret>, or GA4_MEASUREMENT_ID and GA4_API_SECRET (GA4 Admin > Data streams > Measurement Protocol API secrets). Or pass --collector <url>.');
    }
    endpoint = new URL(GA4_DEBUG_ENDPOINT);
  }
  if (measurementId) endpoint.searchParams.set('measurement_id', measurementId);
  if (apiSecret) endpoint.searchParams.set('api_secret', apiSecret);
  const messages = await validatePayload(deps.fetch, endpoint, payload);
  const where = `${endpoint.origin}${endpoint.pathname}`;
  if (args.format === 'json') out(`${JSON.stringify({ endpoint: where, validationMessages: messages }, null, 2)}\n`);
  else if (messages.length === 0) out(`taxon verify --validate: ${where} reports no problems in ${args.validate}.\n`);
  else {
    const width = Math.max(9, ...messages.map((m) => m.fieldPath.length));
    out(`taxon verify --validate: ${messages.length} validation message${messages.length === 1 ? '' : 's'} from ` +
      `${where}:\n`);
    for (const m of messages) out(`  ${(m.fieldPath || '(payload)').padEnd(width)}  ${m.validationCode.padEnd(20)} ` +
      ` ${m.description}\n`);
  }
  return messages.length > 0 ? EXIT.findings : EXIT.ok;
}

async function verifyArrivals(
  io: CliIO,
  config: ResolvedConfig,
  args: VerifyArgs,
  deps: VerifyDeps,
  redactor: Redactor,
  out: (t: string) => void,
): Promise<number> {
  if (args.property && args.collector) throw new VerifyError('Give --property (GA4) or --collector, not both.');
  const property = args.property ?? (args.collector ? undefined : config.verify?.property);
  const collector = args.collector ?? (property ? undefined : config.verify?.collector);
  if (!property && !collector) {
    throw new VerifyError('Nothing to check. Expected --property <GA4 property id> (with GOOGLE_APPLICATION_CREDENTIALS) or --collector <url>, or verify.property / verify.collector in taxon.config.mjs.');
  }
  if (property && (args.clientId || args.sessionId)) {
    throw new VerifyError('--client-id and --session-id apply to --collector only: the GA4 realtime report has no such dimensions.');
  }
  const lint = await lintFolder(config, io.cwd);
  if (hasErrors(lint.findings)) throw new VerifyError(`the taxonomy has errors; run \`taxon lint\`.\n${formatFindingsText(lint.findings)}`);
  const taxonomy = lint.taxonomy;
  const { events: expected, what } = expectedEvents(taxonomy, args);
  const windowMs = parseDuration(args.window ?? config.verify?.window ?? '30m', '--window');
  const waitMs = args.wait === undefined ? 0 : parseDuration(args.wait, '--wait');
  const source: ArrivalSource = property
    ? await ga4Source({ property, expected, windowMs, deps, redactor })
    : collectorSource({ url: collector!, windowMs, clientId: args.clientId, sessionId: args.sessionId, taxonomy, deps });
  const minInterval = property ? 10_000 : 250;
  const intervalMs = Math.max(minInterval, args.interval ? parseDuration(args.interval, '--interval') : property ? 15_000 : 2_000);

  const result = await watchArrivals({
    expected,
    poll: source.poll,
    waitMs,
    intervalMs,
    now: deps.now,
    sleep: deps.sleep,
    write: out,
    interactive: deps.interactive ?? io.color,
    quiet: args.format === 'json',
    label: source.label,
  });
  const missing = expected.filter((e) => (result.counts.get(e) ?? 0) === 0);
  const problems = source.paramProblems?.() ?? [];
  const strangers = source.unknownEvents?.() ?? [];
  if (args.format === 'json') {
    out(`${JSON.stringify({
      source: source.kind,
      target: source.label,
      expected,
      arrived: Object.fromEntries(expected.map((e) => [e, result.counts.get(e) ?? 0])),
      missing,
      paramProblems: problems,
      unknownEvents: strangers,
      polls: result.polls,
    }, null, 2)}\n`);
  } else {
    const width = Math.max(...expected.map((e) => e.length));
    out(`${waitMs > 0 ? '\n' : ''}taxon verify: ${expected.length - missing.length} of ${expected.length} expected ` +
      `events arrived (${what}; ${source.label})\n`);
    for (const e of expected) {
      const n = result.counts.get(e) ?? 0;
      out(`  ${n > 0 ? '\u2713' : '\u2717'} ${e.padEnd(width)}  ${n > 0 ? `${n}` : 'missing'}\n`);
    }
    if (problems.length > 0) {
      out(`\nParam problems (checked against the taxonomy):\n`);
      for (const p of problems) out(`  ${p.event}: ${p.problem} (${p.count} event${p.count === 1 ? '' : 's'})\n`);
    }
    if (strangers.length > 0) out(`\nReceived events not in the taxonomy: ${strangers.map((s) => `${s.name} (${s.count})`).join(', ')}\n`);
    if (missing.length > 0) out(`\nMissing: ${missing.join(', ')}\n`);
  }
  return missing.length > 0 || problems.length > 0 ? EXIT.findings : EXIT.ok;
}
