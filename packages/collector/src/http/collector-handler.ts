import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Taxonomy } from '@taxon/taxonomy';
import { funnelReport } from '../funnels/funnel-report.js';
import type { EventStore, NewEvent } from '../store/event-store.js';
import { checkRequest, type CheckedRequest } from '../validate/check-request.js';
import { readBody, sendEmpty, sendJson, sendPreflight } from './lib/respond.js';

/** What the request handler needs. */
export interface HandlerContext {
  /** What events are checked against. */
  taxonomy: Taxonomy;
  store: EventStore;
  /** One line per stored batch and per reason of a bad event. */
  log: (line: string) => void;
  /** The clock the timestamp window is checked with. @default Date.now */
  now?: () => number;
}

/** A client mistake in a query string: answered 400 with the message. */
class BadRequest extends Error {}

function sinceOf(url: URL): Date | undefined {
  const value = url.searchParams.get('since');
  if (value === null || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new BadRequest(`since=${value} is not a date; expected ISO 8601, e.g. since=2026-11-23T10:00:00Z.`);
  }
  return date;
}

function filterOf(url: URL) {
  const get = (key: string) => url.searchParams.get(key) ?? undefined;
  const limit = get('limit');
  if (limit !== undefined && !/^[1-9]\d{0,6}$/.test(limit)) throw new BadRequest(`limit=${limit} is not a positive integer.`);
  return {
    name: get('name'),
    clientId: get('client_id'),
    userId: get('user_id'),
    sessionId: get('session_id'),
    since: sinceOf(url),
    limit: limit === undefined ? undefined : Number(limit),
  };
}

function toRows(checked: CheckedRequest, measurementId: string | undefined): NewEvent[] {
  return checked.events.map((e) => {
    const session = e.params['session_id'];
    return {
      status: e.reasons.length === 0 ? 'good' : 'bad',
      name: e.name,
      params: e.params,
      clientId: checked.clientId,
      userId: checked.userId,
      sessionId: typeof session === 'string' || typeof session === 'number' ? String(session) : undefined,
      userProperties: checked.userProperties,
      measurementId,
      time: e.time,
      reasons: e.reasons,
    };
  });
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

async function collect(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  debug: boolean,
): Promise<void> {
  const body = await readBody(req);
  const now = ctx.now?.() ?? Date.now();
  const text = body.truncated ? '' : body.text;
  const checked = checkRequest(ctx.taxonomy, text, body.bytes, now);
  if (body.truncated) {
    // Not parsed at all: a body this large is refused unread, and recorded as one bad event.
    const tooLarge = `The request body is ${body.bytes} bytes; GA4 accepts at most 130000.`;
    checked.messages = [{ fieldPath: '', validationCode: 'VALUE_OUT_OF_BOUNDS', description: tooLarge }];
    checked.events = [{ name: '', params: {}, time: undefined, reasons: checked.messages }];
  }
  if (debug) {
    sendJson(res, 200, { validationMessages: checked.messages });
    return;
  }
  const rows = toRows(checked, url.searchParams.get('measurement_id') ?? undefined);
  await ctx.store.insert(rows);
  sendEmpty(res, 204);
  logBatch(ctx, rows, checked.clientId);
}

async function route(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://collector.local');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return sendPreflight(req, res);
  if (path === '/mp/collect' || path === '/debug/mp/collect') {
    if (method !== 'POST') return sendJson(res, 405, { error: `Use POST ${path}.` });
    return collect(ctx, req, res, url, path === '/debug/mp/collect');
  }
  if (path === '/events') {
    if (method === 'GET') return sendJson(res, 200, { events: await ctx.store.list('good', filterOf(url)) });
    if (method === 'DELETE') {
      await ctx.store.reset();
      safeLog(ctx, 'reset: every stored event deleted');
      return sendEmpty(res, 204);
    }
    return sendJson(res, 405, { error: 'Use GET /events or DELETE /events.' });
  }
  if (path === '/events/bad' && method === 'GET') {
    return sendJson(res, 200, { events: await ctx.store.list('bad', filterOf(url)) });
  }
  if (path === '/funnels' && method === 'GET') {
    const by = url.searchParams.get('by') ?? 'client';
    if (by !== 'client' && by !== 'user') throw new BadRequest(`by=${by} is not supported; expected by=client or by=user.`);
    const since = sinceOf(url);
    const funnels = await funnelReport(ctx.store.db, ctx.taxonomy, { by, ...(since ? { since } : {}) });
    return sendJson(res, 200, { funnels });
  }
  if (path === '/health' && method === 'GET') {
    return sendJson(res, 200, { ok: true, ...(await ctx.store.counts()) });
  }
  sendJson(res, 404, {
    error: `No route ${method} ${path}. Routes: POST /mp/collect, POST /debug/mp/collect, GET /events, GET /events/bad, ` +
      'DELETE /events, GET /funnels, GET /health.',
  });
}

/** The collector's request handler for `node:http`. Never throws: failures answer 400 or 500. */
export function createCollectorHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      const client = error instanceof BadRequest;
      const text = (error as Error)?.message ?? String(error);
      if (!client) safeLog(ctx, `error ${req.method} ${req.url}: ${text}`);
      if (!res.headersSent) sendJson(res, client ? 400 : 500, { error: text });
      else res.end();
    });
  };
}
