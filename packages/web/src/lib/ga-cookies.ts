import { env } from '../env.js';
import type { AnalyticsIds } from '../types.js';

/** The value of a cookie on the current document, or undefined. */
export function readCookie(name: string): string | undefined {
  const cookies = env.document()?.cookie;
  if (!cookies) return undefined;
  for (const pair of cookies.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return undefined;
}

/** Writes a first-party cookie (two years, `SameSite=Lax`, `Secure` on https). */
export function writeCookie(name: string, value: string, domain: string | undefined): void {
  const doc = env.document();
  if (!doc) return;
  const secure = env.window()?.location.protocol === 'https:' ? '; Secure' : '';
  const scope = domain ? `; domain=${domain}` : '';
  doc.cookie = `${name}=${value}; path=/; max-age=63072000; SameSite=Lax${scope}${secure}`;
}

/** Deletes a cookie written by {@link writeCookie} with the same `domain`. */
export function deleteCookie(name: string, domain: string | undefined): void {
  const doc = env.document();
  if (!doc) return;
  const scope = domain ? `; domain=${domain}` : '';
  doc.cookie = `${name}=; path=/; max-age=0; SameSite=Lax${scope}`;
}

/** The client id in a `_ga` cookie (`GA1.1.<random>.<timestamp>` -> `<random>.<timestamp>`). */
export function clientIdFromCookie(value: string | undefined): string | undefined {
  const match = value ? /^GA\d\.\d+\.(\d+\.\d+)$/.exec(value) : null;
  return match?.[1];
}

/** Session fields of a `_ga_<container>` cookie, in both formats GA has written. */
export interface GaSession {
  /** Session id: the session start in seconds. */
  sessionId: string;
  /** Session number (`o` / second field). */
  count: number;
  /** Last activity in seconds. */
  lastSeen: number;
}

/**
 * Parses `_ga_<container>` values: the old dotted `GS1.1.<sid>.<n>.<engaged>.<t>.0.0.0` and the
 * newer `GS2.1.s<sid>$o<n>$g<engaged>$t<t>$j..$l..$h..`.
 */
export function sessionFromCookie(value: string | undefined): GaSession | undefined {
  if (!value) return undefined;
  const gs2 = /^GS2\.\d+\.(.*)$/.exec(value);
  if (gs2) {
    const fields: Record<string, string> = {};
    for (const part of (gs2[1] ?? '').split('$')) fields[part.charAt(0)] = part.slice(1);
    if (!fields.s || !/^\d+$/.test(fields.s)) return undefined;
    return { sessionId: fields.s, count: Number(fields.o ?? 1), lastSeen: Number(fields.t ?? fields.s) };
  }
  const gs1 = /^GS1\.\d+\.(\d+)\.(\d+)\.\d+\.(\d+)/.exec(value);
  if (gs1) return { sessionId: gs1[1]!, count: Number(gs1[2]), lastSeen: Number(gs1[3]) };
  return undefined;
}

/** The `_ga_<container>` cookie name for a measurement id (`G-ABC123` -> `_ga_ABC123`). */
export function sessionCookieName(measurementId: string): string {
  return `_ga_${measurementId.replace(/^G-/, '')}`;
}

/** Client and session ids read from the GA cookies of a measurement id. */
export function idsFromCookies(measurementId: string | undefined): AnalyticsIds {
  const ids: AnalyticsIds = {};
  const clientId = clientIdFromCookie(readCookie('_ga'));
  if (clientId) ids.clientId = clientId;
  const session = measurementId ? sessionFromCookie(readCookie(sessionCookieName(measurementId))) : undefined;
  if (session) ids.sessionId = session.sessionId;
  return ids;
}
