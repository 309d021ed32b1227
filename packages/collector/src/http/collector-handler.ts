import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Taxonomy } from '@taxon/taxonomy';
import { funnelReport } from '../funnels/funnel-report.js';
import { countRequest, resetIngestCounters, type IngestCounters } from '../ingest/ingest-counters.js';
import { ingestRequest } from '../ingest/ingest-request.js';
import { storableText } from '../ingest/make-storable.js';
import type { EventStore, NewEvent } from '../store/event-store.js';
import { hasAdminToken, originAllowed, requestOrigin, type AccessPolicy } from './lib/access.js';
import { corsHeaders, readBody, sendEmpty, sendJson, sendPreflight } from './lib/respond.js';

/** What the request handler needs. */
export interface HandlerContext {
  /** What events are checked against. */
  taxonomy: Taxonomy;
  store: EventStore;
  /** Who may call the collector from a browser, and who may delete its events. */
  access: AccessPolicy;
  /** Requests received, by how their body was read (shown by `/health`). */
  counters: IngestCounters;
  /** One line per stored batch and per reason of a bad event. */
  log: (line: string) => void;
  /** The clock the timestamp window is checked with. @default Date.now */
  now?: () => number;
}

/** A client mistake: answered with its status and message (never a server's internals). */
class ClientError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

function sinceOf(url: URL): Date | undefined {
  const value = url.searchParams.get('since');
  if (value === null || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ClientError(400, `since=${value.slice(0, 40)} is not a date; expected ISO 8601, e.g. since=2026-11-23T10:00:00Z.`);
  }
  return date;
}

function filterOf(url: URL) {
  // Stored text never holds NUL or lone surrogates; a filter holding them matches nothing.
  const get = (key: string) => {
    const value = url.searchParams.get(key);
    return value === null ? undefined : storableText(value);
  };
  const limit = get('limit');
  if (limit !== undefined && !/^[1-9]\d{0,6}$/.test(limit)) {
    throw new ClientError(400, `limit=${limit.slice(0, 20)} is not a positive integer.`);
  }
  return {
    name: get('name'),
    clientId: get('client_id'),
    userId: get('user_id'),
    sessionId: get('session_id'),
    since: sinceOf(url),
    limit: limit === undefined ? undefined : Number(limit),
  };
}

function logBatch(ctx: HandlerContext, rows: NewEvent[], clientId: string | undefined): void {
  const bad = rows.filter((r) => r.status === 'bad');
  const names = rows.map((r) => (r.status === 'good' ? r.name : `${r.name || '(none)'}✗`)).join(' ');
  const client = clientId ? ` (client ${clientId})` : '';
  const lines = [`collect ${rows.length - bad.length} good, ${bad.length} bad${client}: ${names}`];
  for (const r of bad) {
    const name = r.name || '(none)';
    for (const why of r.reasons) lines.push(`  bad ${name}: ${why.validationCode} ${why.fieldPath} ${why.description}`);
  }
  for (const line of lines) safeLog(ctx, line);
}

function safeLog(ctx: HandlerContext, line: string): void {
  try {
    ctx.log(line);
  } catch {
    // A failing log sink must not turn a stored batch into an error answer.
  }
}

async function collect(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, debug: boolean,
  cors: Record<string, string>): Promise<void> {
  const body = await readBody(req);
  if (body.aborted) return;
  const now = ctx.now?.() ?? Date.now();
  const measurementId = url.searchParams.get('measurement_id') ?? undefined;
  const ingested = ingestRequest(ctx.taxonomy, body, measurementId, now);
  if (debug) {
    sendJson(res, 200, { validationMessages: ingested.messages }, cors);
    return;
  }
  countRequest(ctx.counters, ingested.outcome, ingested.madeStorable);
  await ctx.store.insert(ingested.rows);
  sendEmpty(res, 204, cors);
  logBatch(ctx, ingested.rows, ingested.clientId);
}

async function deleteEvents(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse,
  cors: Record<string, string>): Promise<void> {
  const { access } = ctx;
  if (!access.testMode) {
    if (access.adminToken === undefined) {
      throw new ClientError(403, 'DELETE /events is off: start the collector with an admin token ' +
        '(taxon collector --admin-token <token>, or TAXON_COLLECTOR_ADMIN_TOKEN) and send "Authorization: Bearer <token>".');
    }
    if (!hasAdminToken(access, req)) {
      throw new ClientError(401, 'DELETE /events needs "Authorization: Bearer <token>" with the collector\'s admin token.',
        { 'www-authenticate': 'Bearer realm="taxon-collector"' });
    }
  }
  await ctx.store.reset();
  resetIngestCounters(ctx.counters);
  safeLog(ctx, 'reset: every stored event deleted');
  sendEmpty(res, 204, cors);
}

const ROUTES = 'Routes: POST /mp/collect, POST /debug/mp/collect, GET /events, GET /events/bad, ' +
  'DELETE /events, GET /funnels, GET /health.';

async function route(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://collector.local');
  } catch {
    throw new ClientError(400, 'The request target is not a valid path.');
  }
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const origin = requestOrigin(req);
  if (origin !== undefined && !originAllowed(ctx.access, req, origin)) {
    // No CORS headers: the page cannot read this answer, and nothing was done for it.
    throw new ClientError(403, 'This origin is not allowed: start the collector with --allow-origin <origin> ' +
      '(startCollector({ allowedOrigins })) for the pages that post to it.');
  }
  const cors = corsHeaders(origin);
  if (method === 'OPTIONS') {
    if (origin === undefined) return sendEmpty(res, 204, { allow: 'GET, POST, DELETE, OPTIONS' });
    return sendPreflight(req, res, origin, ctx.access.allowPrivateNetwork);
  }
  if (path === '/mp/collect' || path === '/debug/mp/collect') {
    if (method !== 'POST') throw new ClientError(405, `Use POST ${path}.`);
    return collect(ctx, req, res, url, path === '/debug/mp/collect', cors);
  }
  if (path === '/events') {
    if (method === 'GET') return sendJson(res, 200, { events: await ctx.store.list('good', filterOf(url)) }, cors);
    if (method === 'DELETE') return deleteEvents(ctx, req, res, cors);
    throw new ClientError(405, 'Use GET /events or DELETE /events.');
  }
  if (path === '/events/bad' && method === 'GET') {
    return sendJson(res, 200, { events: await ctx.store.list('bad', filterOf(url)) }, cors);
  }
  if (path === '/funnels' && method === 'GET') {
    const by = url.searchParams.get('by') ?? 'client';
    if (by !== 'client' && by !== 'user') {
      throw new ClientError(400, `by=${by.slice(0, 20)} is not supported; expected by=client or by=user.`);
    }
    const since = sinceOf(url);
    const funnels = await funnelReport(ctx.store.db, ctx.taxonomy, { by, ...(since ? { since } : {}) });
    return sendJson(res, 200, { funnels }, cors);
  }
  if (path === '/health' && method === 'GET') {
    return sendJson(res, 200, { ok: true, ...(await ctx.store.counts()), requests: { ...ctx.counters } }, cors);
  }
  throw new ClientError(404, `No route ${method.slice(0, 10)} ${path.slice(0, 60)}. ${ROUTES}`);
}

/**
 * The collector's request handler for `node:http`. Never throws. Client mistakes answer 4xx with
 * what was expected; a failure of the collector itself (its database unreachable) answers 500
 * with a fixed message, and the details go to the log only.
 */
export function createCollectorHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof ClientError) {
        const origin = requestOrigin(req);
        const cors = origin !== undefined && originAllowed(ctx.access, req, origin) ? corsHeaders(origin) : {};
        sendJson(res, error.status, { error: error.message }, { ...cors, ...error.headers });
        return;
      }
      safeLog(ctx, `error ${req.method} ${(req.url ?? '').slice(0, 200)}: ${(error as Error)?.message ?? String(error)}`);
      sendJson(res, 500, { error: 'The collector failed to handle this request; its log has the details.' });
    });
  };
}
