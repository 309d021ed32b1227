import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkoutMetadataKeys,
  checkoutSessionMetadata,
  createMemoryProcessedEvents,
  fromMinorUnits,
  recordCheckoutCompleted,
  type ProcessedEvents,
  type RecordCheckoutRawOptions,
} from '@taxon/edge';
import { createSqlProcessedEvents } from '@taxon/store';
import { createGaMock } from './lib/ga-mock.js';
import { GA_URL, testMeasurementProtocol } from './lib/measurement-protocol.js';
import { useMockServer } from './lib/mock-server.js';
import { backends, type TestDatabase } from '../../store/test/lib/postgres-backends.js';

const SECRET = 'whsec_test_0123456789abcdef';
const ga = createGaMock({ baseUrl: GA_URL });
const stripe = new Stripe('sk_test_not_a_real_key');
let sequence = 0;

useMockServer([ga]);

const analyticsIds = { clientId: '1234567890.1763900000', sessionId: '1763900000' };

/** A Stripe event as Stripe sends it (the fields this code reads, and a few it does not). */
function stripeEvent(options: {
  type?: string;
  session?: Record<string, unknown>;
  metadata?: Record<string, string>;
  created?: number;
  id?: string;
} = {}) {
  sequence++;
  return {
    id: options.id ?? `evt_test_${sequence}_${Date.now()}`,
    object: 'event',
    api_version: '2025-10-29.clover',
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    type: options.type ?? 'checkout.session.completed',
    data: {
      object: {
        id: `cs_test_a1B2c3D4e5F6g7H8i9_${sequence}`,
        object: 'checkout.session',
        mode: 'subscription',
        status: 'complete',
        payment_status: 'paid',
        amount_subtotal: 1999,
        amount_total: 1999,
        currency: 'usd',
        customer_details: { email: 'jane@example.com', name: 'Jane Doe' },
        metadata:
          options.metadata ?? checkoutSessionMetadata({ ...analyticsIds, targetPlan: 'pro', billingInterval: 'monthly' }),
        ...options.session,
      },
    },
  };
}

function delivery(event: object, overrides: Partial<RecordCheckoutRawOptions> = {}) {
  const body = JSON.stringify(event);
  return {
    body,
    signature: stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }),
    secret: SECRET,
    stripe,
    ...overrides,
  };
}

function setup(processed: ProcessedEvents = createMemoryProcessedEvents()) {
  return { mp: testMeasurementProtocol(), processed };
}

describe('recordCheckoutCompleted', () => {
  it('sends checkout_completed and purchase with transaction_id = the session id, in the browser session', async () => {
    const deps = setup();
    const event = stripeEvent();
    const receivedAt = Date.now();
    const result = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    const transactionId = event.data.object.id;
    expect(result).toEqual({
      ok: true,
      status: 'recorded',
      httpStatus: 200,
      eventId: event.id,
      transactionId,
      value: '19.99',
      currency: 'USD',
    });
    const events = ga.events();
    expect(events.map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
    expect(events[0]!.params).toMatchObject({
      target_plan: 'pro',
      billing_interval: 'monthly',
      value: 19.99,
      currency: 'USD',
      transaction_id: transactionId,
      session_id: analyticsIds.sessionId,
    });
    expect(events[1]!.params).toMatchObject({
      transaction_id: transactionId,
      value: 19.99,
      currency: 'USD',
      session_id: analyticsIds.sessionId,
    });
    expect(events.every((e) => e.clientId === analyticsIds.clientId)).toBe(true);
    // A fresh delivery goes at receipt time: `created` is whole seconds and could sort before checkout_started.
    expect(events[0]!.timestamp_micros).toBeGreaterThanOrEqual(receivedAt * 1000);
    // Personal and payment details in the session never reach GA.
    const wire = ga.requests.map((r) => r.rawBody).join('\n');
    for (const secret of ['jane@example.com', 'Jane Doe', event.id]) expect(wire).not.toContain(secret);
  });

  it('the same webhook delivered twice sends once', async () => {
    const deps = setup();
    const event = stripeEvent();
    const first = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    const second = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    expect([first.status, second.status]).toEqual(['recorded', 'duplicate']);
    expect(second.httpStatus).toBe(200);
    expect(ga.events().map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
  });

  it('two concurrent deliveries of one event send once', async () => {
    const deps = setup();
    const event = stripeEvent();
    const results = await Promise.all([
      recordCheckoutCompleted({ ...delivery(event), ...deps }),
      recordCheckoutCompleted({ ...delivery(event), ...deps }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'recorded']);
    expect(ga.events().map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
  });

  it('a delayed payment is recorded on async_payment_succeeded, once, whatever Stripe sends after', async () => {
    const deps = setup();
    const pending = stripeEvent({ session: { payment_status: 'unpaid' } });
    const session = pending.data.object;
    const paid = (type: string) => ({ ...stripeEvent({ type }), data: { object: { ...session, payment_status: 'paid' } } });
    const succeeded = paid('checkout.session.async_payment_succeeded');
    const again = paid('checkout.session.completed');
    const statuses = [];
    for (const event of [pending, succeeded, again]) {
      statuses.push((await recordCheckoutCompleted({ ...delivery(event), ...deps })).status);
    }
    expect(statuses).toEqual(['ignored', 'recorded', 'duplicate']);
    expect(ga.events().map((e) => [e.name, e.params['transaction_id']])).toEqual([
      ['checkout_completed', session.id],
      ['purchase', session.id],
    ]);
  });

  it.each([
    ['a wrong secret', (d: ReturnType<typeof delivery>) => ({ ...d, secret: 'whsec_someone_else' })],
    ['a tampered body', (d: ReturnType<typeof delivery>) => ({ ...d, body: d.body.replace('1999', '1') })],
    ['no header', (d: ReturnType<typeof delivery>) => ({ ...d, signature: null })],
    [
      'a replayed signature older than the tolerance',
      (d: ReturnType<typeof delivery>) => ({
        ...d,
        signature: stripe.webhooks.generateTestHeaderString({
          payload: d.body,
          secret: SECRET,
          timestamp: Math.floor(Date.now() / 1000) - 600,
        }),
      }),
    ],
  ])('%s is invalid_signature (400) and sends nothing', async (_name, tamper) => {
    const deps = setup();
    const result = await recordCheckoutCompleted({ ...tamper(delivery(stripeEvent())), ...deps });
    expect(result).toMatchObject({ ok: false, status: 'invalid_signature', httpStatus: 400 });
    expect(ga.requests).toEqual([]);
  });

  it('missing GA ids are an invalid_checkout naming the metadata keys, not an unassigned event', async () => {
    const deps = setup();
    const event = stripeEvent({ metadata: { target_plan: 'pro', billing_interval: 'yearly' } });
    const result = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    expect(result).toMatchObject({
      ok: false,
      status: 'invalid_checkout',
      httpStatus: 200,
      transactionId: event.data.object.id,
    });
    const problems = result.status === 'invalid_checkout' ? result.problems.join('\n') : '';
    expect(problems).toContain(`metadata.${checkoutMetadataKeys.clientId} is missing`);
    expect(problems).toContain(`metadata.${checkoutMetadataKeys.sessionId} is missing`);
    expect(ga.requests).toEqual([]);
    // Nothing was marked: once the metadata is fixed (a new session), it is recorded.
    expect(await deps.processed.markProcessed(`transaction:${event.data.object.id}`)).toBe(true);
  });

  it('a plan outside the taxonomy is refused before anything is marked or sent', async () => {
    const deps = setup();
    const metadata = checkoutSessionMetadata({ ...analyticsIds, targetPlan: 'platinum', billingInterval: 'monthly' });
    const event = stripeEvent({ metadata });
    const result = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    expect(result).toMatchObject({ ok: false, status: 'invalid_checkout' });
    const problem = result.status === 'invalid_checkout' ? result.problems[0] : '';
    expect(problem).toMatch(/target_plan must be one of pro, enterprise/);
    expect(ga.requests).toEqual([]);
  });

  it('uses the currency’s minor unit: 1999 JPY is 1999', async () => {
    const deps = setup();
    const event = stripeEvent({ session: { currency: 'jpy', amount_total: 1999 } });
    const result = await recordCheckoutCompleted({ ...delivery(event), ...deps });
    expect(result).toMatchObject({ status: 'recorded', value: '1999', currency: 'JPY' });
    expect(ga.events()[1]!.params).toMatchObject({ value: 1999, currency: 'JPY' });
  });

  it('ignores other event types', async () => {
    const deps = setup();
    const result = await recordCheckoutCompleted({ ...delivery(stripeEvent({ type: 'invoice.paid' })), ...deps });
    expect(result).toMatchObject({ ok: true, status: 'ignored', eventType: 'invoice.paid' });
    expect(ga.requests).toEqual([]);
  });

  it('a late delivery (a Stripe retry) is backdated to the event time', async () => {
    const deps = setup();
    const event = stripeEvent({ created: Math.floor(Date.now() / 1000) - 600 });
    expect((await recordCheckoutCompleted({ ...delivery(event), ...deps })).status).toBe('recorded');
    expect(ga.events().map((e) => e.timestamp_micros)).toEqual([event.created * 1_000_000, event.created * 1_000_000]);
  });

  it('an event older than 71 hours is sent at receipt time (MP refuses timestamps older than 72 h)', async () => {
    const deps = setup();
    const event = stripeEvent({ created: Math.floor(Date.now() / 1000) - 72 * 3600 });
    expect((await recordCheckoutCompleted({ ...delivery(event), ...deps })).status).toBe('recorded');
    const stamps = ga.events().map((e) => e.timestamp_micros ?? Infinity);
    expect(stamps).toHaveLength(2);
    for (const stamp of stamps) expect(stamp).toBeGreaterThan((event.created + 71 * 3600) * 1_000_000);
  });

  it('a processed-events store that fails is a 500 (Stripe retries) and sends nothing', async () => {
    const deps = setup({ markProcessed: () => Promise.reject(new Error('database is down')) });
    const result = await recordCheckoutCompleted({ ...delivery(stripeEvent()), ...deps });
    expect(result).toMatchObject({ ok: false, status: 'error', httpStatus: 500, message: 'database is down' });
    expect(ga.requests).toEqual([]);
  });

  it('verifies with Web Crypto (edge runtimes) through Stripe’s SubtleCryptoProvider', async () => {
    const deps = setup();
    const cryptoProvider = Stripe.createSubtleCryptoProvider();
    const body = JSON.stringify(stripeEvent());
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: body,
      secret: SECRET,
      cryptoProvider,
    });
    const result = await recordCheckoutCompleted({
      body,
      signature,
      secret: SECRET,
      stripe: Stripe,
      cryptoProvider,
      ...deps,
    });
    expect(result.status).toBe('recorded');
    // The sync API cannot use Web Crypto: this is why constructEventAsync is used.
    expect(() => stripe.webhooks.constructEvent(body, signature, SECRET, undefined, cryptoProvider)).toThrow();
  });

  it('hands the flush to waitUntil instead of awaiting it', async () => {
    const deps = setup();
    const tasks: Promise<unknown>[] = [];
    const waitUntil = (task: Promise<unknown>) => tasks.push(task);
    const result = await recordCheckoutCompleted({ ...delivery(stripeEvent()), ...deps, waitUntil });
    expect(result.status).toBe('recorded');
    expect(tasks).toHaveLength(1);
    await tasks[0];
    expect(ga.events().map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
  });
});

describe.each(backends)('processed events in SQL ($name)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.open();
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it('dedupes across instances on their own connections, concurrent calls included', async () => {
    const a = await createSqlProcessedEvents(database.driver);
    const b = await createSqlProcessedEvents(await database.openAnother());
    const results = await Promise.all([a, b, a, b].map((store) => store.markProcessed('evt_1')));
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.forget?.('evt_1');
    expect(await b.markProcessed('evt_1')).toBe(true);
  });

  it('makes a webhook redelivered to another instance a duplicate', async () => {
    const first = setup(await createSqlProcessedEvents(database.driver));
    const second = setup(await createSqlProcessedEvents(await database.openAnother()));
    const event = stripeEvent();
    const results = await Promise.all([
      recordCheckoutCompleted({ ...delivery(event), ...first }),
      recordCheckoutCompleted({ ...delivery(event), ...second }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'recorded']);
    expect(ga.events().map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
  });
});

describe('recordCheckoutCompleted with an event the app already verified', () => {
  const refusingStripe = {
    webhooks: {
      constructEventAsync: () => {
        throw new Error('verified a second time');
      },
    },
  };

  it('records the verified event without verifying it again, and dedupes its redelivery', async () => {
    const deps = setup();
    const body = JSON.stringify(stripeEvent());
    // What the app's own route does before handing the event over.
    const event = stripe.webhooks.constructEvent(body, stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }), SECRET);
    const first = await recordCheckoutCompleted({ event, ...deps });
    expect(first).toMatchObject({ ok: true, status: 'recorded', value: '19.99', currency: 'USD' });
    expect(await recordCheckoutCompleted({ event, ...deps })).toMatchObject({ status: 'duplicate' });
    expect(ga.events().map((e) => e.name)).toEqual(['checkout_completed', 'purchase']);
    // The raw path with a stripe that must not be called still verifies (and fails) as before.
    const raw = await recordCheckoutCompleted({ ...delivery(stripeEvent()), stripe: refusingStripe, ...deps });
    expect(raw).toMatchObject({ status: 'invalid_signature', message: expect.stringMatching(/verified a second time/) });
  });

  it('records a trial or a 100%-off checkout (no_payment_required) with value 0', async () => {
    const deps = setup();
    const event = stripeEvent({ session: { payment_status: 'no_payment_required', amount_subtotal: 1999, amount_total: 0 } });
    expect(await recordCheckoutCompleted({ event, ...deps })).toMatchObject({ status: 'recorded', value: '0' });
    await deps.mp.flush();
    const purchase = ga.events().find((e) => e.name === 'purchase');
    expect(purchase?.params).toMatchObject({ value: 0, currency: 'USD' });
  });

  it('refuses something that is not a Stripe event with a clear message, without throwing', async () => {
    const deps = setup();
    const result = await recordCheckoutCompleted({ event: { id: 'evt_1' } as never, ...deps });
    expect(result).toMatchObject({ ok: false, status: 'invalid_signature', httpStatus: 400 });
    expect(result.ok === false && 'message' in result && result.message).toMatch(/options\.event: expected the Stripe event your route verified/);
    expect(ga.requests).toEqual([]);
  });
});

describe('helpers', () => {
  it('checkoutSessionMetadata builds the keys recordCheckoutCompleted reads, and refuses missing ids', () => {
    expect(checkoutSessionMetadata({ ...analyticsIds, targetPlan: 'pro', billingInterval: 'yearly' })).toEqual({
      ga_client_id: analyticsIds.clientId,
      ga_session_id: analyticsIds.sessionId,
      target_plan: 'pro',
      billing_interval: 'yearly',
    });
    const incomplete = { clientId: '', sessionId: '1', targetPlan: 'pro', billingInterval: 'yearly' };
    expect(() => checkoutSessionMetadata(incomplete)).toThrow(
      /missing clientId\. Read clientId and sessionId in the browser with getAnalyticsIds\(\)/,
    );
  });

  it('fromMinorUnits handles two-, zero- and three-decimal currencies exactly', () => {
    expect(fromMinorUnits(1999, 'usd')).toBe('19.99');
    expect(fromMinorUnits(10, 'EUR')).toBe('0.1');
    expect(fromMinorUnits(1999, 'JPY')).toBe('1999');
    expect(fromMinorUnits(12340, 'kwd')).toBe('12.34');
    expect(() => fromMinorUnits(19.5, 'usd')).toThrow(/non-negative integer/);
  });

  it('the in-memory store forgets the oldest id past its capacity', async () => {
    const store = createMemoryProcessedEvents({ capacity: 2 });
    for (const id of ['a', 'b', 'c']) expect(await store.markProcessed(id)).toBe(true);
    expect(await store.markProcessed('c')).toBe(false);
    expect(await store.markProcessed('a')).toBe(true);
  });
});
