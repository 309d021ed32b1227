// Who may call the collector: CORS only for configured origins, no private-network approval
// unless configured, DELETE /events only with the admin token (or in test mode).
import { startCollector } from '@taxon/collector';
import { afterEach, describe, expect, it } from 'vitest';
import { ev, TAXONOMY_DIR } from './lib/collector-client.js';
import { freshPgliteDir, type PgliteDir } from '../../store/test/lib/pglite-template.js';

const DEMO = 'http://localhost:3000';
const EVIL = 'https://evil.example';
const TOKEN = 'a-long-enough-admin-token-0123';
const open: { close(): Promise<void> }[] = [];
// Each collector stores into an empty PGlite database copied from the run's template (faster
// than the default `memory://`, which runs initdb at every start).
const dataDirs: PgliteDir[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  for (const dir of dataDirs.splice(0)) dir.remove();
});

async function start(options: Parameters<typeof startCollector>[0] extends infer O ? Partial<O> : never = {}) {
  const dir = freshPgliteDir();
  dataDirs.push(dir);
  const collector = await startCollector({ taxonomy: TAXONOMY_DIR, allowedOrigins: [DEMO], dataDir: dir.dataDir, ...options });
  open.push(collector);
  return collector;
}

const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/mp/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: JSON.stringify({ client_id: 'c.1', events: [ev('paywall_viewed')] }),
  });

describe('collector access', () => {
  it('gives CORS headers to allowed origins only, never a wildcard, and refuses other origins', async () => {
    const { url } = await start();
    expect((await post(url, { origin: DEMO })).headers.get('access-control-allow-origin')).toBe(DEMO);
    const refused = await post(url, { origin: EVIL });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await refused.json()) as { error: string }).error).toContain('--allow-origin');
    for (const path of ['/events', '/events/bad', '/funnels', '/health']) {
      const read = await fetch(`${url}${path}`, { headers: { origin: EVIL } });
      expect([path, read.status, read.headers.get('access-control-allow-origin')]).toEqual([path, 403, null]);
      const allowed = await fetch(`${url}${path}`, { headers: { origin: DEMO } });
      expect([path, allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([path, 200, DEMO]);
    }
    // Only the allowed origin's post was stored; servers (no Origin header) are not affected.
    const events = (await (await fetch(`${url}/events`)).json()) as { events: unknown[] };
    expect(events.events).toHaveLength(1);
  });

  it('approves private-network preflights only when configured, and only for allowed origins', async () => {
    const preflight = (url: string, origin: string) => fetch(`${url}/mp/collect`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
    });
    const plain = await start();
    const answer = await preflight(plain.url, DEMO);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-private-network')).toBeNull();
    expect((await preflight(plain.url, EVIL)).status).toBe(403);
    const pna = await start({ allowPrivateNetwork: true });
    expect((await preflight(pna.url, DEMO)).headers.get('access-control-allow-private-network')).toBe('true');
    const evil = await preflight(pna.url, EVIL);
    expect([evil.status, evil.headers.get('access-control-allow-private-network')]).toEqual([403, null]);
  });

  it('turns DELETE /events off without a token, and requires the token when one is set', async () => {
    const off = await start();
    await post(off.url);
    const refused = await fetch(`${off.url}/events`, { method: 'DELETE' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain('--admin-token');
    const guarded = await start({ adminToken: TOKEN });
    await post(guarded.url);
    const missing = await fetch(`${guarded.url}/events`, { method: 'DELETE' });
    expect([missing.status, missing.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="taxon-collector"']);
    const wrong = await fetch(`${guarded.url}/events`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    for (const c of [off, guarded]) {
      expect(((await (await fetch(`${c.url}/health`)).json()) as { good: number }).good).toBe(1);
    }
    const right = await fetch(`${guarded.url}/events`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(204);
    expect(((await (await fetch(`${guarded.url}/health`)).json()) as { good: number }).good).toBe(0);
    const test = await start({ testMode: true });
    expect((await fetch(`${test.url}/events`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses wildcard, path-carrying and malformed origins, and a short admin token, when starting', async () => {
    for (const origin of ['*', 'http://localhost:3000/app', 'localhost:3000', 'null', 'https://*.example.com']) {
      await expect(startCollector({ taxonomy: TAXONOMY_DIR, allowedOrigins: [origin] })).rejects.toThrow(/allowedOrigins: .*expected an origin such as http:\/\/localhost:3000/);
    }
    await expect(startCollector({ taxonomy: TAXONOMY_DIR, adminToken: 'short' })).rejects.toThrow(/at least 16 characters/);
  });
});
