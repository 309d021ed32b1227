// No personal data in any payload: an email typed at signup and a prompt full of PII are looked
// for in everything that crossed the wire. GA4 is on as well, so gtag's dataLayer is searched
// beside the collector, the server's Measurement Protocol events and the Sentry envelopes.
import { describe, expect, it } from 'vitest';
import { hidePage } from './lib/browser.js';
import { useE2E } from './lib/harness.js';
import { payloadSources, poll, sweepForPii } from './lib/stack.js';
import { generate, landWithConsent, settle, signUpAndOnboard } from './lib/walks.js';

const e2e = useE2E({ GA_MEASUREMENT_ID: 'G-TEST12345' });

const SIGNUP_EMAIL = 'jane.doe.quill+e2e@example.com';
const PROMPT_EMAIL = 'm.rossi@acme-corp.example';
const PHONE = '+1 415 555 0134';
const CARD = '4111 1111 1111 1111';
const API_KEY = 'sk-proj-Q3xV9tLm2Rk8WbZ4nYc7Hd1Ge5Fa6Js0';
const PROMPT = `Write a polite reminder to ${PROMPT_EMAIL} (phone ${PHONE}) that the card ${CARD} ` +
  `was declined, and mention our API key ${API_KEY} must be rotated.`;

// Every form a value could take on the wire: as typed, without separators, URL-encoded.
const NEEDLES = [
  SIGNUP_EMAIL, encodeURIComponent(SIGNUP_EMAIL), 'jane.doe.quill',
  PROMPT_EMAIL, encodeURIComponent(PROMPT_EMAIL), 'm.rossi',
  PHONE, '4155550134', '415 555 0134', '415-555-0134',
  CARD, '4111111111111111', '4111-1111-1111-1111',
  API_KEY, 'Q3xV9tLm2Rk8WbZ4nYc7Hd1Ge5Fa6Js0',
  'polite reminder',
];

describe('PII', () => {
  it('the signup email and a prompt with an email, phone, card and API key appear in no captured payload', async () => {
    const { page } = e2e.session;
    await landWithConsent(page, e2e.stack);
    await signUpAndOnboard(page, SIGNUP_EMAIL);
    expect((await generate(page, { prompt: PROMPT })).kind).toBe('output');
    await page.getByTestId('rate-up').click();
    const regenerated = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/generate');
    await page.getByTestId('regenerate').click();
    await regenerated;
    expect((await generate(page, { prompt: PROMPT, scenario: 'timeout' })).kind).toBe('error');
    await poll(() => e2e.stack.sentryEnvelopes(), (list) => list.length > 0, 'a Sentry envelope');
    await e2e.stack.waitForEvents((list) => list.some((e) => e.name === 'generation_failed'), 'generation_failed');
    await hidePage(page);
    await settle(page);

    const demoOrigin = new URL(e2e.stack.demoUrl).origin;
    // The prompt has to reach the app's own generate route: that is the product, not analytics.
    const isPromptToApp = (r: { url: string; method: string }) => r.method === 'POST' && r.url === `${demoOrigin}/api/generate`;
    const sources = await payloadSources(e2e.stack, {
      requests: e2e.session.requests,
      dataLayer: [...e2e.session.dataLayerPushes.map((p) => p.value)],
    });
    // The sweep sees real traffic: events at the collector, gtag commands, a Sentry error, and
    // it finds the prompt where it is allowed to be.
    expect(sources.collectorGood.length).toBeGreaterThan(5);
    expect(sources.dataLayer.length).toBeGreaterThan(5);
    expect(sources.sentry.length).toBeGreaterThan(0);
    expect(sweepForPii(sources, [PROMPT_EMAIL, CARD, API_KEY]).map((h) => h.where))
      .toContain(`POST ${demoOrigin}/api/generate (body)`);

    const hits = sweepForPii(sources, NEEDLES, isPromptToApp);
    expect(hits.map((h) => `${h.needle} in ${h.where}`)).toEqual([]);
    // The typed values stayed in the page's fields.
    expect(await page.getByTestId('prompt-input').inputValue()).toBe(PROMPT);
  });
});
