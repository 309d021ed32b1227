import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  aiErrorTypes,
  classifyError,
  createInstrumentation,
  GenerationTimeoutError,
  MalformedResponseError,
  ProviderHttpError,
  retryAfterMs,
  type AiErrorType,
  type PriceTable,
} from '@taxon/edge';
import { enumValues, priceTable } from './fixtures/taxon/index.js';
import { anthropicMessages, openAIChat, openAIChatStream, type ProviderFault } from './lib/ai-provider-mock.js';
import { useInstrumentHarness } from './lib/instrument-harness.js';
import { testMeasurementProtocol } from './lib/measurement-protocol.js';

// Widened: these tests pass models from data, the way a misconfigured app would.
const prices: PriceTable = priceTable;
// `bypass`: one test cuts a stream on a real local HTTP server.
const harness = useInstrumentHarness({ onUnhandledRequest: 'bypass' });
const { ai, ga } = harness;
let sequence = 0;
const seenErrorTypes = new Set<string>();

function setup() {
  const mp = testMeasurementProtocol();
  return createInstrumentation({ prices, sink: harness.log, mp });
}

function context(model = 'gpt-4.1') {
  sequence++;
  return {
    feature: 'summarize',
    model,
    userId: `u_err_${sequence}`,
    requestId: `req_errors_${sequence}_${Date.now()}`,
    planType: 'free',
    clientId: '555.1763900000',
    sessionId: '1763900001',
  };
}

/**
 * Runs `call` through the instrumentation and returns what the caller saw, the error the call
 * itself threw, the stored row and the GA events.
 */
async function failing(
  call: (signal: AbortSignal) => Promise<unknown>,
  options: { timeoutMs?: number; signal?: AbortSignal; model?: string } = {},
) {
  const instrumentation = setup();
  const ctx = context(options.model);
  let thrown: unknown;
  let caught: unknown;
  try {
    await instrumentation.instrumentGeneration(
      ctx,
      async (signal) => {
        try {
          return await call(signal);
        } catch (error) {
          thrown = error;
          throw error;
        }
      },
      {
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        ...(options.signal && { signal: options.signal }),
      },
    );
  } catch (error) {
    caught = error;
  }
  await instrumentation.flush();
  const { rows } = await harness.log.driver.query<Record<string, unknown>>(
    'SELECT * FROM ai_usage_logs WHERE request_id = $1',
    [ctx.requestId],
  );
  const type = rows[0]?.['error_type'];
  if (typeof type === 'string') seenErrorTypes.add(type);
  return { caught, thrown, rows, events: ga.events(), ctx };
}

function callFor(model: string) {
  return model.startsWith('claude')
    ? (s: AbortSignal) => anthropicMessages(s, model)
    : (s: AbortSignal) => openAIChat(s, model);
}

function expectFailure(outcome: Awaited<ReturnType<typeof failing>>, errorType: AiErrorType) {
  expect(outcome.caught).toBeDefined();
  expect(outcome.rows).toHaveLength(1);
  expect(outcome.rows[0]).toMatchObject({ success: false, error_type: errorType });
  expect(outcome.events.map((e) => [e.name, e.params['error_type']])).toEqual([['generation_failed', errorType]]);
  expect(outcome.events[0]!.params['duration_bucket']).toEqual(expect.any(String));
  expect(outcome.events[0]!.params).not.toHaveProperty('duration_ms');
}

describe('failures are rethrown unchanged and classified', () => {
  it('a hung provider past timeoutMs is aborted: ai_timeout, rejected with the abort reason', async () => {
    ai.fault({ kind: 'hang' });
    const outcome = await failing((s) => openAIChat(s, 'gpt-4.1'), { timeoutMs: 50 });
    expect(outcome.caught).toBeInstanceOf(GenerationTimeoutError);
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_timeout');
  });

  it('a call that ignores its signal still ends at the timeout', async () => {
    const outcome = await failing(() => new Promise(() => {}), { timeoutMs: 30 });
    expect(outcome.caught).toBeInstanceOf(GenerationTimeoutError);
    expectFailure(outcome, 'ai_timeout');
  });

  it('the caller aborting (client went away) is ai_timeout with the caller’s reason', async () => {
    ai.fault({ kind: 'hang' });
    const controller = new AbortController();
    const reason = new DOMException('client disconnected', 'AbortError');
    setTimeout(() => controller.abort(reason), 20);
    const outcome = await failing((s) => anthropicMessages(s, 'claude-haiku-4-5'), {
      signal: controller.signal,
      model: 'claude-haiku-4-5',
    });
    expect(outcome.caught).toBe(reason);
    expectFailure(outcome, 'ai_timeout');
  });

  it('a caller abort with a custom reason is still ai_timeout', async () => {
    ai.fault({ kind: 'hang' });
    const controller = new AbortController();
    const reason = new Error('the user closed the tab');
    setTimeout(() => controller.abort(reason), 20);
    const outcome = await failing((s) => openAIChat(s, 'gpt-4.1'), { signal: controller.signal });
    expect(outcome.caught).toBe(reason);
    expectFailure(outcome, 'ai_timeout');
  });

  it('latency below the timeout is a success', async () => {
    ai.fault({ kind: 'latency', ms: 30 });
    const instrumentation = setup();
    const ctx = context();
    const call = (s: AbortSignal) => openAIChat(s, 'gpt-4.1');
    const result = await instrumentation.instrumentGeneration(ctx, call, { timeoutMs: 5_000 });
    expect(result.choices[0]!.message.content).toContain('sharper');
    await instrumentation.flush();
    expect(ga.events().map((e) => e.name)).toEqual(['generation_completed']);
  });

  it('429 with Retry-After is ai_rate_limit; the error keeps the header', async () => {
    ai.fault({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const outcome = await failing((s) => openAIChat(s, 'gpt-4.1'));
    expect(outcome.caught).toBe(outcome.thrown);
    expect(outcome.caught).toBeInstanceOf(ProviderHttpError);
    expect((outcome.caught as ProviderHttpError).headers.get('retry-after')).toBe('7');
    expect(retryAfterMs(outcome.caught)).toBe(7_000);
    expectFailure(outcome, 'ai_rate_limit');
  });

  it.each([
    ['OpenAI 500', { kind: 'server_error' }, 'gpt-4.1'],
    ['Anthropic 529 overloaded', { kind: 'server_error', status: 529 }, 'claude-sonnet-4-5'],
  ] as const)('%s is ai_provider_error', async (_name, fault: ProviderFault, model) => {
    ai.fault(fault);
    const outcome = await failing(callFor(model), { model });
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_provider_error');
  });

  it.each([
    ['OpenAI context_length_exceeded', 'gpt-4.1'],
    ['Anthropic "prompt is too long"', 'claude-sonnet-4-5'],
  ] as const)('%s is ai_token_limit_exceeded', async (_name, model) => {
    ai.fault({ kind: 'context_length' });
    const outcome = await failing(callFor(model), { model });
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_token_limit_exceeded');
  });

  it('malformed JSON from the provider is ai_malformed_response (the SyntaxError is rethrown)', async () => {
    ai.fault({ kind: 'malformed_json' });
    const outcome = await failing((s) => openAIChat(s, 'gpt-4.1'));
    expect(outcome.caught).toBeInstanceOf(SyntaxError);
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_malformed_response');
  });

  it('a stream that ends before its final event is ai_malformed_response', async () => {
    ai.fault({ kind: 'truncated_stream' });
    const outcome = await failing((s) => openAIChatStream(s, 'gpt-4.1'));
    expect(outcome.caught).toBeInstanceOf(MalformedResponseError);
    expectFailure(outcome, 'ai_malformed_response');
  });

  it('a stream whose body errors mid-way is ai_malformed_response', async () => {
    ai.fault({ kind: 'stream_reset' });
    const call = (s: AbortSignal) => anthropicMessages(s, 'claude-haiku-4-5', { stream: true });
    const outcome = await failing(call, { model: 'claude-haiku-4-5' });
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_malformed_response');
  });

  it('a success without usage is ai_malformed_response, and the result still reaches the caller', async () => {
    ai.fault({ kind: 'missing_usage' });
    const instrumentation = setup();
    const ctx = context();
    let produced: unknown;
    const call = async (s: AbortSignal) => (produced = await openAIChat(s, 'gpt-4.1'));
    const result = await instrumentation.instrumentGeneration(ctx, call);
    expect(result).toBe(produced);
    await instrumentation.flush();
    const { rows } = await harness.log.driver.query('SELECT * FROM ai_usage_logs WHERE request_id = $1', [ctx.requestId]);
    expect(rows).toMatchObject([
      { success: false, error_type: 'ai_malformed_response', total_tokens: 0, estimated_cost: '0' },
    ]);
    expect(instrumentation.stats().usageMissing).toBe(1);
  });

  it('output failing the app’s schema is ai_validation_error, priced from the response it carries', async () => {
    ai.fault({ kind: 'invalid_output' });
    const outcome = await failing((s) => openAIChat(s, 'gpt-4.1', { validate: true }));
    expect((outcome.caught as Error).name).toBe('OutputValidationError');
    expect(outcome.caught).toBe(outcome.thrown);
    expectFailure(outcome, 'ai_validation_error');
    // The rejected output was billed: 1200 in (200 cached), 300 out.
    expect(outcome.rows[0]).toMatchObject({ input_tokens: 1200, output_tokens: 300, estimated_cost: '0.0045' });
  });

  it('a ZodError thrown directly is ai_validation_error', async () => {
    const outcome = await failing(async (s) => {
      const completion = await openAIChat(s, 'gpt-4.1');
      return z.object({ text: z.string() }).parse({ text: completion.choices.length });
    });
    expect((outcome.caught as Error).name).toBe('ZodError');
    expectFailure(outcome, 'ai_validation_error');
  });

  it('a connection cut mid-stream by a real server (undici "terminated") is ai_malformed_response', async () => {
    const http: Server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"choices":[{"delta":{"content":"A sha"}}]}\n\n', () => {
        setTimeout(() => response.socket?.destroy(), 10);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      const outcome = await failing(async (signal) => {
        const url = `http://127.0.0.1:${port}/v1/chat/completions`;
        const response = await fetch(url, { method: 'POST', body: '{}', signal });
        return response.text();
      });
      expect(outcome.caught).toBeInstanceOf(TypeError);
      expectFailure(outcome, 'ai_malformed_response');
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('every error_type of the taxonomy was produced above, and the union matches the taxonomy enum', () => {
    expect([...aiErrorTypes]).toEqual([...enumValues.error_type]);
    expect([...seenErrorTypes].sort()).toEqual([...aiErrorTypes].sort());
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms, seconds and HTTP dates from SDK errors, Responses and header records', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(retryAfterMs({ headers: new Headers({ 'retry-after-ms': '250', 'retry-after': '1' }) })).toBe(250);
    expect(retryAfterMs(new Response(null, { status: 429, headers: { 'retry-after': '2' } }))).toBe(2_000);
    expect(retryAfterMs({ headers: { 'retry-after': 'Mon, 23 Nov 2026 08:00:30 GMT' } }, now)).toBe(30_000);
    expect(retryAfterMs({ headers: new Headers() })).toBeUndefined();
    expect(retryAfterMs({ headers: { 'retry-after': 'soon' } })).toBeUndefined();
    expect(retryAfterMs(new Error('no headers'))).toBeUndefined();
  });

  it('reads retry-after as RFC 9110 does (core parseRetryAfter): "1.5" and "-1" are ignored, not 1.5 s', () => {
    const now = Date.parse('2026-11-23T08:00:00Z');
    expect(retryAfterMs({ headers: { 'retry-after': '1.5' } }, now)).toBeUndefined();
    expect(retryAfterMs({ headers: { 'retry-after': '-1' } }, now)).toBeUndefined();
    expect(retryAfterMs({ headers: { 'retry-after': ' 3 ' } }, now)).toBe(3_000);
    // OpenAI's own retry-after-ms is milliseconds, fractions allowed; it wins over retry-after.
    expect(retryAfterMs({ headers: { 'retry-after-ms': '1.5', 'retry-after': '9' } }, now)).toBe(1.5);
  });
});

describe('classifyError', () => {
  // Shapes of the official SDKs' APIError (openai: status, error {code,type}, code, type, headers;
  // @anthropic-ai/sdk: status, error {type:'error', error:{type,message}}, headers).
  const openaiError = (status: number, code: string, type: string, message: string) => {
    const error = { message, type, param: null, code };
    const fields = { name: 'BadRequestError', status, error, code, type, headers: new Headers() };
    return Object.assign(new Error(`${status} ${message}`), fields);
  };
  const anthropicError = (status: number, type: string, message: string) => {
    const body = { type: 'error', error: { type, message } };
    const fields = { name: 'APIError', status, error: body, headers: new Headers() };
    return Object.assign(new Error(`${status} ${JSON.stringify(body)}`), fields);
  };
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  const fetchFailed = (cause: Error) => new TypeError('fetch failed', { cause });

  it.each([
    [
      'openai context_length_exceeded',
      openaiError(400, 'context_length_exceeded', 'invalid_request_error', "This model's maximum context length is 128000."),
      'ai_token_limit_exceeded',
    ],
    [
      'openai 429 insufficient_quota',
      openaiError(429, 'insufficient_quota', 'insufficient_quota', 'You exceeded your current quota'),
      'ai_rate_limit',
    ],
    [
      'openai 429 TPM limit mentioning tokens',
      openaiError(429, 'rate_limit_exceeded', 'tokens', 'Request too large for gpt-4 on tokens per min (TPM)'),
      'ai_rate_limit',
    ],
    [
      'openai 400 other',
      openaiError(400, 'invalid_value', 'invalid_request_error', 'Invalid value for temperature'),
      'ai_provider_error',
    ],
    [
      'anthropic prompt is too long',
      anthropicError(400, 'invalid_request_error', 'prompt is too long: 208656 tokens > 200000 maximum'),
      'ai_token_limit_exceeded',
    ],
    [
      'anthropic 413 request_too_large',
      anthropicError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'),
      'ai_token_limit_exceeded',
    ],
    ['anthropic 529 overloaded', anthropicError(529, 'overloaded_error', 'Overloaded'), 'ai_provider_error'],
    [
      'anthropic rate_limit_error',
      anthropicError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
      'ai_rate_limit',
    ],
    ['SDK timeout', named('APIConnectionTimeoutError', 'Request timed out.'), 'ai_timeout'],
    ['SDK user abort', named('APIUserAbortError', 'Request was aborted.'), 'ai_timeout'],
    ['AbortSignal.timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'ai_timeout'],
    ['undici connect timeout', fetchFailed(named('ConnectTimeoutError', 'Connect Timeout Error')), 'ai_timeout'],
    ['a thrown fetch Response 503', new Response(null, { status: 503 }), 'ai_provider_error'],
    ['a thrown fetch Response 429', new Response(null, { status: 429 }), 'ai_rate_limit'],
    ['DNS failure', fetchFailed(Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' })), 'ai_provider_error'],
    ['a string', 'boom', 'ai_provider_error'],
  ] as const)('%s -> %s', (_name, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('takes user classifiers first, and skips one that throws', () => {
    const contentFilter = (error: unknown) =>
      (error as { code?: string }).code === 'content_filter' ? ('ai_validation_error' as const) : undefined;
    const broken = () => {
      throw new Error('bug in a classifier');
    };
    const error = openaiError(400, 'content_filter', 'invalid_request_error', 'filtered');
    expect(classifyError(error)).toBe('ai_provider_error');
    expect(classifyError(error, [broken, contentFilter])).toBe('ai_validation_error');
  });
});
