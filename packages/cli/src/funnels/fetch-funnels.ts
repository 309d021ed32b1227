import { networkCause } from '../verify/verify-error.js';
import type { Funnel } from './funnel-types.js';

/** A failure to read the report: the message is for people (exit code 2). */
export class FunnelsError extends Error {
  override name = 'FunnelsError';
}

/** Reads `GET <base>/funnels?by=&since=` from a Taxon collector. */
export async function fetchFunnels(
  fetchFn: typeof fetch,
  base: string,
  query: { by: 'client' | 'user'; since?: Date | undefined },
): Promise<Funnel[]> {
  let url: URL;
  try {
    url = new URL('funnels', base.endsWith('/') ? base : `${base}/`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new FunnelsError(`--collector "${base}" is not an http(s) URL. Expected for example http://127.0.0.1:8787.`);
  }
  url.searchParams.set('by', query.by);
  if (query.since) url.searchParams.set('since', query.since.toISOString());
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new FunnelsError(
      `Cannot reach the collector at ${url.origin} (${networkCause(error)}). Start it with \`taxon collector\` ` +
        '(or `pnpm demo`), or point --collector at the running one.',
    );
  }
  const body = (await response.json().catch(() => undefined)) as { funnels?: unknown; error?: unknown } | undefined;
  if (!response.ok) {
    const detail = typeof body?.error === 'string' ? `: ${body.error}` : '';
    throw new FunnelsError(`The collector at ${url.origin} answered ${response.status} to GET /funnels${detail}`);
  }
  if (!body || !Array.isArray(body.funnels)) {
    throw new FunnelsError(`The collector at ${url.origin} answered GET /funnels with a malformed body. Expected { funnels: [...] }.`);
  }
  return body.funnels as Funnel[];
}
