// `taxon collector --allow-origin/--allow-private-network/--admin-token`: what reaches the collector.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPgliteDir, type PgliteDir } from '../../store/test/lib/pglite-template.js';
import { createCollectorCommand } from '../src/commands/collector.js';
import type { CommandArgs } from '../src/command.js';
import { findConfig, type ResolvedConfig } from '../src/config.js';
import type { CliIO } from '../src/io.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const TOKEN = 'env-admin-token-0123456789';

// Each collector opens an empty PGlite database copied from the run's template (faster than
// `memory://`, which runs initdb at every start); removed after the file.
const dataDirs: PgliteDir[] = [];
afterAll(() => {
  for (const dir of dataDirs) dir.remove();
});
function dataDir(): string {
  const dir = freshPgliteDir();
  dataDirs.push(dir);
  return dir.dataDir;
}

async function run(args: string[], env: Record<string, string | undefined> = {}, configure?: (config: ResolvedConfig) => ResolvedConfig) {
  let out = '';
  let err = '';
  const io: CliIO = { cwd: repo, color: false, stdout: (t) => (out += t), stderr: (t) => (err += t) };
  let stop!: (signal: string) => void;
  const command = createCollectorCommand({ untilStopped: () => new Promise((r) => (stop = r)), env });
  const { values } = parseArgs({ args: ['--port', '0', '--data-dir', dataDir(), ...args], options: command.options!, strict: true });
  const config = await findConfig(repo);
  const exit = command.run(io, { values: values as CommandArgs['values'], positionals: [] }, configure ? configure(config) : config);
  for (let i = 0; i < 2_000 && !out.includes('browsers:') && err === ''; i++) await new Promise((r) => setTimeout(r, 25));
  const url = /collector: (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out)?.[1];
  return { url, out: () => out, err: () => err, exit, stop: () => stop('SIGINT') };
}

describe('taxon collector access flags', () => {
  it('allows the named origins (repeatable), approves private network only when asked, takes the token from the env', async () => {
    const c = await run(['--allow-origin', 'http://localhost:3000', '--allow-origin', 'http://127.0.0.1:3000', '--allow-private-network'],
      { TAXON_COLLECTOR_ADMIN_TOKEN: TOKEN });
    expect(c.out()).toContain('browsers: http://localhost:3000, http://127.0.0.1:3000; DELETE /events: with the admin token');
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000']) {
      const answer = await fetch(`${c.url}/health`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    }
    expect((await fetch(`${c.url}/health`, { headers: { origin: 'http://localhost:4000' } })).status).toBe(403);
    const preflight = await fetch(`${c.url}/mp/collect`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    expect(preflight.headers.get('access-control-allow-private-network')).toBe('true');
    expect((await fetch(`${c.url}/events`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${c.url}/events`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(204);
    c.stop();
    expect(await c.exit).toBe(0);
  });

  it('turns DELETE off without a token, and refuses a wildcard origin as a usage error', async () => {
    const off = await run([]);
    expect(off.out()).toContain('browsers: no page (add --allow-origin <origin>); DELETE /events: off (no --admin-token)');
    expect((await fetch(`${off.url}/events`, { method: 'DELETE' })).status).toBe(403);
    off.stop();
    expect(await off.exit).toBe(0);
    const wildcard = await run(['--allow-origin', '*']);
    expect(await wildcard.exit).toBe(2);
    expect(wildcard.err()).toContain('taxon collector: startCollector: allowedOrigins: "*" is a wildcard; expected an origin such as http://localhost:3000');
  });

  it('takes collector.allowedOrigins from taxon.config.mjs, and --allow-origin adds to them', async () => {
    const c = await run(['--allow-origin', 'http://localhost:5173'], {}, (config) => ({ ...config, collector: { allowedOrigins: ['http://localhost:3000'] } }));
    expect(c.out()).toContain('browsers: http://localhost:3000, http://localhost:5173;');
    for (const origin of ['http://localhost:3000', 'http://localhost:5173']) {
      expect((await fetch(`${c.url}/health`, { headers: { origin } })).headers.get('access-control-allow-origin')).toBe(origin);
    }
    expect((await fetch(`${c.url}/health`, { headers: { origin: 'http://localhost:4000' } })).status).toBe(403);
    c.stop();
    expect(await c.exit).toBe(0);
    // A malformed section is a usage error (main() turns it into exit 2) before anything starts.
    const command = createCollectorCommand({ untilStopped: () => new Promise(() => undefined), env: {} });
    const { values } = parseArgs({ args: ['--port', '0', '--data-dir', 'memory://'], options: command.options!, strict: true });
    const io: CliIO = { cwd: repo, color: false, stdout: () => undefined, stderr: () => undefined };
    const config = { ...(await findConfig(repo)), collector: { allowedOrigins: 'http://localhost:3000' as unknown as string[] } };
    await expect(command.run(io, { values: values as CommandArgs['values'], positionals: [] }, config))
      .rejects.toThrow('collector.allowedOrigins in taxon.config.mjs must be a list of origins');
  });
});
