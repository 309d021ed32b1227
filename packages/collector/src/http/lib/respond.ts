import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS headers for an allowed origin (none for any other): the browser shows the answer to that
 * origin only. `vary: origin` keeps a cache from serving one origin's answer to another.
 */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

/** Sends `body` as JSON with `headers` (CORS headers of the request's origin, when allowed). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends an empty answer (204 No Content, like GA's `/mp/collect`). */
export function sendEmpty(res: ServerResponse, status = 204, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/**
 * Answers the CORS preflight of an allowed origin: the methods the collector has, the headers a
 * JSON post or an authorised DELETE needs, and Private Network Access only when configured.
 */
export function sendPreflight(req: IncomingMessage, res: ServerResponse, origin: string, privateNetwork: boolean): void {
  const headers: Record<string, string> = {
    ...corsHeaders(origin),
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
  };
  if (privateNetwork && req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}

/**
 * Upper bound of a body the collector reads. GA4's own limit (130 kB) is checked, not enforced
 * here, so the events of a body a little too large are still stored (bad) one by one.
 */
export const MAX_READ_BYTES = 1_000_000;

/**
 * Reads a request body as UTF-8, whatever its content type (sendBeacon posts text/plain). Beyond
 * {@link MAX_READ_BYTES} the rest is drained unread. Resolves `aborted` when the client left.
 */
export function readBody(req: IncomingMessage): Promise<{ text: string; bytes: number; truncated: boolean; aborted: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_READ_BYTES) chunks.push(chunk);
      else truncated = true;
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes, truncated, aborted: false }));
    req.on('error', () => resolve({ text: '', bytes, truncated, aborted: true }));
  });
}
