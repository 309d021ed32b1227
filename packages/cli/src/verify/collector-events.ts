import { networkCause, VerifyError } from './verify-error.js';

/** One event as the collector's `GET /events` returns it. */
export interface CollectedEvent {
  name: string;
  params: Record<string, unknown>;
  client_id?: string;
  session_id?: string;
  received_at?: string;
  /** Why the collector refused it (events from `GET /events/bad` only). */
  reasons?: { fieldPath?: string; description?: string; validationCode?: string }[];
}

/** Filters of `GET /events`. */
export interface CollectorQuery {
  since: Date;
  clientId?: string | undefined;
  sessionId?: string | undefined;
}

/**
 * Reads `GET <base>/events?since=&client_id=&session_id=` (or `/events/bad`, the events it refused,
 * with `reasons`) from a Taxon collector, which answers
 * `{ events: [{ name, params, client_id, session_id?, received_at }] }`. Events received before
 * `since` are dropped here too, in case a collector ignores the filter.
 */
export async function fetchCollectorEvents(
  fetchFn: typeof fetch,
  base: string,
  query: CollectorQuery,
  path: 'events' | 'events/bad' = 'events',
): Promise<CollectedEvent[]> {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('since', query.since.toISOString());
  if (query.clientId) url.searchParams.set('client_id', query.clientId);
  if (query.sessionId) url.searchParams.set('session_id', query.sessionId);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new VerifyError(`Cannot reach the collector at ${url.origin} (${networkCause(error)}). Start it (\`taxon collector\` or \`pnpm demo\`) or check --collector.`);
  }
  if (!response.ok) throw new VerifyError(`The collector at ${url.origin} answered ${response.status} to GET ` +
    `${url.pathname}. Expected 200 with { events: [...] }.`);
  const body = (await response.json().catch(() => undefined)) as { events?: unknown } | undefined;
  if (!body || !Array.isArray(body.events)) {
    throw new VerifyError(`The collector at ${url.origin} answered GET ${url.pathname} with a malformed body. ` +
      `Expected { events: [{ name, params, client_id, received_at }] }.`);
  }
  const since = query.since.getTime();
  return body.events
    .filter((e): e is CollectedEvent => typeof e === 'object' && e !== null && typeof (e as CollectedEvent).name === 'string')
    .map((e) => ({ ...e, params: typeof e.params === 'object' && e.params !== null ? e.params : {} }))
    .filter((e) => !e.received_at || !(Date.parse(e.received_at) < since));
}
