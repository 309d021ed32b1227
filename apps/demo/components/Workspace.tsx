'use client';
import * as Sentry from '@sentry/browser';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useAnalytics } from '@taxon/react';
import { enumValues, priceTable, type ErrorType, type Feature, type PricedModel, type SuggestionType } from '@/lib/taxonomy';
import { SCENARIOS, SCENARIO_HEADER, type Scenario } from '@/lib/scenarios';
import { currentUser, FREE_GENERATIONS, writeUser, type QuillUser } from '@/lib/user';

const FEATURES = enumValues.feature as readonly Feature[];
// Only priced models: the usage log computes every call's cost from the generated price table.
const MODELS = Object.keys(priceTable.models) as PricedModel[];

const FEATURE_LABELS: Record<Feature, string> = {
  rewrite: 'Rewrite',
  summarize: 'Summarize',
  expand: 'Expand',
  translate: 'Translate',
  tone_adjust: 'Adjust tone',
};

// One inline suggestion per result, picked by feature: enough to show suggestion_accepted/dismissed.
const SUGGESTIONS: Record<Feature, { type: SuggestionType; text: string }> = {
  rewrite: { type: 'clarity', text: 'Split the longest sentence in two.' },
  summarize: { type: 'concision', text: 'Drop the closing sentence; it repeats the first.' },
  expand: { type: 'tone', text: 'Open with the benefit instead of the feature.' },
  translate: { type: 'grammar', text: 'Use the formal form of address.' },
  tone_adjust: { type: 'tone', text: 'Soften the opening request.' },
};

/** Characters changed between two texts: what differs once the common prefix and suffix are cut. */
function changedChars(before: string, after: string): number {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return Math.max(before.length, after.length) - start - end;
}

/** A free user's credits as the server's ledger reports them. */
type Credits = { remaining: number; granted: number };
type GenerateResponse = (
  | { ok: true; output: string }
  | { ok: false; errorType: ErrorType; message?: string }
  | { ok: false; paywall: true }
) & { credits?: Credits };

/** Thrown into Sentry when a generation fails in a way the team must look at. */
class GenerationError extends Error {
  override name = 'GenerationError';
}

/** The writing workspace: pick a feature and model, write a prompt, generate, rate, upgrade. */
export function Workspace() {
  const tracker = useAnalytics();
  const router = useRouter();
  const [user, setUser] = useState<QuillUser | null>(null);
  const [feature, setFeature] = useState<Feature>('rewrite');
  const [model, setModel] = useState<PricedModel>('gpt-4.1-mini');
  const [scenario, setScenario] = useState<Scenario>('normal');
  const [prompt, setPrompt] = useState('');
  const [output, setOutput] = useState<string | null>(null);
  const [errorType, setErrorType] = useState<ErrorType | null>(null);
  const [busy, setBusy] = useState(false);
  const [rated, setRated] = useState<'up' | 'down' | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<{ type: SuggestionType; text: string } | null>(null);
  const paywallSent = useRef(false);
  // The free plan's generations come from the server's credit ledger, not from this browser.
  const [credits, setCredits] = useState<Credits | null>(null);

  useEffect(() => setUser(currentUser()), []);

  const plan = user?.plan ?? 'free';
  const userId = user?.id;
  useEffect(() => {
    if (userId === undefined || plan !== 'free') return;
    let live = true;
    fetch(`/api/credits?userId=${encodeURIComponent(userId)}`)
      .then((response) => response.json() as Promise<{ ok: boolean; credits?: Credits }>)
      .then((body) => {
        if (live && body.credits) setCredits(body.credits);
      })
      .catch(() => {
        // Unknown until the next generation answers with the ledger's figure.
      });
    return () => {
      live = false;
    };
  }, [userId, plan]);
  const paywalled = user !== null && plan === 'free' && credits !== null && credits.remaining <= 0;

  // Shared ids: copied into every event that declares them, and Sentry tags through the bridge.
  useEffect(() => {
    if (user) tracker.setContext({ feature, model, plan_type: plan });
  }, [tracker, user, feature, model, plan]);

  // Once per feature picked (and on arrival), not again when the plan changes.
  const ready = user !== null;
  const planRef = useRef(plan);
  planRef.current = plan;
  useEffect(() => {
    if (ready) tracker.trackEvent('feature_used', { feature, source: 'app', plan_type: planRef.current });
  }, [tracker, ready, feature]);

  useEffect(() => {
    if (!paywalled || paywallSent.current) return;
    paywallSent.current = true;
    tracker.trackEvent('paywall_viewed', { paywall_reason: 'free_limit_reached', plan_type: plan, feature, model });
  }, [tracker, paywalled, plan, feature, model]);

  const generate = async (regenerate: boolean) => {
    const me = user ?? currentUser();
    if (busy || (me.plan === 'free' && credits !== null && credits.remaining <= 0)) return;
    if (regenerate) tracker.trackEvent('regeneration_clicked', { feature, model, plan_type: me.plan });
    const generation = tracker.startGeneration({ feature, model, plan_type: me.plan, source: 'app' });
    setBusy(true);
    setErrorType(null);
    setRated(null);
    // generation_started reaches the collector before the server's terminal event, and the
    // collector destination has written its ids once it posted.
    await tracker.flush();
    const ids = await tracker.getAnalyticsIds();
    let result: GenerateResponse;
    try {
      const response = await fetch('/api/generate', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SCENARIO_HEADER]: scenario,
          'x-taxon-correlation-id': generation.correlationId,
        },
        body: JSON.stringify({
          feature,
          model,
          prompt,
          scenario,
          userId: me.id,
          planType: me.plan,
          clientId: ids.clientId,
          sessionId: ids.sessionId,
          correlationId: generation.correlationId,
        }),
      });
      result = (await response.json()) as GenerateResponse;
    } catch {
      result = { ok: false, errorType: 'ai_provider_error' };
    }
    if (result.credits) setCredits(result.credits);
    if ('paywall' in result) {
      // Another tab spent the last credit: the server refused before calling the provider, and the
      // paywall now shows. The generation never ran, so it gets no terminal event.
      setBusy(false);
      return;
    }
    if (result.ok) {
      // generation_completed is server-owned: complete() closes the handle and sends nothing.
      generation.complete();
      const next = { ...me, generations: me.generations + 1 };
      writeUser(next);
      setUser(next);
      setOutput(result.output);
      setDraft(null);
      setSuggestion(SUGGESTIONS[feature]);
    } else {
      generation.fail(result.errorType);
      setErrorType(result.errorType);
      if (result.errorType === 'ai_timeout' || result.errorType === 'ai_malformed_response') {
        // The bridge already set feature/model/plan_type/error_type tags and the breadcrumb trail.
        Sentry.captureException(new GenerationError(`Generation failed: ${result.errorType}`));
      }
    }
    setBusy(false);
  };

  const rate = (rating: 'up' | 'down') => {
    setRated(rating);
    tracker.trackEvent('generation_rated', { rating, feature, model });
  };

  // The edited text stays in the page: only the size of the edit, bucketed, is sent.
  const useDraft = () => {
    if (output === null || draft === null) return;
    const edited = changedChars(output, draft);
    if (edited > 0) tracker.trackEvent('output_corrected', { feature, model, edited_chars: edited });
    setOutput(draft);
    setDraft(null);
  };

  const answerSuggestion = (accepted: boolean) => {
    if (!suggestion) return;
    tracker.trackEvent(accepted ? 'suggestion_accepted' : 'suggestion_dismissed', { suggestion_type: suggestion.type, feature });
    setSuggestion(null);
  };

  const upgrade = () => {
    tracker.trackEvent('upgrade_clicked', { source: 'paywall', plan_type: plan, target_plan: 'pro' });
    router.push('/checkout');
  };

  return (
    <div className="workspace">
      <div className="card controls">
        <div className="row">
          <label>
            Feature
            <select
              data-testid="feature-select"
              value={feature}
              onChange={(e) => setFeature(e.target.value as Feature)}
            >
              {FEATURES.map((f) => (
                <option key={f} value={f}>
                  {FEATURE_LABELS[f]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model
            <select data-testid="model-select" value={model} onChange={(e) => setModel(e.target.value as PricedModel)}>
              {MODELS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label title="How the mocked AI provider answers">
            Provider scenario
            <select
              data-testid="scenario-select"
              value={scenario}
              onChange={(e) => setScenario(e.target.value as Scenario)}
            >
              {SCENARIOS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label htmlFor="prompt">Your text</label>
        <textarea
          id="prompt"
          data-testid="prompt-input"
          rows={6}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder="Paste the text to work on. It goes to the AI provider only, never to analytics."
        />
        <div className="actions">
          <button
            type="button"
            className="button"
            data-testid="generate"
            disabled={busy || paywalled}
            onClick={() => void generate(false)}
          >
            {busy ? 'Generating...' : 'Generate'}
          </button>
          <button
            type="button"
            className="button secondary"
            data-testid="regenerate"
            disabled={busy || paywalled || (output === null && errorType === null)}
            onClick={() => void generate(true)}
          >
            Regenerate
          </button>
          <span className="muted" data-testid="plan-status">
            {plan === 'free'
              ? `${credits === null ? '…' : Math.max(0, credits.remaining)} of ${credits?.granted ?? FREE_GENERATIONS} free generations left`
              : `Plan: ${plan}`}
          </span>
        </div>
      </div>

      {errorType ? (
        <p className="card error" role="alert">
          The generation failed: <code data-testid="generation-error">{errorType}</code>
        </p>
      ) : null}

      <div className="card output">
        <h2>Result</h2>
        {draft === null ? (
          <p data-testid="output">{output ?? 'Nothing generated yet.'}</p>
        ) : (
          <textarea data-testid="output-edit" rows={4} value={draft} onChange={(e) => setDraft(e.target.value)} />
        )}
        {suggestion && draft === null ? (
          <p className="suggestion" data-testid="suggestion">
            <span className="muted">Suggestion ({suggestion.type}):</span> {suggestion.text}{' '}
            <button type="button" className="button small" data-testid="suggestion-accept" onClick={() => answerSuggestion(true)}>
              Accept
            </button>{' '}
            <button type="button" className="button small secondary" data-testid="suggestion-dismiss" onClick={() => answerSuggestion(false)}>
              Dismiss
            </button>
          </p>
        ) : null}
        <div className="actions">
          {draft === null ? (
            <button type="button" className="button small secondary" data-testid="output-edit-start" disabled={output === null}
              onClick={() => setDraft(output)}>
              Edit
            </button>
          ) : (
            <button type="button" className="button small" data-testid="output-use" onClick={useDraft}>
              Use this text
            </button>
          )}
          <button
            type="button"
            className={`button small ${rated === 'up' ? '' : 'secondary'}`}
            data-testid="rate-up"
            disabled={output === null}
            onClick={() => rate('up')}
          >
            Good
          </button>
          <button
            type="button"
            className={`button small ${rated === 'down' ? '' : 'secondary'}`}
            data-testid="rate-down"
            disabled={output === null}
            onClick={() => rate('down')}
          >
            Bad
          </button>
        </div>
      </div>

      {paywalled ? (
        <div className="card paywall" data-testid="paywall">
          <h2>You used your {FREE_GENERATIONS} free generations</h2>
          <p>Upgrade to Pro for unlimited generations with every model.</p>
          <button type="button" className="button" data-testid="upgrade" onClick={upgrade}>
            Upgrade to Pro, $19/month
          </button>
        </div>
      ) : null}
    </div>
  );
}
