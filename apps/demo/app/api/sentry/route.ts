import { configuredSentryDsn } from '@/lib/runtime-config';
import { envelopeEndpoint, parseEnvelope } from '@/lib/server/sentry-envelope';
import { sentryEnvelopes, storeEnvelope } from '@/lib/server/sentry-store';

// In-memory state: never cached, always answered by this process.
export const dynamic = 'force-dynamic';

/**
 * Sentry tunnel (`tunnel: '/api/sentry'` in the browser SDK): keeps every envelope in memory for
 * the e2e tests and `GET`, and forwards it to Sentry only when `SENTRY_DSN` is set and the
 * envelope is for that DSN (the tunnel is not an open proxy).
 */
export async function POST(request: Request): Promise<Response> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  let envelope;
  try {
    envelope = parseEnvelope(bytes);
  } catch (error) {
    return Response.json({ error: String(error) }, { status: 400 });
  }
  storeEnvelope(envelope);
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
  return Response.json({ id: (envelope.header.event_id as string | undefined) ?? null });
}

/** The stored envelopes, parsed: `{ envelopes: [{ received_at, header, items: [{ header, payload }] }] }`. */
export async function GET(): Promise<Response> {
  return Response.json({ envelopes: sentryEnvelopes() });
}

/** Forgets the stored envelopes (between tests). */
export async function DELETE(): Promise<Response> {
  sentryEnvelopes().length = 0;
  return new Response(null, { status: 204 });
}
