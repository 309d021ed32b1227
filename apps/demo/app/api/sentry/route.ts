import { configuredSentryDsn, testMode } from '@/lib/runtime-config';
import { BodyTooLarge, readBounded } from '@/lib/server/read-bounded';
import { ENVELOPE_LIMITS, EnvelopeError, envelopeEndpoint, parseEnvelope } from '@/lib/server/sentry-envelope';
import { clearEnvelopes, sentryEnvelopes, storeEnvelope } from '@/lib/server/sentry-store';

// In-memory state: never cached, always answered by this process.
export const dynamic = 'force-dynamic';

const notFound = () => Response.json({ error: 'Not found.' }, { status: 404 });

/**
 * Sentry tunnel (`tunnel: '/api/sentry'` in the browser SDK): parses each envelope (bounded in
 * bytes, items and item lengths; 400 when malformed, 413 when too large), keeps the newest in
 * memory for the e2e tests (capped by count and total bytes), and forwards it to Sentry only when
 * `SENTRY_DSN` is set and the envelope is for that DSN (the tunnel is not an open proxy).
 */
export async function POST(request: Request): Promise<Response> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBounded(request, ENVELOPE_LIMITS.maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return Response.json({ error: error.message }, { status: 413 });
    return Response.json({ error: 'The envelope could not be read.' }, { status: 400 });
  }
  let envelope;
  try {
    envelope = parseEnvelope(bytes);
  } catch (error) {
    const message = error instanceof EnvelopeError ? error.message : 'Sentry envelope: malformed.';
    return Response.json({ error: message }, { status: 400 });
  }
  storeEnvelope(envelope, bytes.byteLength);
  const dsn = configuredSentryDsn();
  const endpoint = dsn && envelope.header.dsn === dsn ? envelopeEndpoint(dsn) : undefined;
  if (endpoint) {
    try {
      const upstream = await fetch(endpoint, {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/x-sentry-envelope' },
      });
      return new Response(null, { status: upstream.status });
    } catch {
      return new Response(null, { status: 502 });
    }
  }
  return Response.json({ id: typeof envelope.header.event_id === 'string' ? envelope.header.event_id : null });
}

/**
 * The kept envelopes, parsed: `{ envelopes: [{ received_at, header, items: [{ header, payload }] }] }`.
 * Test mode only (`QUILL_TEST_MODE=1`): elsewhere they are nobody's to read.
 */
export async function GET(): Promise<Response> {
  if (!testMode()) return notFound();
  return Response.json({ envelopes: sentryEnvelopes() });
}

/** Forgets the kept envelopes (between tests). Test mode only. */
export async function DELETE(): Promise<Response> {
  if (!testMode()) return notFound();
  clearEnvelopes();
  return new Response(null, { status: 204 });
}
