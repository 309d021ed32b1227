// Fair-use limits through the real demo server: its generate route admits against the per-user
// daily limit of the Pro plan (lowered to 5 here), answers the 6th to 8th concurrent calls with the 429, and
// sends usage_limit_approached and usage_limit_reached to the collector once each.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';

const e2e = useE2E({ QUILL_PRO_DAILY_GENERATIONS: '5' });

describe('fair-use limits in the demo', () => {
  it('admits exactly 5 of 8 concurrent generations, refuses 3 with 429 + RateLimit fields, notices once', async () => {
    // A fresh user: the demo's database may outlive one run.
    const userId = `u_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const ids = { clientId: '1234567890.1764790000', sessionId: '1764790000' };
    const post = () =>
      fetch(new URL('/api/generate', e2e.stack.demoUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ feature: 'rewrite', model: 'gpt-4.1-mini', prompt: 'Hello', userId, planType: 'pro', ...ids }),
      });
    const responses = await Promise.all(Array.from({ length: 8 }, post));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);

    const refused = responses.find((r) => r.status === 429)!;
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(86_400);
    expect(refused.headers.get('ratelimit-policy')).toBe('"user-generations-day";q=5;w=86400');
    expect(refused.headers.get('ratelimit')).toBe(`"user-generations-day";r=0;t=${seconds}`);
    const body = await refused.json();
    expect(body).toMatchObject({ ok: false, errorType: 'usage_limit_exceeded', limit: { scope: 'user', unit: 'generations', limit: '5', remaining: '0' } });
    expect(JSON.stringify(body)).not.toContain(userId);

    const events = await e2e.stack.waitForEvents(
      (list) => list.some((e) => e.name === 'usage_limit_reached') && list.filter((e) => e.name === 'generation_completed').length === 5,
      'usage_limit_reached and 5 generation_completed',
    );
    const notices = events.filter((e) => e.name.startsWith('usage_limit_'));
    expect(notices.map((e) => e.name).sort()).toEqual(['usage_limit_approached', 'usage_limit_reached']);
    for (const notice of notices) {
      expect(notice.params).toMatchObject({ plan_type: 'pro', limit_scope: 'user', limit_unit: 'generations', limit_period: 'day' });
      expect(notice.client_id).toBe(ids.clientId);
    }
  });
});
