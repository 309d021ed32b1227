import { isIdentifier } from '@taxon/core';
import { peekFreeCredits } from '@/lib/server/credits';
import { serverAnalytics } from '@/lib/server/analytics';

/**
 * A free user's credits from the ledger, so the paywall shows what the server will allow, whatever
 * the browser's storage says. A read: the free plan's grant is made by the user's first generation.
 */
export async function GET(request: Request): Promise<Response> {
  const userId = new URL(request.url).searchParams.get('userId') ?? '';
  if (!isIdentifier(userId)) {
    return Response.json({ ok: false, message: "Expected ?userId= the user's internal id (letters, digits and ._:-)." }, { status: 400 });
  }
  const analytics = await serverAnalytics();
  return Response.json({ ok: true, credits: await peekFreeCredits(analytics.credits, userId) }, { headers: { 'cache-control': 'no-store' } });
}
