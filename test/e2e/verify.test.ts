// `taxon verify --collector <url> --funnel monetization` (issue 6) after real browser walks:
// it passes when every step arrived and fails, naming the missing event, when one is skipped.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useE2E } from './lib/harness.js';
import { ROOT } from './lib/stack.js';
import {
  generateUntilPaywall,
  landWithConsent,
  signUpAndOnboard,
  upgradeToHostedCheckout,
  walkMonetization,
} from './lib/walks.js';

const e2e = useE2E();

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`node packages/cli/dist/bin.js`) from the repository root. */
function taxon(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STEPS = ['paywall_viewed', 'upgrade_clicked', 'checkout_started', 'checkout_completed'];

describe('taxon verify --collector --funnel monetization', () => {
  it('exits 0 after the monetization walk', async () => {
    const { page } = e2e.session;
    await walkMonetization(page, e2e.stack);
    const events = await e2e.stack.waitForEvents((list) => STEPS.every((s) => list.some((e) => e.name === s)),
      'every monetization step');
    const clientId = events.find((e) => e.name === 'checkout_started')!.client_id;

    const run = await taxon(['verify', '--collector', e2e.stack.collectorUrl, '--funnel', 'monetization', '--client-id', clientId]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('4 of 4 expected events arrived');
    for (const step of STEPS) expect(run.stdout).toMatch(new RegExp(`\u2713 ${step}\\s+1\\b`));
    expect(run.code, run.stdout).toBe(0);
  });

  it('exits 1 naming checkout_completed when the payment step is skipped', async () => {
    const { page } = e2e.session;
    await landWithConsent(page, e2e.stack);
    await signUpAndOnboard(page);
    await generateUntilPaywall(page);
    await upgradeToHostedCheckout(page, e2e.stack);
    // The user leaves the hosted checkout page without paying.
    const events = await e2e.stack.waitForEvents((list) => STEPS.slice(0, 3).every((s) => list.some((e) => e.name === s)),
      'the first three monetization steps');
    const clientId = events.find((e) => e.name === 'checkout_started')!.client_id;

    const run = await taxon(['verify', '--collector', e2e.stack.collectorUrl, '--funnel', 'monetization', '--client-id', clientId]);
    expect(run.stdout).toContain('3 of 4 expected events arrived');
    expect(run.stdout).toMatch(/\u2717 checkout_completed\s+missing/);
    expect(run.stdout).toContain('Missing: checkout_completed');
    expect(run.code, run.stdout).toBe(1);

    const json = await taxon(['verify', '--collector', e2e.stack.collectorUrl, '--funnel', 'monetization', '--client-id', clientId,
      '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ missing: ['checkout_completed'], expected: STEPS });
    expect(json.code).toBe(1);
  });
});
