import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the collector from a browser, and who may delete its events. Pages of other
 * origins get no CORS headers (the browser then hides every answer from them) and are refused
 * outright, so a page a developer happens to open cannot read stored events (client ids, user
 * ids, URLs), post events, or wipe them.
 */
export interface AccessPolicy {
  /** Origins (`scheme://host:port`) whose pages may post events and read the collector. */
  allowedOrigins: ReadonlySet<string>;
  /** Approve Chrome's Private Network Access preflights of allowed origins. */
  allowPrivateNetwork: boolean;
  /** The bearer token `DELETE /events` requires; undefined leaves it to `testMode`. */
  adminToken: string | undefined;
  /** `DELETE /events` without a token (a collector started by a test). */
  testMode: boolean;
}

/**
 * The origin of `value` (`http://localhost:3000`), or an error message naming what was expected.
 * Paths, wildcards and `null` are refused: each allowed origin is named in full.
 */
export function parseOrigin(value: string): string | { error: string } {
  const expected = 'expected an origin such as http://localhost:3000 (scheme, host and port, no path, no *)';
  if (value.includes('*')) return { error: `"${value}" is a wildcard; ${expected}.` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `"${value}" is not a URL; ${expected}.` };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' ||
    !/^\/?$/.test(url.pathname) || url.search !== '' || url.hash !== '') {
    return { error: `"${value}" is not an origin; ${expected}.` };
  }
  return url.origin;
}

/** The request's `Origin` header when a browser sent one (it does on every cross-origin POST and fetch). */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== '' ? origin : undefined;
}

/** Whether a request from `origin` is the collector's own page or an allowed origin. */
export function originAllowed(policy: AccessPolicy, req: IncomingMessage, origin: string): boolean {
  if (policy.allowedOrigins.has(origin)) return true;
  // Same origin: a page the collector itself served (it serves none today, but the rule holds).
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether the request carries `Authorization: Bearer <adminToken>`, compared in constant time. */
export function hasAdminToken(policy: AccessPolicy, req: IncomingMessage): boolean {
  if (policy.adminToken === undefined) return false;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!.trim()), digest(policy.adminToken));
}
