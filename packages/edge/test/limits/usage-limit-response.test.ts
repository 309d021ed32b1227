import { describe, expect, it } from 'vitest';
import { UsageLimitError, usagePeriodAt, type UsageLimitRefusal } from '@taxon/core';
import { createMeasurementProtocol, sendUsageLimitNotice, usageLimitResponse } from '../../src/index.js';
import { createGaMock } from '../lib/ga-mock.js';
import { useMockServer } from '../lib/mock-server.js';

const now = new Date('2026-12-03T21:00:00.000Z');
const month = usagePeriodAt('month', now);

function refusal(over: Partial<UsageLimitRefusal> = {}): UsageLimitRefusal {
  return {
    plan: 'free',
    scope: 'organization',
    unit: 'generations',
    period: 'month',
    periodKey: month.key,
    policy: 'organization-generations-month',
    limit: '500',
    remaining: '0',
    resetsAt: month.end,
    // 2026-12-03T21:00Z to 2027-01-01T00:00Z: 27 days and 3 hours.
    retryAfterSeconds: 27 * 86_400 + 3 * 3_600,
    windowSeconds: 31 * 86_400,
    ...over,
  };
}

describe('usageLimitResponse', () => {
  it('answers 429 with Retry-After, RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers) and a typed body', async () => {
    const error = new UsageLimitError('limit_exceeded', 'reached', { refusal: refusal() });
    const response = usageLimitResponse(error);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2343600');
    expect(response.headers.get('ratelimit-policy')).toBe('"organization-generations-month";q=500;w=2678400');
    expect(response.headers.get('ratelimit')).toBe('"organization-generations-month";r=0;t=2343600');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      ok: false,
      errorType: 'usage_limit_exceeded',
      limit: {
        policy: 'organization-generations-month',
        scope: 'organization',
        unit: 'generations',
        period: 'month',
        limit: '500',
        remaining: '0',
        resetsAt: '2027-01-01T00:00:00.000Z',
      },
    });
  });

  it('names non-request units and counts cost in whole cents, as the fields carry integers', () => {
    const tokens = usageLimitResponse(refusal({ unit: 'tokens', policy: 'user-tokens-day', limit: '100000', remaining: '1250', retryAfterSeconds: 10_800, windowSeconds: 86_400 }));
    expect(tokens.headers.get('ratelimit-policy')).toBe('"user-tokens-day";q=100000;qu="tokens";w=86400');
    expect(tokens.headers.get('ratelimit')).toBe('"user-tokens-day";r=1250;t=10800');
    const cost = usageLimitResponse(refusal({ unit: 'cost', policy: 'user-cost-month', limit: '5.5', remaining: '0.0349' }));
    expect(cost.headers.get('ratelimit-policy')).toBe('"user-cost-month";q=550;qu="usd-cents";w=2678400');
    expect(cost.headers.get('ratelimit')).toBe('"user-cost-month";r=3;t=2343600');
  });

  it('never carries an account or user id: only the limit, its unit, period and amounts', async () => {
    const response = usageLimitResponse(refusal());
    const everything = JSON.stringify([...response.headers.entries()]) + (await response.text());
    expect(everything).not.toMatch(/usage-limit:|org_|user_|pk=/);
  });

  it('refuses an error that is not a limit refusal with a TypeError', () => {
    expect(() => usageLimitResponse(new UsageLimitError('invalid_input', 'bad'))).toThrow(TypeError);
    expect(() => usageLimitResponse(new Error('other'))).toThrow(/limit_exceeded/);
  });
});

describe('sendUsageLimitNotice', () => {
  const ga = createGaMock();
  useMockServer([ga]);
  const limitParams = ['plan_type', 'limit_scope', 'limit_unit', 'limit_period'];
  // The two events as taxonomy/events/limits.yaml declares them.
  const taxonomy = {
    events: {
      usage_limit_approached: { owner: 'server', required: limitParams, optional: [] },
      usage_limit_reached: { owner: 'server', required: limitParams, optional: [] },
    },
    enums: {
      plan_type: ['free', 'pro', 'enterprise'],
      limit_scope: ['user', 'organization'],
      limit_unit: ['generations', 'tokens', 'cost'],
      limit_period: ['day', 'month'],
    },
  } as const;

  it('sends usage_limit_approached / usage_limit_reached with enum params only, through the MP client', async () => {
    const mp = createMeasurementProtocol({ measurementId: 'G-TEST123', apiSecret: 'secret', taxonomy });
    const ids = { clientId: '1234567890.1700000000', sessionId: '1700000000' };
    const base = { plan: 'free', scope: 'user', unit: 'tokens', period: 'day', periodKey: '2026-12-03' } as const;
    expect(sendUsageLimitNotice(mp, { kind: 'approaching', ...base }, ids)).toBe(true);
    expect(sendUsageLimitNotice(mp, { kind: 'reached', ...base }, ids)).toBe(true);
    expect(await mp.flush()).toMatchObject({ delivered: 2, dropped: 0 });
    const params = { plan_type: 'free', limit_scope: 'user', limit_unit: 'tokens', limit_period: 'day' };
    expect(ga.events().map((e) => [e.name, e.params])).toEqual([
      ['usage_limit_approached', expect.objectContaining(params)],
      ['usage_limit_reached', expect.objectContaining(params)],
    ]);
  });

  it('sends nothing without the browser ids', async () => {
    const mp = createMeasurementProtocol({ measurementId: 'G-TEST123', apiSecret: 'secret', taxonomy });
    const notice = { kind: 'reached', plan: 'pro', scope: 'organization', unit: 'cost', period: 'month', periodKey: '2026-12' } as const;
    expect(sendUsageLimitNotice(mp, notice, { clientId: '1234567890.1700000000' })).toBe(false);
    await mp.flush();
    expect(ga.events()).toEqual([]);
  });
});
