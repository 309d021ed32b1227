// A started collector and small typed helpers over its HTTP API, as a test of any project uses it.
import { fileURLToPath } from 'node:url';
import { startCollector, type CollectorOptions, type RunningCollector, type StoredEvent } from '@taxon/collector';

/** The collector tests' own taxonomy (events, params, the three funnels), not the reference one. */
export const TAXONOMY_DIR = fileURLToPath(new URL('../fixtures/taxonomy', import.meta.url));

export type { StoredEvent };

export interface TestCollector extends RunningCollector {
  lines: string[];
  post(body: unknown, options?: { path?: string; headers?: Record<string, string>; raw?: string }): Promise<Response>;
  /** Posts to /mp/collect and expects GA's 204. */
  collect(body: unknown): Promise<void>;
  /** Posts to /debug/mp/collect and returns the validation messages. */
  validate(body: unknown): Promise<{ fieldPath: string; description: string; validationCode: string }[]>;
  events(query?: Record<string, string>): Promise<StoredEvent[]>;
  bad(query?: Record<string, string>): Promise<StoredEvent[]>;
  json<T>(path: string): Promise<T>;
}

export async function startTestCollector(options: Partial<CollectorOptions> = {}): Promise<TestCollector> {
  const lines: string[] = [];
  const running = await startCollector({ taxonomy: TAXONOMY_DIR, log: (l) => lines.push(l), testMode: true, ...options });
  const post: TestCollector['post'] = (body, o = {}) =>
    fetch(`${running.url}${o.path ?? '/mp/collect?measurement_id=G-TEST&api_secret=s'}`, {
      method: 'POST',
      headers: o.headers ?? { 'content-type': 'application/json' },
      body: o.raw ?? JSON.stringify(body),
    });
  const json = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${running.url}${path}`);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const list = (path: string) => async (query: Record<string, string> = {}) =>
    (await json<{ events: StoredEvent[] }>(`${path}?${new URLSearchParams(query)}`)).events;
  return {
    ...running,
    close: () => running.close(),
    lines,
    post,
    async collect(body) {
      const response = await post(body);
      if (response.status !== 204) throw new Error(`POST /mp/collect: ${response.status} ${await response.text()}`);
    },
    async validate(body) {
      const response = await post(body, { path: '/debug/mp/collect' });
      if (response.status !== 200) throw new Error(`POST /debug/mp/collect: ${response.status}`);
      return ((await response.json()) as { validationMessages: [] }).validationMessages;
    },
    events: list('/events'),
    bad: list('/events/bad'),
    json,
  };
}

/** `timestamp_micros` for `ms` milliseconds after `base`. */
export const micros = (base: number, ms = 0) => (base + ms) * 1000;

/** A valid event of each kind, by name, with GA's session params. */
export const valid: Record<string, Record<string, unknown>> = {
  landing_viewed: { acquisition_channel: 'direct' },
  signup_started: { source: 'landing' },
  paywall_viewed: { paywall_reason: 'free_limit_reached', plan_type: 'free' },
  upgrade_clicked: { source: 'paywall', plan_type: 'free', target_plan: 'pro' },
  checkout_started: { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR' },
  checkout_completed: { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5F6g7H8' },
  generation_started: { feature: 'rewrite', model: 'gpt-4.1', plan_type: 'free' },
  generation_completed: { feature: 'rewrite', model: 'gpt-4.1', token_bucket: '1k-2k', duration_bucket: '1s-2s', success: true },
};

/** One event with valid params (plus `extra`) for `valid[name]`. */
export function ev(name: string, extra: Record<string, unknown> = {}, timestamp?: number) {
  return {
    name,
    params: { ...valid[name], session_id: '1763892000', engagement_time_msec: 100, ...extra },
    ...(timestamp === undefined ? {} : { timestamp_micros: timestamp }),
  };
}
