// `taxon verify --collector` against the real Taxon collector (packages/collector), started here
// on in-memory PGlite with the reference taxonomy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector, type RunningCollector } from '@taxon/collector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxon-verify-real-'));
let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector({ taxonomy: join(repo, 'taxonomy'), testMode: true });
});
beforeEach(async () => {
  expect((await fetch(`${collector.url}/events`, { method: 'DELETE' })).status).toBe(204);
});
afterAll(async () => {
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

const monetization: [string, Record<string, unknown>][] = [
  ['paywall_viewed', { paywall_reason: 'free_limit_reached', plan_type: 'free' }],
  ['upgrade_clicked', { source: 'paywall', plan_type: 'free', target_plan: 'pro' }],
  ['checkout_started', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR' }],
  ['checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5F6g7H8' }],
];

async function send(events: [string, Record<string, unknown>][], clientId = '1234567890.1763892000'): Promise<void> {
  const response = await fetch(`${collector.url}/mp/collect?measurement_id=G-TEST`, {
    method: 'POST',
    body: JSON.stringify({
      client_id: clientId,
      events: events.map(([name, params]) => ({ name, params: { session_id: '1763892000', engagement_time_msec: 100, ...params } })),
    }),
  });
  expect(response.status).toBe(204);
}

async function taxon(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd: repo, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('taxon verify --collector against a real collector', () => {
  it('passes when every step of the funnel arrived with valid params', async () => {
    await send(monetization);
    const { code, stdout } = await taxon('verify', '--collector', collector.url, '--funnel', 'monetization');
    expect(stdout).toContain(`4 of 4 expected events arrived (funnel monetization; collector ${collector.url}`);
    expect(stdout).not.toContain('Param problems');
    expect(code).toBe(0);
  });

  it('fails naming the missing event when one step is skipped', async () => {
    await send(monetization.filter(([name]) => name !== 'checkout_started'));
    const { code, stdout } = await taxon('verify', '--collector', collector.url, '--funnel', 'monetization');
    expect(stdout).toMatch(/✗ checkout_started\s+missing/);
    expect(stdout).toContain('Missing: checkout_started\n');
    expect(code).toBe(1);
  });

  it('checks params: a step the collector refused is missing, with the collector\'s reason as a param problem', async () => {
    const [paywall, upgrade, started, completed] = monetization;
    await send([paywall!, upgrade!, started!, ['checkout_completed', { ...completed![1], currency: 'eur' }]]);
    const { code, stdout } = await taxon('verify', '--collector', collector.url, '--funnel', 'monetization', '--format', 'json');
    const result = JSON.parse(stdout) as { missing: string[]; paramProblems: unknown[] };
    expect(result.missing).toEqual(['checkout_completed']);
    expect(result.paramProblems).toEqual([
      { event: 'checkout_completed', problem: 'refused by the collector: "eur" does not match ^[A-Z]{3}$. (VALUE_INVALID)', count: 1 },
    ]);
    expect(code).toBe(1);
    const bad = (await (await fetch(`${collector.url}/events/bad`)).json()) as { events: { name: string; reasons: { validationCode: string; description: string }[] }[] };
    expect(bad.events.map((e) => [e.name, e.reasons])).toEqual([
      ['checkout_completed', [expect.objectContaining({ validationCode: 'VALUE_INVALID', description: '"eur" does not match ^[A-Z]{3}$.' })]],
    ]);
  });

  it('knows the events and params the runtimes add: page_view with gclid, web-vitals metrics', async () => {
    await send([
      ...monetization,
      ['page_view', { page_location: 'http://localhost:3000/pricing', page_title: 'Pricing', gclid: 'Cj0KCQiA' }],
      ['LCP', { value: 1200, metric_id: 'v5-1763892000000-1234567890', metric_value: 1200.5, metric_delta: 1200.5, metric_rating: 'good' }],
    ]);
    const { code, stdout } = await taxon('verify', '--collector', collector.url, '--funnel', 'monetization');
    expect(stdout).not.toContain('not in the taxonomy');
    expect(stdout).not.toContain('Param problems');
    expect(code).toBe(0);
  });

  it('only the given client counts with --client-id', async () => {
    await send(monetization, 'other.1');
    await send(monetization.slice(0, 2), 'mine.1');
    const { code, stdout } = await taxon('verify', '--collector', collector.url, '--funnel', 'monetization', '--client-id', 'mine.1');
    expect(stdout).toContain('Missing: checkout_started, checkout_completed\n');
    expect(code).toBe(1);
  });

  it('--validate prints the collector debug endpoint messages (GA codes and taxonomy codes)', async () => {
    const payload = join(dir, 'payload.json');
    writeFileSync(payload, JSON.stringify({ client_id: '1.2', events: [{ name: '1bad', params: {} }, { name: 'paywall_viewd', params: {} }] }));
    const { code, stdout } = await taxon('verify', '--validate', payload, '--collector', collector.url);
    expect(stdout).toContain(`2 validation messages from ${collector.url}/debug/mp/collect:`);
    expect(stdout).toMatch(/events\[0\]\.name\s+NAME_INVALID\s+The event name "1bad" is invalid/);
    expect(stdout).toMatch(/events\[1\]\.name\s+UNKNOWN_EVENT\s+"paywall_viewd" is not an event of taxonomy ai-writer 1\.0\.0\. Did you mean "paywall_viewed"\?/);
    expect(code).toBe(1);
    expect(((await (await fetch(`${collector.url}/health`)).json()) as { good: number; bad: number })).toMatchObject({ ok: true, good: 0, bad: 0 });
  });
});
