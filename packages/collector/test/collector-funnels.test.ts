import type { FunnelReport } from '@taxon/collector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './lib/backends.js';
import { ev, micros, startTestCollector, type TestCollector } from './lib/collector-client.js';

type Funnel = FunnelReport;

const MIN = 60_000;

describe.each(backends)('funnels in SQL on $name', (backend) => {
  let collector: TestCollector;
  let dispose: () => Promise<void>;
  // Two hours ago, on a whole second: inside MP's 72-hour window, far from "now".
  const t0 = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;

  beforeAll(async () => {
    const db = await backend.open();
    dispose = db.dispose;
    collector = await startTestCollector(db.options);
  });
  afterAll(async () => {
    await collector.close();
    await dispose();
  });
  beforeEach(async () => {
    await fetch(`${collector.url}/events`, { method: 'DELETE' });
  });

  /** Sends each [client, event, minutes after t0] as its own request, in the order given. */
  async function walk(steps: [string, string, number][], userId?: string) {
    for (const [client, name, minutes] of steps) {
      await collector.collect({ client_id: client, ...(userId ? { user_id: userId } : {}), events: [ev(name, {}, micros(t0, minutes * MIN))] });
    }
  }
  const funnels = async (query = '') => (await collector.json<{ funnels: Funnel[] }>(`/funnels${query}`)).funnels;
  const funnel = async (name: string, query = '') => (await funnels(query)).find((f) => f.name === name)!;

  it('generation_success (30m): window expiry, out-of-order steps, a later attempt that completes', async () => {
    await walk([
      ['A', 'generation_started', 0], ['A', 'generation_completed', 10], // completes after 10 min
      ['B', 'generation_started', 0], ['B', 'generation_completed', 31], // 31 min: outside the window
      ['C', 'generation_completed', 0], ['C', 'generation_started', 1], // completed before it started
      ['D', 'generation_started', 0], ['D', 'generation_started', 40], ['D', 'generation_completed', 45], // second try, 5 min
      ['E', 'generation_completed', 0], // never entered
    ]);
    expect(await funnel('generation_success')).toEqual({
      name: 'generation_success',
      description: 'Share of generations asked for that finished with a result.',
      window: '30m',
      entered: 4,
      completed: 2,
      overallConversion: 0.5,
      steps: [
        { name: 'generation_started', count: 4, stepConversion: 1, overallConversion: 1, medianMsFromPrevious: null, dropOff: 0 },
        { name: 'generation_completed', count: 2, stepConversion: 0.5, overallConversion: 0.5, medianMsFromPrevious: 450_000, dropOff: 2 },
      ],
    });
  });

  it('monetization (14d): skipped and reordered steps stop the walk; same-request steps keep their order', async () => {
    await walk([
      ['F', 'paywall_viewed', 0], ['F', 'upgrade_clicked', 1], ['F', 'checkout_started', 2], ['F', 'checkout_completed', 5],
      ['G', 'upgrade_clicked', 0], ['G', 'paywall_viewed', 1], ['G', 'checkout_started', 2],
      ['H', 'paywall_viewed', 0], ['H', 'checkout_started', 1],
      ['I', 'paywall_viewed', 0], ['I', 'upgrade_clicked', 3],
    ]);
    // J: both steps in one request without timestamps: same receive time, request order decides.
    await collector.collect({ client_id: 'J', events: [ev('paywall_viewed'), ev('upgrade_clicked')] });
    // K: an invalid step is stored as bad and does not count.
    await collector.collect({ client_id: 'K', events: [ev('paywall_viewed', { plan_type: 'gold' })] });
    const monetization = await funnel('monetization');
    expect(monetization).toMatchObject({ window: '14d', entered: 5, completed: 1, overallConversion: 0.2 });
    expect(monetization.steps).toEqual([
      { name: 'paywall_viewed', count: 5, stepConversion: 1, overallConversion: 1, medianMsFromPrevious: null, dropOff: 0 },
      { name: 'upgrade_clicked', count: 3, stepConversion: 0.6, overallConversion: 0.6, medianMsFromPrevious: 60_000, dropOff: 2 },
      { name: 'checkout_started', count: 1, stepConversion: 0.3333, overallConversion: 0.2, medianMsFromPrevious: 60_000, dropOff: 2 },
      { name: 'checkout_completed', count: 1, stepConversion: 1, overallConversion: 0.2, medianMsFromPrevious: 180_000, dropOff: 0 },
    ]);
  });

  it('reports every taxonomy funnel, empty ones with zero counts and null ratios', async () => {
    const all = await funnels();
    expect(all.map((f) => [f.name, f.window, f.steps.length])).toEqual([
      ['acquisition', '7d', 5],
      ['monetization', '14d', 4],
      ['generation_success', '30m', 2],
    ]);
    expect(all[0]).toMatchObject({ entered: 0, completed: 0, overallConversion: null });
    expect(all[0]!.steps[1]).toEqual({ name: 'signup_started', count: 0, stepConversion: null, overallConversion: null, medianMsFromPrevious: null, dropOff: 0 });
  });

  it('by=user joins the steps a user did on two devices; by=client does not; events without user_id are left out', async () => {
    await walk([['phone', 'paywall_viewed', 0]], 'u_1');
    await walk([['laptop', 'upgrade_clicked', 1]], 'u_1');
    await walk([['anon', 'paywall_viewed', 0], ['anon', 'upgrade_clicked', 1]]);
    const byClient = await funnel('monetization', '?by=client');
    expect(byClient.steps.map((s) => s.count)).toEqual([2, 1, 0, 0]);
    const byUser = await funnel('monetization', '?by=user');
    expect(byUser.steps.map((s) => s.count)).toEqual([1, 1, 0, 0]);
    expect(byUser.steps[1]!.medianMsFromPrevious).toBe(60_000);
  });

  it('since= keeps only the steps that happened from then on', async () => {
    await walk([
      ['B', 'generation_started', 0], ['B', 'generation_completed', 31],
      ['C', 'generation_started', 1],
      ['D', 'generation_started', 0], ['D', 'generation_started', 40], ['D', 'generation_completed', 45],
    ]);
    const since = new Date(t0 + 35 * MIN).toISOString();
    const result = await funnel('generation_success', `?since=${encodeURIComponent(since)}`);
    expect(result.steps.map((s) => [s.count, s.medianMsFromPrevious])).toEqual([[1, null], [1, 300_000]]);
    expect((await funnel('generation_success')).steps.map((s) => s.count)).toEqual([3, 1]);
  });
});
