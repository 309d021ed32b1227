import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers that let any page post to the collector (fetch with JSON, sendBeacon) and read it. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-max-age': '86400',
};

/** Sends `body` as JSON with CORS headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends an empty answer (204 No Content, like GA's `/mp/collect`). */
export function sendEmpty(res: ServerResponse, status = 204): void {
  res.writeHead(status, CORS_HEADERS);
  res.end();
}

/** Answers a CORS preflight: any origin, the requested headers, private-network access. */
export function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type',
  };
  if (req.headers['access-control-request-private-network'] === 'true') {
    headers['access-control-allow-private-network'] = 'true';
  }
  res.writeHead(204, headers);
  res.end();
}

/** Upper bound of a body the collector reads; GA4's own limit (130 kB) is checked, not enforced here. */
export const MAX_READ_BYTES = 1_000_000;

/** Reads a request body as UTF-8, whatever its content type (sendBeacon posts text/plain). */
export function readBody(req: IncomingMessage): Promise<{ text: string; bytes: number; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_READ_BYTES) chunks.push(chunk);
      else truncated = true;
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes, truncated }));
    req.on('error', reject);
  });
}
