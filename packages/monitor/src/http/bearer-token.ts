// Optional bearer-token access for the export endpoints. Metrics carry no PII, but they do carry
// business figures (AI cost per feature and plan), so a deployment reachable from the internet
// should set a token; Prometheus (`authorization: { credentials_file: ... }`) and Telegraf
// (`bearer_token_string`) both send one.

import { timingSafeEqual } from 'node:crypto';

/** Access options shared by the export handlers. */
export interface MetricsAccessOptions {
  /**
   * When set, requests must carry `Authorization: Bearer <token>`; others get 401. When absent the
   * endpoint is open, as Prometheus exporters usually are (protect it at the network edge then).
   * An empty string is refused, so an unset environment variable cannot open the endpoint by accident.
   */
  readonly token?: string | undefined;
}

/** A check run per request: undefined when allowed, else the 401 response to send. */
export type AccessCheck = (request: Request) => Response | undefined;

/** Builds the access check of a handler named `owner` (for the error message). */
export function createAccessCheck(owner: string, options: MetricsAccessOptions | undefined): AccessCheck {
  const token = options?.token;
  if (token === undefined) return () => undefined;
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError(`${owner}: token must be a non-empty string or undefined (got ${JSON.stringify(token)}); e.g. { token: process.env.TAXON_METRICS_TOKEN || undefined }.`);
  }
  const expected = Buffer.from(`Bearer ${token}`);
  return (request) => {
    const given = Buffer.from(request.headers.get('authorization') ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
    return new Response('Unauthorized: send Authorization: Bearer <token>.\n', {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="taxon-metrics"' },
    });
  };
}
