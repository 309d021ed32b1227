import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCollector, type RunningCollector } from '@taxon/collector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelsCommand } from '../src/commands/funnels.js';
import type { CommandArgs } from '../src/command.js';
import { findConfig } from '../src/config.js';
import { bar, formatDuration } from '../src/funnels/render-funnels.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
let collector: RunningCollector;
const t0 = Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000;

const params: Record<string, Record<string, unknown>> = {
  paywall_viewed: { paywall_reason: 'free_limit_reached', plan_type: 'free' },
  upgrade_clicked: { source: 'paywall', plan_type: 'free' },
  checkout_started: { target_plan: 'pro', billing_interval: 'monthly' },
  checkout_completed: { target_plan: 'pro', billing_interval: 'yearly', value: 120, currency: 'EUR', transaction_id: 'cs_test_a1B2c3D4e5F6g7H8' },
};

async function send(client: string, name: string, minutes: number, userId?: string) {
  const response = await fetch(`${collector.url}/mp/collect`, {
    method: 'POST',
    body: JSON.stringify({ client_id: client, ...(userId ? { user_id: userId } : {}), events: [{ name, params: params[name], timestamp_micros: (t0 + minutes * 60_000) * 1000 }] }),
  });
  expect(response.status).toBe(204);
}

beforeAll(async () => {
  collector = await startCollector({ taxonomy: fileURLToPath(new URL('../../../taxonomy', import.meta.url)) });
  // Four clients see the paywall; three click upgrade (after 1, 2 and 3 minutes); one pays.
  for (const c of ['a', 'b', 'c', 'd']) await send(c, 'paywall_viewed', 0, c === 'd' ? 'u_1' : undefined);
  await send('a', 'upgrade_clicked', 1);
  await send('b', 'upgrade_clicked', 2);
  await send('c', 'upgrade_clicked', 3);
  await send('a', 'checkout_started', 5);
  await send('a', 'checkout_completed', 95);
});
afterAll(() => collector.close());

async function funnels(argv: string[], options: { columns?: number; color?: boolean; fetch?: typeof fetch } = {}) {
  const command = createFunnelsCommand({ columns: () => options.columns ?? 100, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { values, positionals } = parseArgs({ args: argv, options: command.options!, strict: true });
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd: repo, color: options.color ?? false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await command.run(io, { values: values as CommandArgs['values'], positionals }, await findConfig(repo));
  return { code, stdout, stderr };
}

describe('taxon funnels', () => {
  it('prints each funnel with bars, counts, overall and step conversion, median time and drop-off', async () => {
    const { code, stdout } = await funnels(['--collector', collector.url], { columns: 100 });
    expect(code).toBe(0);
    const block = stdout.slice(stdout.indexOf('monetization'), stdout.indexOf('generation_success'));
    const W = 23; // 100 columns minus the fixed columns of the widest step name (26)
    expect(block).toBe(
      [
        'monetization  From hitting the paywall to a confirmed payment.',
        '  window 14d, per client; bars relative to the first step',
        `  ${'paywall_viewed'.padEnd(26)}  ${'█'.repeat(W)}  4   100%`,
        `  ${'upgrade_clicked'.padEnd(26)}  ${bar(0.75, W)}  3    75%  step  75%  ${'median 2m'.padEnd(15)}  lost 1`,
        `  ${'checkout_started'.padEnd(26)}  ${bar(0.25, W)}  1    25%  step  33%  ${'median 4m'.padEnd(15)}  lost 2`,
        `  ${'checkout_completed'.padEnd(26)}  ${bar(0.25, W)}  1    25%  step 100%  median 1h 30m`,
        '  1 of 4 completed (25%)',
        '',
        '',
      ].join('\n'),
    );
    expect(stdout).toContain('acquisition  From first visit to the first successful generation.');
    expect(stdout).toContain('  nobody entered yet\n');
    expect(stdout).not.toContain('\u001b[');
  });

  it('fits the bars to the terminal width and colours them only when asked', async () => {
    const narrow = await funnels(['--collector', collector.url], { columns: 60 });
    const wide = await funnels(['--collector', collector.url], { columns: 200 });
    const firstBar = (text: string) => /paywall_viewed\s+(█+)/.exec(text)![1]!.length;
    expect(firstBar(narrow.stdout)).toBe(10);
    expect(firstBar(wide.stdout)).toBe(40);
    const colour = await funnels(['--collector', collector.url], { color: true });
    expect(colour.stdout).toContain('\u001b[32m███');
    expect(colour.stdout).toContain('\u001b[31mlost 1\u001b[0m');
  });

  it('--by user counts only events with a user_id; --format json prints the collector report', async () => {
    const { code, stdout } = await funnels(['--collector', collector.url, '--by', 'user', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { funnels: { name: string; entered: number; steps: { count: number }[] }[] };
    expect(report).toEqual(await (await fetch(`${collector.url}/funnels?by=user`)).json());
    expect(report.funnels.find((f) => f.name === 'monetization')!.steps.map((s) => s.count)).toEqual([1, 0, 0, 0]);
  });

  it('--since leaves out older steps', async () => {
    const { stdout } = await funnels(['--collector', collector.url, '--since', '30m', '--format', 'json']);
    const monetization = (JSON.parse(stdout) as { funnels: { name: string; entered: number }[] }).funnels.find((f) => f.name === 'monetization')!;
    expect(monetization.entered).toBe(0);
  });

  it('says clearly when the collector cannot be reached, with no stack trace', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const { code, stdout, stderr } = await funnels(['--collector', `http://127.0.0.1:${port}`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `taxon funnels: Cannot reach the collector at http://127.0.0.1:${port} (ECONNREFUSED). Start it with \`taxon collector\` ` +
        '(or `pnpm demo`), or point --collector at the running one.\n',
    );
    const notCollector = await funnels(['--collector', collector.url], { fetch: async () => new Response('<html>', { status: 200 }) });
    expect(notCollector.stderr).toContain('answered GET /funnels with a malformed body. Expected { funnels: [...] }.');
  });

  it('checks its flags through the command registry', async () => {
    let stderr = '';
    const io: CliIO = { cwd: repo, color: false, stdout: () => {}, stderr: (t) => (stderr += t) };
    expect(await main(['funnels', '--by', 'session'], io)).toBe(2);
    expect(stderr).toContain('Unknown --by "session". Expected client or user.');
    expect(await main(['funnels', '--since', 'yesterday', '--collector', collector.url], io)).toBe(2);
    expect(stderr).toContain('--since "yesterday" is not a duration. Expected for example 30m, 24h or 7d.');
  });

  it('formats durations for people', () => {
    expect([450, 7_500, 60_000, 450_000, 5_400_000, 93_600_000].map(formatDuration)).toEqual(['450ms', '7.5s', '1m', '7m 30s', '1h 30m', '1d 2h']);
    expect(bar(0.5, 4)).toBe('██  ');
    expect(bar(1 / 16, 4)).toBe('▎   ');
  });
});
