import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { toScenario, SCENARIO_HEADER } from '../scenarios';
import { ANTHROPIC_URL, OPENAI_URL } from './call-provider';

// Canned outputs: the mock never echoes the prompt, so nothing the user typed comes back.
const OUTPUTS = [
  'Here is a clearer version of your text, with shorter sentences and the main point first.',
  'A tighter take: the key idea up front, the details after, and no filler words.',
  'Another version, friendlier in tone and easier to skim.',
];

let calls = 0;

interface Usage {
  input: number;
  output: number;
}

function usageFor(body: unknown): Usage {
  // Rough tokens from the request size; exact figures are the provider's job.
  const length = JSON.stringify(body ?? '').length;
  return { input: Math.max(12, Math.round(length / 4)), output: 180 + (calls % 5) * 40 };
}

type Shape = (model: string, text: string, usage: Usage) => Record<string, unknown>;

const openAiShape: Shape = (model, text, usage) => ({
  id: `chatcmpl-demo${calls}`,
  object: 'chat.completion',
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
});

const anthropicShape: Shape = (model, text, usage) => ({
  id: `msg_demo${calls}`,
  type: 'message',
  role: 'assistant',
  model,
  content: [{ type: 'text', text }],
  stop_reason: 'end_turn',
  usage: { input_tokens: usage.input, output_tokens: usage.output },
});

function answer(shape: Shape, rateLimitBody: Record<string, unknown>) {
  return async ({ request }: { request: Request }) => {
    const scenario = toScenario(request.headers.get(SCENARIO_HEADER));
    const body = (await request.json().catch(() => ({}))) as { model?: string };
    calls++;
    switch (scenario) {
      case 'timeout':
        // Longer than the route's timeout: instrumentGeneration aborts it as ai_timeout.
        await delay(60_000);
        break;
      case 'rate_limited':
        await delay(80);
        return HttpResponse.json(rateLimitBody, { status: 429, headers: { 'retry-after': '20' } });
      case 'malformed':
        await delay(150);
        return new HttpResponse('{"id":"chatcmpl-demo","choices":[{"message":{"content":"Here is', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      case 'slow':
        await delay(2500);
        break;
      default:
        await delay(250 + (calls % 4) * 100);
    }
    const text = OUTPUTS[calls % OUTPUTS.length]!;
    return HttpResponse.json(shape(body.model ?? 'unknown', text, usageFor(body)));
  };
}

/** msw handlers standing in for the OpenAI and Anthropic APIs, per `x-demo-scenario`. */
export const providerHandlers = [
  http.post(
    OPENAI_URL,
    answer(openAiShape, {
      error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
    }),
  ),
  http.post(
    ANTHROPIC_URL,
    answer(anthropicShape, { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } }),
  ),
];

/**
 * Starts the mock in this Node process. Every other request (the collector, a real Sentry host)
 * passes through untouched.
 */
export function startMockProvider(): void {
  const server = setupServer(...providerHandlers);
  server.listen({ onUnhandledRequest: 'bypass' });
}
