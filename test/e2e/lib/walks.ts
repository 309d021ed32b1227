// User journeys through the demo ("Quill"), by the data-testids of the issue 5 contract.
import type { Page } from 'playwright-core';
import type { E2EStack } from './stack.js';

/** The `<title>` of each demo route (issue 5 contract). */
export const TITLES = {
  '/': 'Quill - Home',
  '/pricing': 'Quill - Pricing',
  '/signup': 'Quill - Sign up',
  '/onboarding': 'Quill - Onboarding',
  '/app': 'Quill - App',
  '/checkout': 'Quill - Checkout',
  '/success': 'Quill - Welcome to Pro',
  '/analytics': 'Quill - Analytics',
} as const;

const byTestId = (page: Page, id: string) => page.getByTestId(id);

/** Waits until the document title is `title` (the App Router sets it after the route commits). */
export async function waitForTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, title, { timeout: 15_000 });
}

/** Full page load of a demo path; resolves when the route's title is shown. */
export async function visit(page: Page, stack: E2EStack, path: keyof typeof TITLES): Promise<void> {
  await page.goto(new URL(path, stack.demoUrl).href, { waitUntil: 'load' });
  await waitForTitle(page, TITLES[path]);
}

/** Clicks the banner's accept button and waits for the banner to go. */
export async function acceptConsent(page: Page): Promise<void> {
  await byTestId(page, 'consent-accept').click();
  await byTestId(page, 'consent-accept').waitFor({ state: 'hidden' });
}

/** Client-side navigation through a `data-testid="nav-<route>"` link. */
export async function clickNav(page: Page, nav: 'home' | 'pricing' | 'signup' | 'app' | 'analytics'): Promise<void> {
  const path = nav === 'home' ? '/' : (`/${nav}` as const);
  await byTestId(page, `nav-${nav}`).click();
  await page.waitForURL((url) => url.pathname === path);
  await waitForTitle(page, TITLES[path]);
}

/**
 * Lands with consent: the first visit shows the banner; after accepting, the landing page is
 * loaded again so its page view and landing_viewed are sent with analytics_storage granted.
 */
export async function landWithConsent(page: Page, stack: E2EStack): Promise<void> {
  await visit(page, stack, '/');
  await acceptConsent(page);
  await visit(page, stack, '/');
}

/** From the landing page: sign up with `email`, finish onboarding, arrive on /app. */
export async function signUpAndOnboard(page: Page, email = 'new.user@example.com'): Promise<void> {
  await clickNav(page, 'signup');
  await byTestId(page, 'signup-email').fill(email);
  await byTestId(page, 'signup-submit').click();
  await page.waitForURL((url) => url.pathname === '/onboarding');
  await waitForTitle(page, TITLES['/onboarding']);
  await byTestId(page, 'onboarding-finish').click();
  await page.waitForURL((url) => url.pathname === '/app');
  await waitForTitle(page, TITLES['/app']);
}

/** Options of one generation on /app. */
export interface GenerateOptions {
  scenario?: 'normal' | 'slow' | 'timeout' | 'rate_limited' | 'malformed';
  prompt?: string;
  feature?: string;
  model?: string;
}

/** What the app showed after one click on generate. */
export type GenerateOutcome = { kind: 'output' | 'error' | 'paywall'; text: string };

/**
 * One click on generate with the given selections; resolves when `/api/generate` has answered
 * and the page has rendered the result (the output or the error type). Returns `paywall`
 * without clicking when the paywall is already shown.
 */
export async function generate(page: Page, options: GenerateOptions = {}): Promise<GenerateOutcome> {
  if (await byTestId(page, 'paywall').isVisible()) return { kind: 'paywall', text: '' };
  if (options.feature) await byTestId(page, 'feature-select').selectOption(options.feature);
  if (options.model) await byTestId(page, 'model-select').selectOption(options.model);
  await byTestId(page, 'scenario-select').selectOption(options.scenario ?? 'normal');
  await byTestId(page, 'prompt-input').fill(options.prompt ?? 'Rewrite this sentence so it reads better.');
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/generate', { timeout: 120_000 });
  await byTestId(page, 'generate').click();
  await answered;
  await waitUntilIdle(page);
  if (await byTestId(page, 'generation-error').isVisible()) {
    return { kind: 'error', text: (await byTestId(page, 'generation-error').textContent()) ?? '' };
  }
  return { kind: 'output', text: (await byTestId(page, 'output').textContent()) ?? '' };
}

/** Waits until the workspace is no longer busy generating (its button leaves "Generating..."). */
export async function waitUntilIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => !/Generating/.test(document.querySelector('[data-testid="generate"]')?.textContent ?? ''),
    undefined, { timeout: 30_000 });
}

/** Generates (normal scenario) until the paywall shows; returns the generations made. */
export async function generateUntilPaywall(page: Page, max = 6): Promise<number> {
  for (let i = 0; i <= max; i++) {
    if (await byTestId(page, 'paywall').isVisible()) return i;
    const outcome = await generate(page);
    if (outcome.kind === 'error') throw new Error(`A normal generation failed: ${outcome.text}`);
  }
  throw new Error(`No paywall after ${max} generations (the contract says it shows after 3 free ones).`);
}

/**
 * From the paywall: upgrade, start the checkout and land on the hosted checkout page of the
 * second origin. Returns the Checkout Session id taken from `/pay/<cs_id>`.
 */
export async function upgradeToHostedCheckout(page: Page, stack: E2EStack): Promise<string> {
  await byTestId(page, 'upgrade').click();
  await page.waitForURL((url) => url.pathname === '/checkout');
  await waitForTitle(page, TITLES['/checkout']);
  return payOnCheckoutPage(page, stack);
}

/** On /checkout: click pay and wait for the hosted checkout page; returns the `cs_` id. */
export async function payOnCheckoutPage(page: Page, stack: E2EStack): Promise<string> {
  const checkoutHost = new URL(stack.checkoutUrl).host;
  await byTestId(page, 'checkout-pay').click();
  await page.waitForURL((url) => url.host === checkoutHost && url.pathname.startsWith('/pay/'), { timeout: 30_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.slice('/pay/'.length));
  if (!/^cs_/.test(id)) throw new Error(`The hosted checkout URL ${page.url()} does not end in a cs_ id.`);
  await byTestId(page, 'pay-now').waitFor();
  return id;
}

/** On the hosted checkout page: pay, and wait for the demo's success page; returns the URL it landed on. */
export async function completePayment(page: Page, stack: E2EStack): Promise<string> {
  const demoHost = new URL(stack.demoUrl).host;
  await byTestId(page, 'pay-now').click();
  await page.waitForURL((url) => url.host === demoHost && url.pathname === '/success', { timeout: 30_000 });
  const landed = page.url();
  await waitForTitle(page, TITLES['/success']);
  return landed;
}

/**
 * The whole monetization walk: signup, the free generations, paywall, upgrade, payment.
 * Returns the Checkout Session id and the success URL the checkout origin redirected to.
 */
export async function walkMonetization(page: Page, stack: E2EStack): Promise<{ checkoutSessionId: string; successUrl: string }> {
  await landWithConsent(page, stack);
  await signUpAndOnboard(page);
  await generateUntilPaywall(page);
  const checkoutSessionId = await upgradeToHostedCheckout(page, stack);
  const successUrl = await completePayment(page, stack);
  return { checkoutSessionId, successUrl };
}

/**
 * Lets the pages finish what they are sending: returns once no request has started or finished
 * for `quietMs` (longer than the collector destination's 250 ms batch window), or after `maxMs`.
 * Only for asserting that something did NOT happen; positive checks poll the collector instead.
 */
export async function settle(page: Page, quietMs = 1_000, maxMs = 10_000): Promise<void> {
  const context = page.context();
  let last = Date.now();
  const touch = () => {
    last = Date.now();
  };
  context.on('request', touch);
  context.on('requestfinished', touch);
  context.on('requestfailed', touch);
  const start = Date.now();
  try {
    while (Date.now() - last < quietMs && Date.now() - start < maxMs) await page.waitForTimeout(100);
  } finally {
    context.off('request', touch);
    context.off('requestfinished', touch);
    context.off('requestfailed', touch);
  }
}
