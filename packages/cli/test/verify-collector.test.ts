import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVerifyCommand } from '../src/commands/verify.js';
import { findConfig } from '../src/config.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

// A small collector speaking the API the Taxon collector documents (issue 5): POST /mp/collect,
// POST /debug/mp/collect, GET /events?name=&client_id=&session_id=&since=. Replace it with the
// real `startCollector()` once packages/collector exists.
interface Stored {
  name: string;
  params: Record<string, unknown>;
  client_id: string;
  session_id?: string;
  received_at: string;
}
const stored: Stored[] = [];
let malformed = false;
let now = Date.now();

function startCollector(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector');
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/events') {
        if (malformed) return res.end('{"events": {"oops": true}}');
        const since = url.searchParams.get('since');
        const events = stored.filter(
          (e) =>
            (!url.searchParams.get('name') || e.name === url.searchParams.get('name')) &&
            (!url.searchParams.get('client_id') || e.client_id === url.searchParams.get('client_id')) &&
            (!url.searchParams.get('session_id') || e.session_id === url.searchParams.get('session_id')) &&
            (!since || e.received_at >= since),
        );
        return res.end(JSON.stringify({ events }));
      }
      if (req.method === 'POST' && (url.pathname === '/mp/collect' || url.pathname === '/debug/mp/collect')) {
        const body = JSON.parse(raw) as { client_id?: string; events?: { name: string; params?: Record<string, unknown> }[] };
        const messages = (body.events ?? []).flatMap((e, i) =>
          /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(e.name)
            ? []
            : [{ fieldPath: `events[${i}].name`, description: `Event name "${e.name}" is invalid.`, validationCode: 'NAME_INVALID' }],
        );
        if (url.pathname === '/debug/mp/collect') return res.end(JSON.stringify({ validationMessages: messages }));
        for (const e of body.events ?? []) {
          const params = { ...e.params };
          const session = params.session_id;
          stored.push({ name: e.name, params, client_id: body.client_id ?? '', ...(typeof session === 'string' ? { session_id: session } : {}), received_at: new Date(now).toISOString() });
        }
        res.statusCode = 204;
        return res.end();
      }
      res.statusCode = 404;
      res.end('{"error":"not found"}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let server: Server;
let base: string;
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxon-verify-collector-'));

beforeAll(async () => {
  server = await startCollector();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  stored.length = 0;
  malformed = false;
  now = Date.now();
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends events the way the edge client and browser collector destination do: an MP body. */
async function send(name: string, params: Record<string, unknown>, clientId = '111.222'): Promise<void> {
  const response = await fetch(`${base}/mp/collect`, {
    method: 'POST',
    body: JSON.stringify({ client_id: clientId, events: [{ name, params: { session_id: '1700000000', engagement_time_msec: 100, ...params } }] }),
  });
  expect(response.status).toBe(204);
}

const validMonetization: [string, Record<string, unknown>][] = [
  ['paywall_viewed', { paywall_reason: 'free_limit_reached', plan_type: 'free' }],
  ['upgrade_clicked', { source: 'paywall', plan_type: 'free', target_plan: 'pro' }],
  ['checkout_started', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR' }],
  ['checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5' }],
];

async function verify(argv: string[], options: { onSleep?: (ms: number) => Promise<void>; interactive?: boolean } = {}) {
  const command = createVerifyCommand({
    env: {},
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      await options.onSleep?.(ms);
    },
    interactive: options.interactive ?? false,
  });
  const { values, positionals } = parseArgs({ args: argv, options: { config: { type: 'string' }, ...command.options }, allowPositionals: true, strict: true });
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd: repo, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await command.run(io, { values, positionals }, await findConfig(repo));
  return { code, stdout, stderr };
}

describe('taxon verify --collector', () => {
  it('passes for a funnel whose steps all arrived with valid params (through main and the command registry)', async () => {
    for (const [name, params] of validMonetization) await send(name, params);
    let stdout = '';
    const io: CliIO = { cwd: repo, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) };
    const code = await main(['verify', '--collector', base, '--funnel', 'monetization'], io);
    expect(stdout).toContain('4 of 4 expected events arrived (funnel monetization; collector http://127.0.0.1:');
    expect(stdout).not.toContain('Param problems');
    expect(code).toBe(0);
  });

  it('fails naming the missing step when one is skipped', async () => {
    for (const [name, params] of validMonetization.filter(([n]) => n !== 'upgrade_clicked')) await send(name, params);
    const { code, stdout } = await verify(['--collector', base, '--funnel', 'monetization']);
    expect(stdout).toMatch(/✗ upgrade_clicked\s+missing/);
    expect(stdout).toContain('Missing: upgrade_clicked\n');
    expect(code).toBe(1);
  });

  it('checks every received event against the taxonomy: required, enum, bucket, pattern, undeclared', async () => {
    for (const [name, params] of validMonetization) await send(name, params);
    await send('paywall_viewed', { paywall_reason: 'because', plan_type: 'free', email: 'a@b.c' });
    await send('checkout_completed', { target_plan: 'pro', billing_interval: 'monthly', value: 12, currency: 'eur', transaction_id: 'cs_test_a1B2c3D4e5' });
    await send('generation_completed', { feature: 'rewrite', model: 'gpt-4.1', token_bucket: '1200', duration_bucket: '1s-2s', success: 'yes' });
    await send('upgrade_clicked', { plan_type: 'free' });
    await send('page_view', { page_location: 'https://quill.test/' });
    await send('legacy_click', {});
    const { code, stdout } = await verify(['--collector', base, '--funnel', 'monetization', '--format', 'json']);
    const result = JSON.parse(stdout) as { missing: string[]; paramProblems: unknown[]; unknownEvents: unknown[] };
    expect(result.missing).toEqual([]);
    expect(result.paramProblems).toEqual([
      { event: 'paywall_viewed', problem: 'param "paywall_reason": "because" is not one of free_limit_reached, premium_model, premium_feature.', count: 1 },
      { event: 'paywall_viewed', problem: 'param "email" is not declared for paywall_viewed', count: 1 },
      { event: 'checkout_completed', problem: 'param "currency": "eur" does not match ^[A-Z]{3}$.', count: 1 },
      { event: 'generation_completed', problem: 'param "token_bucket": "1200" is not a bucket label of "token_bucket" (0-250, 250-500, 500-1k, 1k-2k, 2k-4k, 4k-8k, 8k-16k, 16k-32k, 32k+).', count: 1 },
      { event: 'generation_completed', problem: 'param "success": Expected true or false, got "yes".', count: 1 },
      { event: 'upgrade_clicked', problem: 'required param "source" is missing', count: 1 },
    ]);
    expect(result.unknownEvents).toEqual([{ name: 'legacy_click', count: 1 }]);
    expect(code).toBe(1);
  });

  it('filters by client_id and the time window', async () => {
    await send('paywall_viewed', { paywall_reason: 'premium_model', plan_type: 'pro' }, 'other.client');
    now += 45 * 60_000;
    await send('upgrade_clicked', { source: 'app', plan_type: 'pro' });
    const mine = await verify(['--collector', base, '--events', 'paywall_viewed,upgrade_clicked', '--client-id', '111.222']);
    expect(mine.stdout).toContain('Missing: paywall_viewed');
    await send('paywall_viewed', { paywall_reason: 'premium_model', plan_type: 'pro' }, 'other.client');
    const old = await verify(['--collector', base, '--events', 'paywall_viewed', '--window', '10m']);
    expect(old.stdout).toMatch(/✓ paywall_viewed\s+1\n/);
    expect(old.code).toBe(0);
  });

  it('--wait polls while the events come in (sleep injected: no real waiting)', async () => {
    const pending = [...validMonetization];
    const { code, stdout } = await verify(['--collector', base, '--funnel', 'monetization', '--wait', '1m', '--interval', '5s'], {
      onSleep: async () => {
        const next = pending.shift();
        if (next) await send(...next);
      },
    });
    expect(stdout).toContain('Waiting up to 1m for 4 events from collector');
    expect(stdout).toContain('  ✓ paywall_viewed (1) after 5s\n');
    expect(stdout).toContain('  ✓ checkout_completed (1) after 20s\n');
    expect(code).toBe(0);
  });

  it('redraws the checklist in place on a terminal', async () => {
    const pending = validMonetization.slice(0, 2);
    const { stdout } = await verify(['--collector', base, '--funnel', 'monetization', '--wait', '10s', '--interval', '5s'], {
      interactive: true,
      onSleep: async () => {
        const next = pending.shift();
        if (next) await send(...next);
      },
    });
    expect(stdout.startsWith('  · paywall_viewed\n  · upgrade_clicked\n  · checkout_started\n  · checkout_completed\n[....................] 0/4 arrived, 10s left\n')).toBe(true);
    expect(stdout).toContain('\x1b[5A\x1b[0J  ✓ paywall_viewed (1)\n');
    expect(stdout).toContain('[##########..........] 2/4 arrived, 0s left');
  });

  it('reports an unreachable collector, a malformed answer and a bad URL with exit 2', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await verify(['--collector', `http://127.0.0.1:${port}`, '--funnel', 'monetization']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`Cannot reach the collector at http://127.0.0.1:${port} (ECONNREFUSED)`);
    malformed = true;
    const bad = await verify(['--collector', base, '--funnel', 'monetization']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('malformed body. Expected { events: [{ name, params, client_id, received_at }] }');
    const url = await verify(['--collector', 'localhost:8787']);
    expect(url.stderr).toContain('is not an http(s) URL');
    const neither = await verify([]);
    expect(neither.stderr).toContain('Nothing to check. Expected --property');
  });

  it('--validate sends the payload to the collector /debug/mp/collect and prints its messages', async () => {
    const payload = join(dir, 'payload.json');
    writeFileSync(payload, JSON.stringify({ client_id: '1.2', events: [{ name: '1bad', params: {} }, { name: 'paywall_viewed', params: {} }] }));
    const { code, stdout } = await verify(['--validate', payload, '--collector', base]);
    expect(stdout).toContain(`1 validation message from ${base}/debug/mp/collect:`);
    expect(stdout).toMatch(/events\[0\]\.name\s+NAME_INVALID\s+Event name "1bad" is invalid\./);
    expect(code).toBe(1);
    writeFileSync(payload, '{ "client_id": ');
    const broken = await verify(['--validate', payload, '--collector', base]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
  });
});
