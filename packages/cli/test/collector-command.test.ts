import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCollectorCommand } from '../src/commands/collector.js';
import type { CommandArgs } from '../src/command.js';
import { findConfig } from '../src/config.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { cwd: repo, color: false, stdout: (t) => (out += t), stderr: (t) => (err += t) }, out: () => out, err: () => err };
}

async function until(check: () => boolean): Promise<void> {
  // Up to 50 s: a built CLI starting PGlite on a loaded 2-core machine has taken 20 s.
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

describe('taxon collector', () => {
  it('is listed in taxon --help and explains its options', async () => {
    const top = capture();
    expect(await main(['--help'], top.io)).toBe(0);
    expect(top.out()).toContain('  collector       run the local GA4 Measurement Protocol collector');
    expect(top.out()).toContain('  funnels         print the funnel report of the local collector, with bars');
    const help = capture();
    expect(await main(['collector', '--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: taxon collector [--port 8787]');
    for (const option of ['--database-url <url>', '--data-dir <dir>', 'GET /funnels?by=client|user']) expect(help.out()).toContain(option);
    const funnels = capture();
    expect(await main(['funnels', '--help'], funnels.io)).toBe(0);
    expect(funnels.out()).toContain('Usage: taxon funnels [--collector <url>] [--by client|user]');
  });

  it('starts with the project taxonomy, prints its URL, logs each batch, and closes cleanly when stopped', async () => {
    let stop!: (signal: string) => void;
    const command = createCollectorCommand({ untilStopped: () => new Promise((r) => (stop = r)) });
    const { values, positionals } = parseArgs({ args: ['--port', '0', '--data-dir', 'memory://'], options: command.options!, strict: true });
    const { io, out } = capture();
    const exit = command.run(io, { values: values as CommandArgs['values'], positionals }, await findConfig(repo));
    await until(() => out().includes('collector: http://'));
    const url = /collector: (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out())![1]!;
    expect(out()).toContain('taxonomy taxonomy, PGlite memory://');
    const response = await fetch(`${url}/mp/collect?measurement_id=G-1`, {
      method: 'POST',
      body: JSON.stringify({ client_id: 'c.1', events: [{ name: 'paywall_viewed', params: { paywall_reason: 'premium_model', plan_type: 'free' } }, { name: 'paywal_viewed', params: {} }] }),
    });
    expect(response.status).toBe(204);
    expect(out()).toContain('  collect 1 good, 1 bad (client c.1): paywall_viewed paywal_viewed✗\n');
    expect(out()).toContain('UNKNOWN_EVENT events[1].name "paywal_viewed" is not an event of taxonomy ai-writer 1.0.0. Did you mean "paywall_viewed"?');
    stop('SIGINT');
    expect(await exit).toBe(0);
    expect(out()).toMatch(/collector: stopped \(SIGINT\)\n$/);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('rejects a bad --port as a usage error, and reports a port in use without a stack trace', async () => {
    const bad = capture();
    expect(await main(['collector', '--port', 'http'], bad.io)).toBe(2);
    expect(bad.err()).toContain('taxon collector: --port "http" is not a port. Expected a number from 0 to 65535, e.g. --port 8787.');

    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = String((blocker.address() as { port: number }).port);
    const busy = capture();
    const command = createCollectorCommand({ untilStopped: () => Promise.resolve('SIGINT') });
    const { values } = parseArgs({ args: ['--port', port, '--data-dir', 'memory://'], options: command.options!, strict: true });
    expect(await command.run(busy.io, { values: values as CommandArgs['values'], positionals: [] }, await findConfig(repo))).toBe(2);
    expect(busy.err()).toBe(`taxon collector: Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}. Port ${port} is in use: pass another port (--port), or 0 for a free one.\n`);
    blocker.close();
  });

  it('the built binary stops on SIGTERM with exit code 0', async () => {
    const bin = join(repo, 'packages/cli/dist/bin.js');
    const child = spawn(process.execPath, [bin, 'collector', '--port', '0', '--data-dir', 'memory://'], { cwd: repo });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(() => out.includes('collector: http://'));
    const url = /collector: (http:\/\/[\d.:]+)/.exec(out)![1]!;
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ ok: true, good: 0, bad: 0 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('collector: stopped (SIGTERM)');
  });
});
