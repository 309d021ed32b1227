// Per-file wiring: the run's shared demo stack (or the file's own, when it needs another
// environment) and the run's Chromium, a fresh browser context and empty collector/Sentry storage
// per test, and no request to the internet, ever.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { connectBrowser, openSession, type BrowserSession } from './browser.js';
import { attachE2EStack, startE2EStack, type E2EStack } from './stack.js';

/** What a test of an e2e file reaches: valid inside tests and hooks registered after the call. */
export interface E2EContext {
  stack: E2EStack;
  browser: Browser;
  session: BrowserSession;
}

/**
 * Registers the hooks of an e2e file. Without `env` the file uses the default demo stack the
 * global setup started for the run; with `env` (added to the demo's environment) it starts its
 * own stack in `beforeAll` and stops it in `afterAll`. Either way it connects to the run's
 * Chromium. Before each test: `DELETE /events`, `DELETE /api/sentry` and a fresh context (no
 * cookies, no storage), so nothing of an earlier test or file is seen; after each test it checks
 * that no request tried to leave the machine, and closes the context.
 */
export function useE2E(env?: Record<string, string>): E2EContext {
  const ctx = {} as E2EContext;
  const ownStack = env !== undefined && Object.keys(env).length > 0;
  beforeAll(async () => {
    const [stack, browser] = await Promise.allSettled([
      ownStack ? startE2EStack(env) : Promise.resolve(attachE2EStack(inject('e2eStack'))),
      connectBrowser(inject('chromiumWsEndpoint')),
    ]);
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
