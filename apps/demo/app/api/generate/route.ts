import { isIdentifier } from '@taxon/core';
import { classifyError, CreditRefusedError, MalformedResponseError, withRouteMetrics } from '@taxon/edge';
import { enumValues, priceTable, type Feature, type PlanType, type PricedModel } from '@/lib/taxonomy';
import { toScenario, SCENARIO_HEADER } from '@/lib/scenarios';
import { firstGenerations, serverAnalytics } from '@/lib/server/analytics';
import { callProvider, outputText } from '@/lib/server/call-provider';
import { ensureFreeCredits, freeCredits } from '@/lib/server/credits';
import { metrics } from '@/lib/server/metrics';
import { admitGeneration } from '@/lib/server/limits';

interface GenerateBody {
  feature?: unknown;
  model?: unknown;
  prompt?: unknown;
  scenario?: unknown;
  userId?: unknown;
  planType?: unknown;
  clientId?: unknown;
  sessionId?: unknown;
  correlationId?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const oneOf = <T extends string>(values: readonly string[], value: unknown): T | undefined =>
  typeof value === 'string' && values.includes(value) ? (value as T) : undefined;

const bad = (message: string) => Response.json({ ok: false, errorType: 'ai_validation_error', message }, { status: 400 });

/**
 * Runs one generation through `instrumentGeneration`: the exact tokens and cost go to the usage
 * log, `generation_completed`/`generation_failed` (buckets only) to the collector through MP,
 * stitched to the browser session by the client and session ids the browser sent.
 */
async function generate(request: Request): Promise<Response> {
  let body: GenerateBody;
  try {
    body = (await request.json()) as GenerateBody;
  } catch {
    return bad('Expected a JSON body { feature, model, prompt, userId, ... }.');
  }
  const feature = oneOf<Feature>(enumValues.feature, body.feature);
  const model = oneOf<PricedModel>(Object.keys(priceTable.models), body.model);
  const userId = text(body.userId);
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  if (!feature || !model || !userId) {
    return bad(`Expected feature in ${enumValues.feature.join('|')}, a priced model and a userId.`);
  }
  // The usage log is insert-only: an email sent as userId would stay there forever. Refused here
  // with a 400 (instrumentGeneration would also refuse it: a TypeError in development, not
  // recorded in production); the value is not echoed.
  if (!isIdentifier(userId)) {
    return bad("Expected userId to be the user's internal id (letters, digits and ._:-), not personal data such as an email.");
  }
  const planType = oneOf<PlanType>(enumValues.plan_type, body.planType) ?? 'free';
  const scenario = toScenario(request.headers.get(SCENARIO_HEADER) ?? body.scenario);
  const clientId = text(body.clientId);
  const sessionId = text(body.sessionId);
  const correlationId = text(request.headers.get('x-taxon-correlation-id')) ?? text(body.correlationId);

  const requestId = crypto.randomUUID();
  // Fair use: a 429 before the AI call when the plan's daily limit is reached.
  const allowance = await admitGeneration({ planType, userId, requestId, clientId, sessionId });
  if (allowance instanceof Response) return allowance;

  const analytics = await serverAnalytics();
  // The paywall follows the ledger: a free user's call holds one generation before the provider
  // is called, and the answer carries what the ledger has left.
  // The plan comes from the demo's client (it has no accounts): a client claiming 'pro' skips the
  // credits. What is enforced is the free balance: the ledger, not the browser, decides it.
  const remaining = async () => {
    if (planType !== 'free') return {};
    try {
      return { credits: await freeCredits(analytics.credits, userId) };
    } catch {
      // The call is over: a ledger failure now must not turn its answer into a 500, only drop the count.
      return {};
    }
  };
  if (planType === 'free') await ensureFreeCredits(analytics.credits, userId);
  try {
    const result = await analytics.instrumentGeneration(
      {
        feature,
        model,
        userId,
        requestId,
        planType,
        ...(clientId ? { clientId } : {}),
        ...(sessionId ? { sessionId } : {}),
        ...(correlationId ? { correlationId } : {}),
      },
      async (signal) => {
        const answer = await callProvider({ model, feature, prompt, scenario }, signal);
        if (outputText(answer) === undefined) {
          throw new MalformedResponseError('The provider answered without generated text.', { response: answer });
        }
        return answer;
      },
      // A W3C traceparent from the caller parents the call's span.
      { headers: request.headers },
    );
    // The generation succeeded: a failed commit must not turn it into an error answer (the hold
    // then expires after the ledger's TTL and this call is not counted against the limit).
    await allowance.commit().catch(() => {});
    // Only the server knows a user's first success; without browser ids (consent refused)
    // nothing is sent, like every server event.
    const firsts = firstGenerations();
    if (!firsts.has(userId)) {
      firsts.add(userId);
      if (clientId && sessionId) {
        analytics.mp.send('first_generation_completed', { feature, model, plan_type: planType }, { clientId, sessionId, userId });
      }
    }
    // The demo waits for delivery so the collector holds the event when the UI updates.
    await analytics.flush();
    return Response.json({ ok: true, output: outputText(result), ...(await remaining()) });
  } catch (error) {
    await analytics.flush();
    // By name as well as class: the server bundle may hold more than one copy of @taxon/edge.
    const refused = error instanceof CreditRefusedError || (error as Error | null)?.name === 'CreditRefusedError';
    const unpaid = refused && (error as CreditRefusedError).code === 'insufficient_credits';
    // A failed or unpaid call does not count; a hold this cannot release expires after the ledger's TTL.
    await allowance.release(unpaid ? 'insufficient_credits' : classifyError(error)).catch(() => {});
    if (unpaid) {
      return Response.json({ ok: false, paywall: true, ...(await remaining()) }, { status: 402 });
    }
    const errorType = classifyError(error);
    const status = errorType === 'ai_rate_limit' ? 429 : errorType === 'ai_timeout' ? 504 : 502;
    return Response.json({ ok: false, errorType, ...(await remaining()) }, { status });
  }
}

/** The route's latency (`taxon.http.route.duration{http_route="/api/generate"}`), apart from the AI call's. */
export const POST = withRouteMetrics('/api/generate', generate, { metrics });
