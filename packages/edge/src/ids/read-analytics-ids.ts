import { readCookie } from './lib/read-cookie.js';

/** The browser's GA ids, as far as the request's cookies hold them. */
export interface AnalyticsIds {
  /** GA4's `client_id`, `<random>.<first visit, Unix s>`, from the `_ga` cookie. */
  clientId?: string;
  /** GA4's `session_id` (the session's start, Unix s), from the `_ga_<container>` cookie. */
  sessionId?: string;
  /** How many sessions this browser has started on the property, from the same cookie (only with `sessionId`). */
  sessionNumber?: number;
}

/** Options of {@link readAnalyticsIds}. */
export interface ReadAnalyticsIdsOptions {
  /**
   * The GA4 measurement id, `G-XXXXXXXXXX`: the session cookie is `_ga_XXXXXXXXXX`. Without it only
   * the client id is read (a page may carry several properties' session cookies).
   */
  measurementId?: string;
}

/** Where the cookies come from: a `Request`, its `Headers`, or a `Cookie` header value. */
export type CookieSource = Request | Headers | string | null | undefined;

// `GA1.<domain level>.<random>.<Unix s>`: the client id is the last two parts.
const GA_COOKIE = /^GA\d+\.\d+\.(\d{1,20}\.\d{1,20})$/;
// `GS1.<domain level>.<session id>.<session number>.<engaged>.<last hit>...`
const GS1_COOKIE = /^GS1\.\d+\.(\d{1,20})\.(\d{1,10})(?:\.|$)/;
// `GS2.<domain level>.s<session id>$o<session number>$g<engaged>$t<last hit>$j..$l..$h..`: prefixed
// fields separated by `$`, in no guaranteed order.
const GS2_COOKIE = /^GS2\.\d+\.(.+)$/;
const DIGITS = /^\d{1,20}$/;
const MEASUREMENT_ID = /^G-([A-Z0-9]{4,20})$/i;

function cookieHeader(source: CookieSource): string {
  if (typeof source === 'string') return source;
  if (source === null || source === undefined) return '';
  const headers = source instanceof Headers ? source : source.headers;
  return headers?.get('cookie') ?? '';
}

function sessionFields(value: string): Pick<AnalyticsIds, 'sessionId' | 'sessionNumber'> {
  const gs1 = GS1_COOKIE.exec(value);
  if (gs1) return { sessionId: gs1[1]!, sessionNumber: Number(gs1[2]) };
  const gs2 = GS2_COOKIE.exec(value);
  if (!gs2) return {};
  const ids: Pick<AnalyticsIds, 'sessionId' | 'sessionNumber'> = {};
  for (const field of gs2[1]!.split('$')) {
    const digits = field.slice(1);
    if (!DIGITS.test(digits)) continue;
    if (field[0] === 's') ids.sessionId = digits;
    else if (field[0] === 'o') ids.sessionNumber = Number(digits);
  }
  // A session number means nothing without the session it counts.
  return ids.sessionId === undefined ? {} : ids;
}

/**
 * Reads GA4's `client_id` and `session_id` from the request's `_ga` and `_ga_<container>` cookies,
 * so a server action or route handler can put them into checkout metadata or a server event
 * without a round trip through the browser. Reads both session-cookie formats GA4 writes: `GS1`
 * (`GS1.1.<session id>.<n>....`) and `GS2` (`GS2.1.s<session id>$o<n>$g..$t..`, from May 2025).
 *
 * Never throws: a missing or malformed cookie leaves its ids out, so check what you got. The
 * cookies exist only after gtag ran with `analytics_storage` granted.
 *
 * @example
 * 'use server';
 * import { cookies } from 'next/headers';
 * const ids = readAnalyticsIds((await cookies()).toString(), { measurementId: 'G-ABC123XYZ9' });
 * // { clientId: '1234567890.1700000000', sessionId: '1700000123', sessionNumber: 3 }
 */
export function readAnalyticsIds(source: CookieSource, options: ReadAnalyticsIdsOptions = {}): AnalyticsIds {
  try {
    const header = cookieHeader(source);
    const ids: AnalyticsIds = {};
    const ga = GA_COOKIE.exec(readCookie(header, '_ga') ?? '');
    if (ga) ids.clientId = ga[1]!;
    const container = MEASUREMENT_ID.exec(options.measurementId ?? '')?.[1];
    if (container !== undefined) {
      const session = readCookie(header, `_ga_${container.toUpperCase()}`);
      if (session !== undefined) Object.assign(ids, sessionFields(session));
    }
    return ids;
  } catch {
    return {};
  }
}
