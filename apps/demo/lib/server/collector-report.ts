import type { FunnelReport } from '@taxon/collector';
import { collectorUrl } from '../runtime-config';

export type { FunnelReport };

/** One stored event of `GET /events`. */
export interface CollectedEvent {
  id: string | number;
  name: string;
  params: Record<string, unknown>;
  client_id: string;
  user_id?: string | null;
  session_id?: string | null;
  received_at: string;
}

/** What the analytics page shows, or why it cannot. */
export type CollectorReport =
  | { ok: true; funnels: FunnelReport[]; events: CollectedEvent[]; bad: number }
  | { ok: false; url: string; message: string };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Reads the funnels and the latest events from the collector. */
export async function collectorReport(lastEvents = 25): Promise<CollectorReport> {
  const base = collectorUrl();
  try {
    const [funnels, events, bad] = await Promise.all([
      getJson<{ funnels: FunnelReport[] }>(`${base}/funnels`),
      getJson<{ events: CollectedEvent[] }>(`${base}/events`),
      getJson<{ events: unknown[] }>(`${base}/events/bad`),
    ]);
    return { ok: true, funnels: funnels.funnels, events: events.events.slice(-lastEvents).reverse(), bad: bad.events.length };
  } catch (error) {
    return { ok: false, url: base, message: error instanceof Error ? error.message : String(error) };
  }
}
