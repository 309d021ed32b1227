// The demo's Stripe webhook secret has no fallback: a secret committed in the repository would
// let anyone forge a paid checkout on a deployed demo.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stripeWebhookSecret, testMode } from '../apps/demo/lib/runtime-config';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('demo runtime config', () => {
  it('has no webhook secret unless STRIPE_WEBHOOK_SECRET is set', () => {
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', '');
    expect(stripeWebhookSecret()).toBeUndefined();
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', 'whsec_from_the_environment');
    expect(stripeWebhookSecret()).toBe('whsec_from_the_environment');
  });

  it('keeps no whsec_ literal in the demo sources that verify webhooks', () => {
    for (const file of ['apps/demo/lib/runtime-config.ts', 'apps/demo/app/api/stripe/webhook/route.ts']) {
      expect(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')).not.toMatch(/['"`]whsec_[A-Za-z0-9_]+['"`]/);
    }
  });

  it('is in test mode only with QUILL_TEST_MODE=1 (the Sentry read-back)', () => {
    vi.stubEnv('QUILL_TEST_MODE', '');
    expect(testMode()).toBe(false);
    vi.stubEnv('QUILL_TEST_MODE', '1');
    expect(testMode()).toBe(true);
  });
});
