/**
 * An AI provider mocked at the network edge with msw: OpenAI-style (`/v1/chat/completions`,
 * `/v1/responses`) and Anthropic-style (`/v1/messages`) endpoints with their real body shapes and
 * usage fields, plus fault injection. Also the app-side calls the tests instrument: a real `fetch`
 * to the mocked URL and a parse of its body, as an app would write them.
 */
import { delay, http, HttpResponse } from 'msw';
import { z } from 'zod';
import { MalformedResponseError, OutputValidationError, providerErrorFromResponse } from '@taxon/edge';

export const OPENAI_URL = 'https://api.openai.test';
export const ANTHROPIC_URL = 'https://api.anthropic.test';

/** What the provider does to the next requests. */
export type ProviderFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error'; status?: number }
  | { kind: 'context_length' }
  | { kind: 'malformed_json' }
  | { kind: 'missing_usage' }
  | { kind: 'invalid_output' }
  | { kind: 'truncated_stream' }
  | { kind: 'stream_reset' };

/** Provider-neutral token counts the mock renders in each provider's own usage shape. */
export interface MockUsage {
  /** All input tokens, cached included. */
  input: number;
  cached: number;
  /** Anthropic cache writes (part of `input`). */
  cacheWrite: number;
  output: number;
}

type Provider = 'openai-chat' | 'openai-responses' | 'anthropic';

const encoder = new TextEncoder();

function sseEvent(name: string | undefined, data: unknown): string {
  return `${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/**
 * The SSE body. `error` ends it the way undici reports a connection cut mid-body
 * (`TypeError: terminated`); a real socket reset is tested against a local server too.
 */
function sse(chunks: readonly string[], end: 'close' | 'error'): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (end === 'close') controller.close();
      else controller.error(new TypeError('terminated'));
    },
  });
}

function errorBody(provider: Provider, type: string, message: string, code: string | null) {
  return provider === 'anthropic'
    ? { type: 'error', error: { type, message }, request_id: 'req_011mock' }
    : { error: { message, type, param: null, code } };
}

/** Creates the mock; `handlers` go to `setupServer(...)`. */
export function createAiProviderMock(initial: MockUsage = { input: 1200, cached: 200, cacheWrite: 0, output: 300 }) {
  let usage = initial;
  let fault: ProviderFault | undefined;
  let faultTimes = Infinity;
  const requests: { provider: Provider; body: Record<string, unknown> }[] = [];
  const content = (active: ProviderFault | undefined) =>
    active?.kind === 'invalid_output' ? 'Sure! Here is your text:' : '{"text":"A sharper sentence."}';

  const openAIChatUsage = () => ({
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  });
  const anthropicUsage = () => ({
    input_tokens: usage.input - usage.cached - usage.cacheWrite,
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cached,
    output_tokens: usage.output,
  });

  function body(provider: Provider, model: string, active: ProviderFault | undefined) {
    const withUsage = active?.kind !== 'missing_usage';
    if (provider === 'openai-chat') {
      return {
        id: 'chatcmpl-mock1',
        object: 'chat.completion',
        created: 1_763_000_000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: content(active) }, finish_reason: 'stop' }],
        ...(withUsage && { usage: openAIChatUsage() }),
      };
    }
    if (provider === 'openai-responses') {
      return {
        id: 'resp_mock1',
        object: 'response',
        status: 'completed',
        model,
        output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: content(active) }] }],
        ...(withUsage && {
          usage: {
            input_tokens: usage.input,
            input_tokens_details: { cached_tokens: usage.cached },
            output_tokens: usage.output,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.input + usage.output,
          },
        }),
      };
    }
    return {
      id: 'msg_mock1',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: content(active) }],
      stop_reason: 'end_turn',
      ...(withUsage && { usage: anthropicUsage() }),
    };
  }

  function stream(provider: Provider, model: string, active: ProviderFault | undefined): string[] {
    const text = content(active);
    if (provider === 'anthropic') {
      const { output_tokens: _output, ...startUsage } = anthropicUsage();
      const message = { id: 'msg_mock1', type: 'message', role: 'assistant', model, content: [] };
      return [
        sseEvent('message_start', {
          type: 'message_start',
          message: { ...message, usage: { ...startUsage, output_tokens: 1 } },
        }),
        sseEvent('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
        sseEvent('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn' },
          usage: { output_tokens: usage.output },
        }),
        sseEvent('message_stop', { type: 'message_stop' }),
      ];
    }
    const chunk = (extra: Record<string, unknown>) =>
      sseEvent(undefined, { id: 'chatcmpl-mock1', object: 'chat.completion.chunk', model, ...extra });
    return [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: text.slice(0, 10) } }] }),
      chunk({ choices: [{ index: 0, delta: { content: text.slice(10) } }] }),
      chunk({ choices: [], usage: openAIChatUsage() }),
      'data: [DONE]\n\n',
    ];
  }

  function respond(provider: Provider) {
    return async ({ request }: { request: Request }) => {
      const payload = (await request.json()) as Record<string, unknown>;
      requests.push({ provider, body: payload });
      const model = String(payload['model']);
      const active = fault;
      if (active && --faultTimes <= 0) fault = undefined;
      const anthropic = provider === 'anthropic';
      switch (active?.kind) {
        case 'latency':
          await delay(active.ms);
          break;
        case 'hang':
          await delay('infinite');
          break;
        case 'rate_limit': {
          const type = anthropic ? 'rate_limit_error' : 'requests';
          const body = errorBody(provider, type, 'Rate limit reached for requests', 'rate_limit_exceeded');
          const headers = { 'retry-after': String(active.retryAfterSeconds) };
          return HttpResponse.json(body, { status: 429, headers });
        }
        case 'server_error': {
          const body = errorBody(provider, anthropic ? 'api_error' : 'server_error', 'Internal server error', null);
          return HttpResponse.json(body, { status: active.status ?? 500 });
        }
        case 'context_length':
          return HttpResponse.json(
            anthropic
              ? errorBody(provider, 'invalid_request_error', 'prompt is too long: 208656 tokens > 200000 maximum', null)
              : errorBody(
                  provider,
                  'invalid_request_error',
                  "This model's maximum context length is 1047576 tokens. " +
                    'However, your messages resulted in 1100000 tokens.',
                  'context_length_exceeded',
                ),
            { status: 400 },
          );
        case 'malformed_json':
          return new HttpResponse('{"id":"chatcmpl-mock1","choices":[{"message":{"content":"A shar', {
            headers: { 'content-type': 'application/json' },
          });
        default:
          break;
      }
      if (payload['stream'] === true) {
        let chunks = stream(provider, model, active);
        if (active?.kind === 'truncated_stream' || active?.kind === 'stream_reset') chunks = chunks.slice(0, 2);
        return new HttpResponse(sse(chunks, active?.kind === 'stream_reset' ? 'error' : 'close'), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      return HttpResponse.json(body(provider, model, active));
    };
  }

  return {
    handlers: [
      http.post(`${OPENAI_URL}/v1/chat/completions`, respond('openai-chat')),
      http.post(`${OPENAI_URL}/v1/responses`, respond('openai-responses')),
      http.post(`${ANTHROPIC_URL}/v1/messages`, respond('anthropic')),
    ],
    /** Requests received, in order. */
    requests,
    /** Applies `next` to the following `times` requests (all of them by default). */
    fault(next: ProviderFault | undefined, times = Infinity) {
      fault = next;
      faultTimes = times;
    },
    setUsage(next: MockUsage) {
      usage = next;
    },
    reset() {
      fault = undefined;
      faultTimes = Infinity;
      usage = initial;
      requests.length = 0;
    },
  };
}

export type AiProviderMock = ReturnType<typeof createAiProviderMock>;

// The app side: what a route handler would write around `fetch`.

const outputSchema = z.object({ text: z.string().min(1) });

async function post(url: string, body: Record<string, unknown>, signal: AbortSignal): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await providerErrorFromResponse(response);
  return response;
}

function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .flatMap((event) => event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)));
}

/** Checks the model's JSON output like an app would; the response rides on the error for its usage. */
export function validateOutput(content: string, response: unknown): { text: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (cause) {
    throw new OutputValidationError('The model did not return the JSON object asked for.', { cause, response });
  }
  const checked = outputSchema.safeParse(parsed);
  if (!checked.success) {
    const message = 'The model output does not match the schema.';
    throw new OutputValidationError(message, { cause: checked.error, response });
  }
  return checked.data;
}

/** The parts of an OpenAI chat completion the tests read. */
export interface ChatCompletion {
  id: string;
  object: string;
  model: string;
  choices: { message: { content: string } }[];
  usage?: Record<string, unknown>;
}

/** An OpenAI Chat Completions call; `validate` checks the output against the app's schema. */
export async function openAIChat(
  signal: AbortSignal,
  model: string,
  options: { validate?: boolean } = {},
): Promise<ChatCompletion> {
  const request = { model, messages: [{ role: 'user', content: 'Rewrite this.' }] };
  const response = await post(`${OPENAI_URL}/v1/chat/completions`, request, signal);
  const completion = (await response.json()) as ChatCompletion;
  if (options.validate) validateOutput(completion.choices[0]!.message.content, completion);
  return completion;
}

/** A streamed OpenAI Chat Completions call with `include_usage`: the text and the last chunk's usage. */
export async function openAIChatStream(signal: AbortSignal, model: string): Promise<{ text: string; usage: unknown }> {
  const response = await post(`${OPENAI_URL}/v1/chat/completions`, {
    model,
    messages: [{ role: 'user', content: 'Rewrite this.' }],
    stream: true,
    stream_options: { include_usage: true },
  }, signal);
  const events = sseData(await response.text());
  if (events.at(-1) !== '[DONE]') throw new MalformedResponseError('The stream ended before [DONE].');
  let text = '';
  let usage: unknown;
  for (const data of events.slice(0, -1)) {
    const chunk = JSON.parse(data) as { choices: { delta: { content?: string } }[]; usage?: unknown };
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
}

/** An OpenAI Responses call. */
export async function openAIResponses(signal: AbortSignal, model: string) {
  const response = await post(`${OPENAI_URL}/v1/responses`, { model, input: 'Rewrite this.' }, signal);
  return (await response.json()) as Record<string, unknown>;
}

/** An Anthropic Messages call (`stream: true` assembles the final message from the SSE events). */
export async function anthropicMessages(signal: AbortSignal, model: string, options: { stream?: boolean } = {}) {
  const response = await post(`${ANTHROPIC_URL}/v1/messages`, {
    model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Rewrite this.' }],
    ...(options.stream && { stream: true }),
  }, signal);
  if (!options.stream) return (await response.json()) as Record<string, unknown>;
  const events = sseData(await response.text()).map((data) => JSON.parse(data) as Record<string, any>);
  if (events.at(-1)?.['type'] !== 'message_stop') {
    throw new MalformedResponseError('The stream ended before message_stop.');
  }
  const message = events[0]!['message'] as Record<string, any>;
  for (const event of events) {
    if (event['type'] === 'content_block_delta') message['content'].push({ type: 'text', text: event['delta'].text });
    if (event['type'] === 'message_delta') message['usage'] = { ...message['usage'], ...event['usage'] };
  }
  return message;
}
