import { createSign } from 'node:crypto';
import type { ServiceAccount } from './service-account.js';
import { networkCause, VerifyError } from './verify-error.js';

/** Google's OAuth 2.0 token endpoint; also the `aud` of the JWT. */
export const TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Read-only access to GA4 reports. */
export const ANALYTICS_READONLY = 'https://www.googleapis.com/auth/analytics.readonly';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * A JWT for the service-account flow (RFC 7523), signed RS256 with the account's key.
 * See https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export function signServiceAccountJwt(account: ServiceAccount, nowMs: number, scope = ANALYTICS_READONLY): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(account.privateKeyId ? { kid: account.privateKeyId } : {}) };
  const claims = { iss: account.clientEmail, scope, aud: TOKEN_URL, iat, exp: iat + 3600 };
  const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey);
  return `${unsigned}.${b64url(signature)}`;
}

/** An access token and when it stops working. */
export interface AccessToken {
  token: string;
  expiresAt: number;
}

/** Exchanges a signed JWT for an access token at {@link TOKEN_URL}. */
export async function fetchAccessToken(fetchFn: typeof fetch, jwt: string, nowMs: number): Promise<AccessToken> {
  let response: Response;
  try {
    response = await fetchFn(TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new VerifyError(`Cannot reach Google's token endpoint (${networkCause(error)}). Check the network connection ` +
      `or proxy.`);
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) {
    const reason = typeof body?.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : `HTTP ${response.status}`;
    throw new VerifyError(`Google refused the service account credentials (${reason}). Check that the key still ` +
      `exists (keys can be deleted or rotated) and that this machine's clock is right.`);
  }
  if (typeof body?.access_token !== 'string') throw new VerifyError("Google's token endpoint answered without an access_token (malformed response).");
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return { token: body.access_token, expiresAt: nowMs + expiresIn * 1000 };
}
