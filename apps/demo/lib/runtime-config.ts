/**
 * Runtime configuration, read from `process.env` at request time (never `NEXT_PUBLIC_*`, which
 * `next build` would freeze into the bundle): one build serves the demo and every e2e setup.
 */

/** What the browser needs; the root layout passes it to the client providers. */
export interface PublicConfig {
  /** The Taxon collector's base URL, where the browser posts Measurement Protocol batches. */
  collectorUrl: string;
  /** GA4 measurement id; when set gtag.js is loaded as well as the collector destination. */
  gaMeasurementId: string | null;
  /** GTM container id; when set gtm.js is loaded as well. */
  gtmContainerId: string | null;
  /** The hosted checkout origin (a second site, like Stripe Checkout). */
  checkoutUrl: string;
  /** Sentry DSN. Envelopes go through the `/api/sentry` tunnel, which keeps a copy. */
  sentryDsn: string;
  /** The app release, a Sentry tag and usage-log column. */
  release: string;
}

/** A DSN of the right shape that points nowhere: the tunnel stores envelopes, never forwards them. */
export const FAKE_SENTRY_DSN = 'https://0123456789abcdef0123456789abcdef@o0.ingest.sentry.io/0';

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

/** The collector URL (browser and server MP target). */
export function collectorUrl(): string {
  return (env('TAXON_COLLECTOR_URL') ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
}

/** The hosted checkout origin. */
export function checkoutUrl(): string {
  return (env('CHECKOUT_URL') ?? 'http://checkout.localhost:3001').replace(/\/+$/, '');
}

/** The configured Sentry DSN, or undefined when none is set (the fake one is used, never forwarded). */
export function configuredSentryDsn(): string | undefined {
  return env('SENTRY_DSN');
}

/** GA4 measurement id, if set. */
export function gaMeasurementId(): string | undefined {
  return env('GA_MEASUREMENT_ID');
}

/** The release name. */
export function release(): string {
  return env('QUILL_RELEASE') ?? 'quill-demo@0.0.0';
}

/** The configuration the browser receives. Call it in a dynamically rendered server component. */
export function publicConfig(): PublicConfig {
  return {
    collectorUrl: collectorUrl(),
    gaMeasurementId: gaMeasurementId() ?? null,
    gtmContainerId: env('GTM_CONTAINER_ID') ?? null,
    checkoutUrl: checkoutUrl(),
    sentryDsn: configuredSentryDsn() ?? FAKE_SENTRY_DSN,
    release: release(),
  };
}

/**
 * The Stripe webhook signing secret shared with the checkout origin, or undefined when
 * `STRIPE_WEBHOOK_SECRET` is unset. There is no fallback: a secret written in the repository
 * would let anyone forge a paid checkout. `pnpm demo` generates one per run.
 */
export function stripeWebhookSecret(): string | undefined {
  return env('STRIPE_WEBHOOK_SECRET');
}

/**
 * Test mode (`QUILL_TEST_MODE=1`, set by the e2e stack): the Sentry tunnel's stored envelopes
 * can be read back and cleared over HTTP. Off in `pnpm demo` and any deployment.
 */
export function testMode(): boolean {
  return env('QUILL_TEST_MODE') === '1';
}

/** Where the demo's own PGlite database (usage log, processed webhooks) lives. */
export function demoDataDir(): string {
  return env('QUILL_DATA_DIR') ?? '.taxon/demo-pglite';
}
