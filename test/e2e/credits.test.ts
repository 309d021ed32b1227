// A free user's paywall follows the server's credit ledger, not the browser's counter: failures are
// refunded, three successes spend the grant, and neither a doctored localStorage nor a direct
// request as a free user gets a fourth generation. The plan itself is the client's claim (the demo
// has no accounts): a request claiming 'pro' is not metered, which this test does not cover.
import { expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { generate, generateUntilPaywall, landWithConsent, signUpAndOnboard, visit } from './lib/walks.js';

const e2e = useE2E();

it('the paywall follows the ledger: refunds failures, survives a doctored counter, refuses a direct call', async () => {
  const { page } = e2e.session;
  await landWithConsent(page, e2e.stack);
  await signUpAndOnboard(page, 'credits.walker@example.com');
  const status = page.getByTestId('plan-status');
  await expect.poll(() => status.textContent()).toBe('3 of 3 free generations left');

  // A provider failure is released by the policy: nothing spent.
  expect((await generate(page, { scenario: 'rate_limited' })).kind).toBe('error');
  expect(await status.textContent()).toBe('3 of 3 free generations left');
  expect((await generate(page)).kind).toBe('output');
  expect(await status.textContent()).toBe('2 of 3 free generations left');
  expect(await generateUntilPaywall(page)).toBe(2);

  // The browser's own counter says nothing was used; the ledger says otherwise.
  const userId = await page.evaluate(() => {
    const user = JSON.parse(window.localStorage.getItem('quill.user') ?? '{}') as { id: string };
    window.localStorage.setItem('quill.user', JSON.stringify({ ...user, plan: 'free', generations: 0 }));
    return user.id;
  });
  await visit(page, e2e.stack, '/app');
  await expect.poll(() => page.getByTestId('paywall').isVisible()).toBe(true);
  expect(await status.textContent()).toBe('0 of 3 free generations left');

  // A request that skips the page is refused before any provider call (402), with the ledger's count.
  const response = await page.request.post(new URL('/api/generate', e2e.stack.demoUrl).href, {
    data: { feature: 'rewrite', model: 'gpt-4.1', prompt: 'one more', userId, planType: 'free' },
  });
  expect(response.status()).toBe(402);
  expect(await response.json()).toEqual({ ok: false, paywall: true, credits: { remaining: 0, granted: 3 } });
});
