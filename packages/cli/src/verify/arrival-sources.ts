import { RESERVED_EVENT_NAMES } from '@taxon/core';
import type { Taxonomy } from '@taxon/taxonomy';
import { checkEventParams } from './check-params.js';
import { fetchCollectorEvents, type CollectedEvent } from './collector-events.js';
import { fetchAccessToken, signServiceAccountJwt, type AccessToken } from './google-auth.js';
import { formatQuota, runRealtimeReport, type PropertyQuota } from './realtime-report.js';
import type { VerifyDeps } from './run-verify.js';
import { readServiceAccount } from './service-account.js';
import type { Redactor } from './verify-error.js';
import { VerifyError } from './verify-error.js';
import type { PollResult } from './watch-arrivals.js';

/** Where arrivals are looked up: GA4's realtime report or a collector. */
export interface ArrivalSource {
  kind: 'ga4' | 'collector';
  /** For people: `GA4 property 123, last 30 min`. */
  label: string;
  poll: () => Promise<PollResult>;
  /** Param problems of the events seen at the last poll (collector only). */
  paramProblems?: () => { event: string; problem: string; count: number }[];
  /** Events received that the taxonomy does not declare (collector only). */
  unknownEvents?: () => { name: string; count: number }[];
}

/**
 * Events a taxonomy does not declare that are not unknown: GA4's reserved and automatic events
 * (core's one list) and the collector's built-in events (`purchase`, the web-vitals metrics
 * `@taxon/web/web-vitals` sends under their own names), loaded with the collector's first poll.
 */
function knownOutsideTaxonomy(name: string, builtIns: ReadonlyMap<string, unknown>): boolean {
  return RESERVED_EVENT_NAMES.has(name) || builtIns.has(name);
}

function lowQuota(quota: PropertyQuota | undefined): boolean {
  const hour = quota?.tokensPerHour;
  if (hour?.remaining === undefined || hour.consumed === undefined) return false;
  return hour.remaining < (hour.remaining + hour.consumed) * 0.1;
}

/** GA4 Data API realtime report with a service-account token, renewed before it expires. */
export async function ga4Source(o: { property: string; expected: readonly string[]; windowMs: number; deps: VerifyDeps; redactor: Redactor }): Promise<ArrivalSource> {
  const property = o.property.replace(/^properties\//, '');
  if (!/^\d+$/.test(property)) {
    throw new VerifyError(`--property "${o.property}" is not a GA4 property id. Expected the number under GA4 ` +
      `Admin > Property details (for example 123456789), not a G- measurement id.`);
  }
  const account = await readServiceAccount(o.deps.env.GOOGLE_APPLICATION_CREDENTIALS);
  o.redactor.add(account.privateKey);
  const minutes = Math.ceil(o.windowMs / 60_000);
  const startMinutesAgo = Math.min(59, Math.max(0, minutes - 1));
  let token: AccessToken | undefined;
  let lastQuota: PropertyQuota | undefined;
  return {
    kind: 'ga4',
    label: `GA4 property ${property}, last ${startMinutesAgo + 1} min`,
    poll: async () => {
      if (!token || token.expiresAt - 60_000 <= o.deps.now()) {
        const jwt = signServiceAccountJwt(account, o.deps.now());
        o.redactor.add(jwt);
        token = await fetchAccessToken(o.deps.fetch, jwt, o.deps.now());
        o.redactor.add(token.token);
      }
      let report;
      try {
        report = await runRealtimeReport(o.deps.fetch, {
          property,
          accessToken: token.token,
          events: o.expected,
          startMinutesAgo,
          clientEmail: account.clientEmail,
        });
      } catch (error) {
        // A 429 body carries no figures; the last successful answer did.
        if (lastQuota && error instanceof VerifyError && error.message.includes('RESOURCE_EXHAUSTED')) {
          throw new VerifyError(`${error.message} Quota at the previous poll: ${formatQuota(lastQuota)}.`);
        }
        throw error;
      }
      lastQuota = report.quota;
      return { counts: report.counts, slowDown: lowQuota(report.quota) };
    },
  };
}

/** A Taxon collector's `GET /events`, with params checked against the taxonomy. */
export function collectorSource(o: {
  url: string;
  windowMs: number;
  clientId: string | undefined;
  sessionId: string | undefined;
  taxonomy: Taxonomy;
  deps: VerifyDeps;
}): ArrivalSource {
  let base: URL;
  try {
    base = new URL(o.url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new VerifyError(`--collector "${o.url}" is not an http(s) URL. Expected for example http://localhost:8787.`);
  }
  const since = new Date(o.deps.now() - o.windowMs);
  let last: CollectedEvent[] = [];
  let refused: CollectedEvent[] = [];
  let builtIns: ReadonlyMap<string, unknown> = new Map();
  const filters = [o.clientId && `client_id ${o.clientId}`, o.sessionId && `session_id ${o.sessionId}`].filter(Boolean).join(', ');
  return {
    kind: 'collector',
    label: `collector ${base.origin}${filters ? ` (${filters})` : ''}, since ${since.toISOString()}`,
    poll: async () => {
      // Loaded here, not at the top: the collector package is heavy and only this source needs it.
      if (builtIns.size === 0) builtIns = (await import('@taxon/collector')).BUILT_IN_EVENTS;
      const query = { since, clientId: o.clientId, sessionId: o.sessionId };
      last = await fetchCollectorEvents(o.deps.fetch, base.href, query);
      // An event the collector refused arrived, but broken: its reasons are the param problems.
      // A collector without /events/bad (another implementation) has nothing to add.
      refused = await fetchCollectorEvents(o.deps.fetch, base.href, query, 'events/bad').catch(() => []);
      const counts = new Map<string, number>();
      for (const e of last) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
      return { counts };
    },
    paramProblems: () => {
      const tally = new Map<string, { event: string; problem: string; count: number }>();
      const problemsOf = (e: CollectedEvent): string[] => e.reasons
        ? e.reasons.map((r) => `refused by the collector: ${r.description ?? 'invalid'}${r.validationCode ? ` (${r.validationCode})` : ''}`)
        : checkEventParams(o.taxonomy, e.name, e.params);
      for (const e of [...last, ...refused]) {
        for (const problem of problemsOf(e)) {
          const key = `${e.name}\0${problem}`;
          const entry = tally.get(key) ?? { event: e.name, problem, count: 0 };
          entry.count++;
          tally.set(key, entry);
        }
      }
      return [...tally.values()];
    },
    unknownEvents: () => {
      const counts = new Map<string, number>();
      for (const e of last) {
        if (!o.taxonomy.events.has(e.name) && !knownOutsideTaxonomy(e.name, builtIns)) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
      }
      return [...counts].map(([name, count]) => ({ name, count }));
    },
  };
}
