// The demo stack (collector + Next.js demo + checkout origin), started by the global setup for the
// whole run or by a test file that needs its own environment, and readers of everything it
// stored: collector events and funnels, Sentry envelopes.
import { request as httpRequest } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root (tests run the CLI and write screenshots relative to it). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_STACK = new URL('apps/demo/scripts/start-stack.mjs', pathToFileURL(ROOT));

/** What `startStack` of `apps/demo/scripts/start-stack.mjs` resolves to (issue 5 contract). */
export interface RunningStack {
  demoUrl: string;
  checkoutUrl: string;
  collectorUrl: string;
  webhookSecret: string;
  close(): Promise<void>;
  /** The Next server's recent output, when the stack script offers it. */
  serverOutput?: () => string;
}

interface StartStackModule {
  startStack(options: {
    demoPort?: number;
    checkoutPort?: number;
    collectorPort?: number;
    env?: Record<string, string>;
    dataDir?: string;
    /** DELETE /events without a token, and the Sentry tunnel's envelopes readable (QUILL_TEST_MODE). */
    testMode?: boolean;
    log?: (line: string) => void;
  }): Promise<RunningStack>;
  buildDemo(options?: { force?: boolean; log?: (line: string) => void }): Promise<void>;
}

/** Imports the demo's stack script at run time (plain ESM outside any TypeScript project). */
export async function stackModule(): Promise<StartStackModule> {
  return (await import(START_STACK.href)) as StartStackModule;
}

/** One event as `GET /events` returns it. */
export interface CollectedEvent {
  id: string | number;
  name: string;
  params: Record<string, unknown>;
  client_id: string;
  user_id?: string;
  session_id?: string;
  received_at: string;
}

/** One event as `GET /events/bad` returns it. */
export interface BadEvent extends CollectedEvent {
  reasons: { fieldPath: string; description: string; validationCode: string }[];
}

/** One funnel of `GET /funnels`. */
export interface FunnelReport {
  name: string;
  entered: number;
  completed: number;
  overallConversion: number;
  steps: { name: string; count: number; stepConversion: number; overallConversion: number; dropOff: number }[];
}

/** One envelope as the demo's `GET /api/sentry` returns it. */
export interface SentryEnvelope {
  received_at: string;
  header: Record<string, unknown>;
  items: { header: Record<string, unknown>; payload: unknown }[];
}

/** The running stack and the test-side readers of what it stored. */
export interface E2EStack extends RunningStack {
  /** Clears the collector's events and the demo's Sentry envelopes. */
  reset(): Promise<void>;
  events(filter?: { name?: string; client_id?: string; session_id?: string }): Promise<CollectedEvent[]>;
  badEvents(): Promise<BadEvent[]>;
  funnels(): Promise<FunnelReport[]>;
  sentryEnvelopes(): Promise<SentryEnvelope[]>;
  /** Polls `GET /events` until `until` holds for them, or fails after `timeoutMs` showing what arrived. */
  waitForEvents(
    until: (events: CollectedEvent[]) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<CollectedEvent[]>;
  /** POSTs to the checkout origin (Node cannot resolve `checkout.localhost`, so the Host header carries it). */
  postToCheckout(path: string): Promise<{ status: number; body: string }>;
  /** Every line the stack logged, for failure messages. */
  log: string[];
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function expectStatus(url: string, method: string, ok: (status: number) => boolean): Promise<void> {
  const response = await fetch(url, { method });
  if (!ok(response.status)) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
}

/** Polls `read` until `until` holds or the deadline passes; never sleeps longer than it must. */
export async function poll<T>(read: () => Promise<T>, until: (value: T) => boolean, what: string, timeoutMs = 20_000,
  describe: (value: T) => string = (v) => JSON.stringify(v, null, 1).slice(0, 4000)): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!until(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last seen:\n${describe(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await read();
  }
  return last;
}

/** What a stack started elsewhere (the global setup) hands to the test files: plain data. */
export interface SharedStackInfo {
  demoUrl: string;
  checkoutUrl: string;
  collectorUrl: string;
  webhookSecret: string;
  /** File the global setup writes the demo server's output to at the end of the run. */
  serverLogFile: string;
}

/**
 * Starts the collector, the demo (`next start` of the existing production build) and the
 * checkout origin on free ports, with `env` added to the demo's environment.
 */
export async function startE2EStack(env: Record<string, string> = {}): Promise<E2EStack> {
  const { startStack } = await stackModule();
  const log: string[] = [];
  const running = await startStack({
    demoPort: 0,
    checkoutPort: 0,
    collectorPort: 0,
    env,
    testMode: true,
    log: (line) => {
      log.push(line);
      if (process.env.TAXON_E2E_VERBOSE) console.log(line);
    },
  });
  return withReaders(running, log);
}

/**
 * The readers of a stack the global setup started (see {@link SharedStackInfo}). Closing it is the
 * global setup's business: `close` here does nothing.
 */
export function attachE2EStack(shared: SharedStackInfo): E2EStack {
  const { serverLogFile, ...urls } = shared;
  return withReaders({
    ...urls,
    close: async () => {},
    serverOutput: () => `(the shared demo stack's server output is written to ${serverLogFile} at the end of the run)`,
  }, []);
}

function withReaders(running: RunningStack, log: string[]): E2EStack {
  const c = running.collectorUrl.replace(/\/$/, '');
  const d = running.demoUrl.replace(/\/$/, '');
  const events: E2EStack['events'] = async (filter = {}) => {
    const url = new URL(`${c}/events`);
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) url.searchParams.set(key, value);
    return (await json<{ events: CollectedEvent[] }>(url.href)).events;
  };
  return {
    ...running,
    log,
    close: () => running.close(),
    async reset() {
      await expectStatus(`${c}/events`, 'DELETE', (s) => s >= 200 && s < 300);
      await expectStatus(`${d}/api/sentry`, 'DELETE', (s) => s >= 200 && s < 300);
    },
    events,
    badEvents: async () => (await json<{ events: BadEvent[] }>(`${c}/events/bad`)).events,
    funnels: async () => (await json<{ funnels: FunnelReport[] }>(`${c}/funnels`)).funnels,
    sentryEnvelopes: async () => (await json<{ envelopes: SentryEnvelope[] }>(`${d}/api/sentry`)).envelopes,
    waitForEvents: (until, what, timeoutMs = 20_000) => poll(() => events(), until, what, timeoutMs,
      (list) => list.map((e) => `${e.name} ${JSON.stringify(e.params)}`).join('\n') || '(no events)'),
    postToCheckout(path) {
      const target = new URL(path, running.checkoutUrl);
      return new Promise((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          headers: { host: target.host, 'content-length': '0' },
        }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    },
  };
}

/** Where a searched string was found. */
export interface PiiHit {
  needle: string;
  where: string;
}

/** Every place a payload can carry data out of the page or the servers, for {@link sweepForPii}. */
export interface PiiSources {
  requests: { url: string; method: string; body: string | undefined }[];
  dataLayer: unknown[];
  collectorGood: unknown[];
  collectorBad: unknown[];
  sentry: unknown[];
}

/** Reads every payload the stack stored, beside what the browser recorded. */
export async function payloadSources(stack: E2EStack, browser: { requests: PiiSources['requests']; dataLayer: unknown[] }):
Promise<PiiSources> {
  return {
    requests: browser.requests,
    dataLayer: browser.dataLayer,
    collectorGood: await stack.events(),
    collectorBad: await stack.badEvents(),
    sentry: await stack.sentryEnvelopes(),
  };
}

/**
 * Looks for each needle in every captured payload: request URLs and bodies to any origin
 * (collector posts, Sentry tunnel, Google), the dataLayer, the collector's good and bad
 * storage and the Sentry envelopes. Text is also searched URL-decoded and with JSON escapes
 * undone, so `%40` or `\u0040` cannot hide an email. The body of a request that must carry the
 * text to the app itself (the prompt to `/api/generate`) is not analytics: `bodyIsTheApps` names
 * those; their URLs are still searched.
 */
export function sweepForPii(sources: PiiSources, needles: readonly string[],
  bodyIsTheApps: (r: PiiSources['requests'][number]) => boolean = () => false): PiiHit[] {
  const hits: PiiHit[] = [];
  const variants = (text: string): string[] => {
    const out = [text];
    try {
      out.push(decodeURIComponent(text.replace(/\+/g, ' ')));
    } catch { /* not URL-encoded */ }
    try {
      out.push(JSON.parse(`"${text.replace(/"/g, '\\"')}"`) as string);
    } catch { /* not a JSON string */ }
    return out;
  };
  const check = (where: string, text: string | undefined) => {
    if (!text) return;
    const forms = variants(text);
    for (const needle of needles) if (forms.some((f) => f.includes(needle))) hits.push({ needle, where });
  };
  for (const r of sources.requests) {
    check(`${r.method} ${r.url} (url)`, r.url);
    if (!bodyIsTheApps(r)) check(`${r.method} ${r.url} (body)`, r.body);
  }
  sources.dataLayer.forEach((entry, i) => check(`dataLayer[${i}]`, JSON.stringify(entry)));
  sources.collectorGood.forEach((e, i) => check(`collector GET /events [${i}]`, JSON.stringify(e)));
  sources.collectorBad.forEach((e, i) => check(`collector GET /events/bad [${i}]`, JSON.stringify(e)));
  sources.sentry.forEach((e, i) => check(`Sentry envelope [${i}]`, JSON.stringify(e)));
  return hits;
}
