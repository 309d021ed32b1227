import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVerifyCommand } from '../src/commands/verify.js';
import { findConfig } from '../src/config.js';
import type { CliIO } from '../src/io.js';
import { googleError, googleMock, realtimeReport, rsaKeyPair, serviceAccountKey, type Row } from './lib/google-mock.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const keys = rsaKeyPair();
const dir = mkdtempSync(join(tmpdir(), 'taxon-verify-'));
const keyFile = join(dir, 'key.json');
writeFileSync(keyFile, JSON.stringify(serviceAccountKey(keys.privatePem)));

let clock = Date.parse('2026-11-23T09:00:00Z');
const mock = googleMock({ publicKey: keys.publicKey, now: () => clock });
const server = setupServer(...mock.handlers);
const outputs: string[] = [];
const API_SECRET = 'mpSecret_4f9a2b7c1d';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  clock = Date.parse('2026-11-23T09:00:00Z');
  mock.state.tokenRequests = 0;
  mock.state.jwtProblems = [];
  mock.state.reportBodies = [];
  mock.state.properties = [];
  mock.state.expiresIn = 3599;
  mock.state.report = () => HttpResponse.json(realtimeReport([]));
});
afterEach(() => {
  server.resetHandlers();
  // No secret may ever be printed: the private key (any line of it), the access token, the API secret.
  const secretLines = keys.privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  for (const text of outputs.splice(0)) {
    expect(text).not.toContain(mock.state.accessToken);
    expect(text).not.toContain(API_SECRET);
    expect(text).not.toContain('PRIVATE KEY');
    for (const line of secretLines) expect(text).not.toContain(line);
  }
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `taxon verify` as main() would, with a fake clock and sleep (and no real waiting). */
async function verify(argv: string[], env: Record<string, string | undefined> = { GOOGLE_APPLICATION_CREDENTIALS: keyFile }) {
  const command = createVerifyCommand({
    env,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    interactive: false,
  });
  const { values, positionals } = parseArgs({ args: argv, options: { config: { type: 'string' }, ...command.options }, allowPositionals: true, strict: true });
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd: repo, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await command.run(io, { values, positionals }, await findConfig(repo));
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

const monetization: Row[] = [
  ['paywall_viewed', 3, 2],
  ['paywall_viewed', 1, 1],
  ['upgrade_clicked', 1, 1],
  ['checkout_started', 0, 1],
  ['checkout_completed', 0, 1],
];

describe('taxon verify --property (GA4 Data API realtime report)', () => {
  it('signs a JWT the token endpoint accepts, asks the realtime report, and exits 0 when all arrived', async () => {
    mock.state.report = () => HttpResponse.json(realtimeReport(monetization));
    const { code, stdout, stderr } = await verify(['--property', '123456789', '--funnel', 'monetization']);
    expect(stderr).toBe('');
    expect(mock.state.jwtProblems).toEqual([]);
    expect(mock.state.tokenRequests).toBe(1);
    expect(mock.state.properties).toEqual(['123456789']);
    expect(mock.state.reportBodies[0]).toMatchObject({
      dimensions: [{ name: 'eventName' }, { name: 'minutesAgo' }],
      metrics: [{ name: 'eventCount' }],
      minuteRanges: [{ startMinutesAgo: 29, endMinutesAgo: 0 }],
      returnPropertyQuota: true,
      dimensionFilter: { filter: { fieldName: 'eventName', inListFilter: { values: ['paywall_viewed', 'upgrade_clicked', 'checkout_started', 'checkout_completed'] } } },
    });
    expect(stdout).toContain('4 of 4 expected events arrived (funnel monetization; GA4 property 123456789, last 30 min)');
    expect(stdout).toMatch(/✓ paywall_viewed\s+3\n/);
    expect(code).toBe(0);
  });

  it('exits 1 naming the missing events; an empty report (no rows field) means nothing arrived', async () => {
    mock.state.report = () => HttpResponse.json(realtimeReport(monetization.filter(([n]) => n !== 'checkout_completed')));
    const missing = await verify(['--property', '123456789', '--funnel', 'monetization']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✗ checkout_completed\s+missing/);
    expect(missing.stdout).toContain('Missing: checkout_completed\n');
    mock.state.report = () => HttpResponse.json(realtimeReport([]));
    const none = await verify(['--property', '123456789', '--events', 'signup_started,signup_completed']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('Missing: signup_started, signup_completed');
  });

  it('defaults to every client event of the taxonomy, and prints JSON with --format json', async () => {
    mock.state.report = () => HttpResponse.json(realtimeReport(monetization));
    const { code, stdout } = await verify(['--property', '123456789', '--format', 'json']);
    const result = JSON.parse(stdout) as { expected: string[]; missing: string[]; arrived: Record<string, number> };
    expect(result.expected).toHaveLength(15);
    expect(result.expected).not.toContain('checkout_completed');
    expect(result.arrived.paywall_viewed).toBe(3);
    expect(result.missing).toContain('landing_viewed');
    expect(code).toBe(1);
  });

  it('fails with the token endpoint when the key does not match the account (signature checked)', async () => {
    const other = rsaKeyPair();
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify(serviceAccountKey(other.privatePem)));
    const { code, stderr } = await verify(['--property', '123456789'], { GOOGLE_APPLICATION_CREDENTIALS: wrong });
    expect(mock.state.jwtProblems).toEqual(['bad signature']);
    expect(code).toBe(2);
    expect(stderr).toContain('Google refused the service account credentials (invalid_grant: Invalid JWT Signature.)');
    expect(stderr).not.toContain(other.privatePem.split('\n')[1]);
  });

  it('explains 403: add the client_email as a Viewer on the property', async () => {
    mock.state.report = () => googleError(403, 'PERMISSION_DENIED', 'User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.');
    const { code, stderr, stdout } = await verify(['--property', '123456789']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('The service account taxon-verify@taxon-test.iam.gserviceaccount.com has no access to GA4 property 123456789 (403 PERMISSION_DENIED)');
    expect(stderr).toContain('Add taxon-verify@taxon-test.iam.gserviceaccount.com as a Viewer on the GA4 property');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('explains an unknown property (404 / INVALID_ARGUMENT) and a bad property id', async () => {
    mock.state.report = () => googleError(400, 'INVALID_ARGUMENT', 'Property properties/999 is not a valid GA4 property.');
    const unknown = await verify(['--property', '999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('GA4 property 999 was not found or cannot be queried (400 INVALID_ARGUMENT)');
    expect(unknown.stderr).toContain('Google said: Property properties/999 is not a valid GA4 property.');
    const bad = await verify(['--property', 'G-ABC123']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a GA4 property id.*not a G- measurement id/);
    expect(mock.state.tokenRequests).toBe(1);
  });

  it('shows what the API reports when the quota is exhausted (429 RESOURCE_EXHAUSTED)', async () => {
    mock.state.report = () => googleError(429, 'RESOURCE_EXHAUSTED', 'Exhausted property tokens per hour. These quota tokens will return in under an hour.');
    const { code, stderr } = await verify(['--property', '123456789']);
    expect(code).toBe(2);
    expect(stderr).toContain('quota for GA4 property 123456789 is exhausted (429 RESOURCE_EXHAUSTED). Google said: Exhausted property tokens per hour.');
  });

  it('during --wait, a 429 also shows the quota figures of the previous answer', async () => {
    const low = { tokensPerHour: { consumed: 39_990, remaining: 10 }, tokensPerDay: { consumed: 41_000, remaining: 159_000 } };
    mock.state.report = (call) =>
      call === 0 ? HttpResponse.json(realtimeReport([], low)) : googleError(429, 'RESOURCE_EXHAUSTED', 'Exhausted property tokens per hour.');
    const { code, stderr } = await verify(['--property', '123456789', '--events', 'paywall_viewed', '--wait', '1m']);
    expect(code).toBe(2);
    expect(stderr).toContain('Quota at the previous poll: tokensPerHour 39990 used, 10 left; tokensPerDay 41000 used, 159000 left.');
  });

  it('redacts a secret even when an API echoes it back in an error', async () => {
    mock.state.report = () => googleError(500, 'INTERNAL', `Internal error for token ${mock.state.accessToken}`);
    const { code, stderr } = await verify(['--property', '123456789']);
    expect(code).toBe(2);
    expect(stderr).toContain('Google said: Internal error for token [redacted]');
  });

  it('reports malformed responses and network failures clearly, exit 2', async () => {
    mock.state.report = () => new HttpResponse('{"rows": [{"dimensionValues": ', { status: 200, headers: { 'content-type': 'application/json' } });
    const malformed = await verify(['--property', '123456789']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('not a realtime report (not JSON)');
    mock.state.report = () => HttpResponse.json({ rows: [{ metricValues: [{ value: '1' }] }] });
    const shape = await verify(['--property', '123456789']);
    expect(shape.stderr).toContain('a row without eventName or eventCount');
    mock.state.report = () => HttpResponse.error();
    const down = await verify(['--property', '123456789']);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/Cannot reach the GA4 Data API \(.+\)\. Check the network/);
    server.use(http.post('https://oauth2.googleapis.com/token', () => HttpResponse.error()));
    const token = await verify(['--property', '123456789']);
    expect(token.stderr).toContain("Cannot reach Google's token endpoint");
  });

  it('reports missing, unreadable and invalid credentials without quoting the file', async () => {
    const unset = await verify(['--property', '1'], {});
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('GOOGLE_APPLICATION_CREDENTIALS is not set');
    const absent = await verify(['--property', '1'], { GOOGLE_APPLICATION_CREDENTIALS: join(dir, 'nope.json') });
    expect(absent.stderr).toMatch(/Cannot read the credentials file .*nope\.json .*ENOENT/);
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, JSON.stringify(serviceAccountKey(keys.privatePem)).slice(0, 400));
    const broken = await verify(['--property', '1'], { GOOGLE_APPLICATION_CREDENTIALS: truncated });
    expect(broken.stderr).toMatch(/truncated\.json is not valid JSON/);
    const oauth = join(dir, 'oauth.json');
    writeFileSync(oauth, JSON.stringify({ installed: { client_id: 'x', client_secret: 'y' } }));
    const wrongKind = await verify(['--property', '1'], { GOOGLE_APPLICATION_CREDENTIALS: oauth });
    expect(wrongKind.stderr).toContain('is not a service account key');
    expect(mock.state.tokenRequests).toBe(0);
  });

  it('rejects unknown events and funnels with a suggestion (exit 2)', async () => {
    const event = await verify(['--property', '1', '--events', 'paywall_view']);
    expect(event.code).toBe(2);
    expect(event.stderr).toContain('not in the taxonomy: "paywall_view" (did you mean "paywall_viewed"?)');
    const client = await verify(['--property', '1', '--client-id', '1.2']);
    expect(client.code).toBe(2);
    expect(client.stderr).toContain('--client-id and --session-id apply to --collector only');
    const funnel = await verify(['--property', '1', '--funnel', 'monetisation']);
    expect(funnel.stderr).toContain('Unknown funnel "monetisation". Did you mean "monetization"?');
  });
});

describe('taxon verify --wait', () => {
  it('polls until every event has arrived, printing one line per change when not a terminal', async () => {
    const arrivals: Row[][] = [[], [['paywall_viewed', 0, 1]], [['paywall_viewed', 0, 1]], monetization];
    mock.state.report = (call) => HttpResponse.json(realtimeReport(arrivals[Math.min(call, arrivals.length - 1)]!));
    const { code, stdout } = await verify(['--property', '123456789', '--funnel', 'monetization', '--wait', '5m']);
    expect(mock.state.reportBodies).toHaveLength(4);
    expect(stdout).toContain('Waiting up to 5m for 4 events from GA4 property 123456789, last 30 min, polling every 15s.\n');
    expect(stdout).toContain('  ✓ paywall_viewed (1) after 15s\n  [#####...............] 1/4 arrived, 4m45s left\n');
    expect(stdout).toContain('  ✓ checkout_completed (1) after 45s\n');
    expect(stdout.match(/arrived, /g)).toHaveLength(1);
    expect(stdout).toContain('4 of 4 expected events arrived');
    expect(code).toBe(0);
  });

  it('gives up when time runs out, exits 1 with the missing list, and renews an expiring token', async () => {
    mock.state.expiresIn = 120;
    mock.state.report = () => HttpResponse.json(realtimeReport([['paywall_viewed', 0, 1]]));
    const { code, stdout } = await verify(['--property', '123456789', '--events', 'paywall_viewed,upgrade_clicked', '--wait', '90s', '--interval', '30s']);
    expect(mock.state.reportBodies).toHaveLength(4);
    expect(mock.state.tokenRequests).toBe(2);
    expect(mock.state.jwtProblems).toEqual([]);
    expect(stdout).toContain('Missing: upgrade_clicked');
    expect(code).toBe(1);
  });

  it('polls less often when the hourly quota runs low', async () => {
    const low = { tokensPerHour: { consumed: 39_000, remaining: 1_000 } };
    mock.state.report = () => HttpResponse.json(realtimeReport([], low));
    const { stdout } = await verify(['--property', '123456789', '--events', 'paywall_viewed', '--wait', '2m']);
    expect(stdout).toContain('(quota running low: polling every 30s)');
    // Every 15s would be 9 polls; doubling after each low-quota answer (capped at 4x): 0, 30, 90, 120.
    expect(mock.state.reportBodies).toHaveLength(4);
  });
});

describe('taxon verify --validate (GA4 Measurement Protocol validation server)', () => {
  const payload = join(dir, 'payload.json');
  writeFileSync(payload, JSON.stringify({ client_id: '123.456', events: [{ name: '_bad', params: { value: 'x' } }] }));
  const debug = 'https://www.google-analytics.com/debug/mp/collect';

  it('prints each validation message and exits 1; the API secret is sent but never printed', async () => {
    let query = '';
    server.use(
      http.post(debug, ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json({
          validationMessages: [{ fieldPath: 'events[0].name', description: 'Event name must start with an alphabetic character.', validationCode: 'NAME_INVALID' }],
        });
      }),
    );
    const { code, stdout } = await verify(['--validate', payload, '--measurement-id', 'G-TEST123', '--api-secret', API_SECRET]);
    expect(query).toBe(`?measurement_id=G-TEST123&api_secret=${API_SECRET}`);
    expect(stdout).toMatch(/events\[0\]\.name\s+NAME_INVALID\s+Event name must start with an alphabetic character\./);
    expect(code).toBe(1);
  });

  it('exits 0 without messages, 2 without credentials or when unreachable', async () => {
    server.use(http.post(debug, () => HttpResponse.json({ validationMessages: [] })));
    const ok = await verify(['--validate', payload], { GA4_MEASUREMENT_ID: 'G-TEST123', GA4_API_SECRET: API_SECRET });
    expect(ok.stdout).toContain('reports no problems');
    expect(ok.code).toBe(0);
    const none = await verify(['--validate', payload], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('needs a measurement id and an API secret');
    server.use(http.post(debug, () => HttpResponse.error()));
    const down = await verify(['--validate', payload, '--api-secret', API_SECRET, '--measurement-id', 'G-TEST123']);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('Cannot reach https://www.google-analytics.com/debug/mp/collect');
  });
});
