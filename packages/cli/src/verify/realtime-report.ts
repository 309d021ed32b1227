import { networkCause, VerifyError } from './verify-error.js';

/** The GA4 Data API, v1beta. */
export const DATA_API = 'https://analyticsdata.googleapis.com/v1beta';

/** Quota figures as the Data API reports them with `returnPropertyQuota: true`. */
export interface PropertyQuota {
  [name: string]: { consumed?: number; remaining?: number } | undefined;
}

/** Event counts of a realtime report. */
export interface RealtimeCounts {
  /** eventCount summed over the minute range, by eventName. */
  counts: Map<string, number>;
  /** Fewest minutes ago each event was seen. */
  lastSeen: Map<string, number>;
  quota: PropertyQuota | undefined;
}

/** What the caller needs to explain an access problem. */
export interface RealtimeRequest {
  property: string;
  accessToken: string;
  /** Only these events are asked for (a dimension filter), to keep the response small. */
  events: readonly string[];
  /** 0-29 for standard properties (59 for GA4 360). */
  startMinutesAgo: number;
  clientEmail: string;
}

function apiError(body: unknown): { status: string; message: string } {
  const error = (body as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
  return { status: typeof error?.status === 'string' ? error.status : '', message: typeof error?.message === 'string' ? error.message : '' };
}

/** A one-line summary of the quota: `tokensPerHour 12 used, 4988 left; ...`. */
export function formatQuota(quota: PropertyQuota | undefined): string {
  if (!quota) return '';
  return Object.entries(quota)
    .filter((e): e is [string, { consumed?: number; remaining?: number }] => typeof e[1] === 'object' && e[1] !== null)
    .map(([name, q]) => `${name} ${q.consumed ?? '?'} used, ${q.remaining ?? '?'} left`)
    .join('; ');
}

/**
 * Calls `properties/{id}:runRealtimeReport` with dimensions eventName and minutesAgo and metric
 * eventCount over one minute range, and sums the counts per event.
 * See https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runRealtimeReport
 */
export async function runRealtimeReport(fetchFn: typeof fetch, request: RealtimeRequest): Promise<RealtimeCounts> {
  const body = {
    dimensions: [{ name: 'eventName' }, { name: 'minutesAgo' }],
    metrics: [{ name: 'eventCount' }],
    dimensionFilter: { filter: { fieldName: 'eventName', inListFilter: { values: [...request.events] } } },
    minuteRanges: [{ name: 'window', startMinutesAgo: request.startMinutesAgo, endMinutesAgo: 0 }],
    limit: '10000',
    returnPropertyQuota: true,
  };
  let response: Response;
  try {
    response = await fetchFn(`${DATA_API}/properties/${request.property}:runRealtimeReport`, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new VerifyError(`Cannot reach the GA4 Data API (${networkCause(error)}). Check the network connection ` +
      `or proxy.`);
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const property = `GA4 property ${request.property}`;
  if (!response.ok) {
    const { status, message } = apiError(json);
    const said = message ? ` Google said: ${message}` : '';
    if (response.status === 403 && /has not been used|is disabled|SERVICE_DISABLED/i.test(`${status} ${message}`)) {
      throw new VerifyError(`The Google Analytics Data API is not enabled for the service account's Cloud project. ` +
        `Enable "Google Analytics Data API" in the Cloud console (APIs & Services > Library).${said}`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new VerifyError(`The service account ${request.clientEmail} has no access to ${property} (${response.status} ` +
        `${status || 'PERMISSION_DENIED'}). Add ${request.clientEmail} as a Viewer on the GA4 property: ` +
        `Admin > Property access management > Add users.${said}`);
    }
    if (response.status === 404 || status === 'NOT_FOUND' || status === 'INVALID_ARGUMENT') {
      throw new VerifyError(`${property} was not found or cannot be queried (${response.status} ${status}). Expected ` +
        `the numeric property id from Admin > Property details, not a G- measurement id.${said}`);
    }
    if (response.status === 429 || status === 'RESOURCE_EXHAUSTED') {
      throw new VerifyError(`The GA4 Data API quota for ${property} is exhausted (429 RESOURCE_EXHAUSTED).${said || ' No detail was given.'} ` +
        `Wait for the quota to refill (hourly and daily token buckets) and poll less often.`);
    }
    throw new VerifyError(`The GA4 Data API failed for ${property} (HTTP ${response.status}${status ? ` ${status}` : ''}).${said}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new VerifyError(`The GA4 Data API answered with something that is not a realtime report (${text ? 'not JSON' : 'empty body'}).`);
  }
  const report = json as { rows?: unknown; propertyQuota?: PropertyQuota };
  // The API leaves `rows` out when nothing matched.
  const rows = report.rows ?? [];
  if (!Array.isArray(rows)) throw new VerifyError('The GA4 Data API answered with a malformed realtime report (rows is not a list).');
  const counts = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  for (const row of rows as { dimensionValues?: { value?: unknown }[]; metricValues?: { value?: unknown }[] }[]) {
    const name = row?.dimensionValues?.[0]?.value;
    const minutes = Number(row?.dimensionValues?.[1]?.value);
    const count = Number(row?.metricValues?.[0]?.value);
    if (typeof name !== 'string' || !Number.isFinite(count)) {
      throw new VerifyError('The GA4 Data API answered with a malformed realtime report (a row without eventName or eventCount).');
    }
    counts.set(name, (counts.get(name) ?? 0) + count);
    if (Number.isFinite(minutes)) lastSeen.set(name, Math.min(lastSeen.get(name) ?? Infinity, minutes));
  }
  return { counts, lastSeen, quota: report.propertyQuota };
}
