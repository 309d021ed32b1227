// Per-file wiring: one stack and one Chromium per test file, a fresh browser context and empty
// collector/Sentry storage per test, and no request to the internet, ever.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchBrowser, openSession, type BrowserSession } from './browser.js';
import { startE2EStack, type E2EStack } from './stack.js';

/** What a test of an e2e file reaches: valid inside tests and hooks registered after the call. */
export interface E2EContext {
  stack: E2EStack;
  browser: Browser;
  session: BrowserSession;
}

/**
 * Registers the hooks of an e2e file: `startStack` with `env` and Chromium once (in parallel),
 * then before each test `DELETE /events`, `DELETE /api/sentry` and a fresh context; after each
 * test it checks that no request tried to leave the machine, and closes the context.
 */
export function useE2E(env: Record<string, string> = {}): E2EContext {
  const ctx = {} as E2EContext;
  beforeAll(async () => {
    const [stack, browser] = await Promise.allSettled([startE2EStack(env), launchBrowser()]);
    if (stack.status === 'fulfilled') ctx.stack = stack.value;
    if (browser.status === 'fulfilled') ctx.browser = browser.value;
    if (stack.status === 'rejected') throw stack.reason;
    if (browser.status === 'rejected') throw browser.reason;
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.stack?.close();
  });
  beforeEach(async () => {
    await ctx.stack.reset();
    ctx.session = await openSession(ctx.browser);
  });
  afterEach(async (test) => {
    const blocked = [...ctx.session.blockedRequests];
    await ctx.session.close();
    if (test.task.result?.state === 'fail') {
      const server = ctx.stack.serverOutput?.().split('\n').slice(-40).join('\n') ?? '';
      console.log(`--- demo server output (last 40 lines) for "${test.task.name}" ---\n${server}`);
    }
    expect(blocked, 'requests to the internet (aborted by the test)').toEqual([]);
  });
  return ctx;
}
