import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { http, HttpResponse } from 'msw';

export const TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';
export const CLIENT_EMAIL = 'taxon-verify@taxon-test.iam.gserviceaccount.com';

/** A service account JSON key with a freshly generated RSA key, as Google issues them. */
export function serviceAccountKey(privateKeyPem: string): Record<string, string> {
  return {
    type: 'service_account',
    project_id: 'taxon-test',
    private_key_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    private_key: privateKeyPem,
    client_email: CLIENT_EMAIL,
    client_id: '109876543210987654321',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: TOKEN_URL,
  };
}

export function rsaKeyPair(): { privatePem: string; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privatePem, publicKey: createPublicKey(privateKey) };
}

/** A realtime report row: eventName, minutesAgo (two digits, as GA4 returns it), eventCount. */
export type Row = [eventName: string, minutesAgo: number, count: number];

export const QUOTA = {
  tokensPerDay: { consumed: 12, remaining: 199_988 },
  tokensPerHour: { consumed: 12, remaining: 39_988 },
  concurrentRequests: { consumed: 0, remaining: 50 },
  serverErrorsPerProjectPerHour: { consumed: 0, remaining: 50 },
  potentiallyThresholdedRequestsPerHour: { consumed: 0, remaining: 120 },
  tokensPerProjectPerHour: { consumed: 12, remaining: 13_988 },
};

/** A runRealtimeReport response body in the shape the Data API v1beta returns. */
export function realtimeReport(rows: readonly Row[], quota: object = QUOTA): object {
  return {
    dimensionHeaders: [{ name: 'eventName' }, { name: 'minutesAgo' }],
    metricHeaders: [{ name: 'eventCount', type: 'TYPE_INTEGER' }],
    ...(rows.length > 0
      ? {
          rows: rows.map(([name, minutes, count]) => ({
            dimensionValues: [{ value: name }, { value: String(minutes).padStart(2, '0') }],
            metricValues: [{ value: String(count) }],
          })),
          rowCount: rows.length,
        }
      : {}),
    propertyQuota: quota,
    kind: 'analyticsData#runRealtimeReport',
  };
}

export function googleError(code: number, status: string, message: string): Response {
  return HttpResponse.json({ error: { code, message, status } }, { status: code });
}

/**
 * msw handlers for Google's token endpoint and the Data API. The token endpoint verifies the
 * JWT's RS256 signature with `publicKey` and its claims (iss, scope, aud, iat/exp), so a test
 * fails if the CLI signs wrongly. `report` answers each runRealtimeReport call.
 */
export function googleMock(options: { publicKey: KeyObject; now?: () => number }) {
  const now = options.now ?? Date.now;
  const state = {
    accessToken: `ya29.${randomBytes(32).toString('base64url')}`,
    expiresIn: 3599,
    tokenRequests: 0,
    jwtProblems: [] as string[],
    reportBodies: [] as Record<string, unknown>[],
    properties: [] as string[],
    report: (_call: number): Response => HttpResponse.json(realtimeReport([])),
  };

  const checkJwt = (jwt: string): string[] => {
    const [h, p, s] = jwt.split('.');
    if (!h || !p || !s) return ['not a JWS compact serialization'];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, number | string>;
    const problems: string[] = [];
    if (header.alg !== 'RS256') problems.push(`alg ${String(header.alg)}`);
    if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), options.publicKey, Buffer.from(s, 'base64url'))) problems.push('bad signature');
    if (claims.iss !== CLIENT_EMAIL) problems.push(`iss ${claims.iss}`);
    if (claims.scope !== SCOPE) problems.push(`scope ${claims.scope}`);
    if (claims.aud !== TOKEN_URL) problems.push(`aud ${claims.aud}`);
    const t = Math.floor(now() / 1000);
    if (typeof claims.iat !== 'number' || Math.abs(claims.iat - t) > 60) problems.push('iat not now');
    if (typeof claims.exp !== 'number' || claims.exp - Number(claims.iat) > 3600 || claims.exp <= t) problems.push('exp');
    return problems;
  };

  const handlers = [
    http.post(TOKEN_URL, async ({ request }) => {
      state.tokenRequests++;
      const form = new URLSearchParams(await request.text());
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        return HttpResponse.json({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' }, { status: 400 });
      }
      const problems = checkJwt(form.get('assertion') ?? '');
      state.jwtProblems.push(...problems);
      if (problems.length > 0) return HttpResponse.json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, { status: 400 });
      return HttpResponse.json({ access_token: state.accessToken, expires_in: state.expiresIn, token_type: 'Bearer' });
    }),
    http.post('https://analyticsdata.googleapis.com/v1beta/properties/*', async ({ request }) => {
      const url = new URL(request.url);
      const match = /^\/v1beta\/properties\/(\d+):runRealtimeReport$/.exec(url.pathname);
      if (!match) return googleError(404, 'NOT_FOUND', 'Method not found.');
      if (request.headers.get('authorization') !== `Bearer ${state.accessToken}`) {
        return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
      }
      const body = (await request.json()) as Record<string, unknown>;
      state.reportBodies.push(body);
      state.properties.push(match[1]!);
      const dims = JSON.stringify(body.dimensions);
      const ranges = body.minuteRanges as { startMinutesAgo?: number; endMinutesAgo?: number }[] | undefined;
      if (
        dims !== JSON.stringify([{ name: 'eventName' }, { name: 'minutesAgo' }]) ||
        JSON.stringify(body.metrics) !== JSON.stringify([{ name: 'eventCount' }]) ||
        !Array.isArray(ranges) ||
        ranges.some((r) => typeof r.startMinutesAgo !== 'number' || r.startMinutesAgo > 29)
      ) {
        return googleError(400, 'INVALID_ARGUMENT', 'Field dimensions/metrics/minuteRanges is invalid.');
      }
      return state.report(state.reportBodies.length - 1);
    }),
  ];
  return { state, handlers };
}
