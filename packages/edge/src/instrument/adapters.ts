import type { TokenUsage, UsageAdapter } from './token-usage.js';

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A missing optional count is 0; a present one of the wrong type makes the whole usage unreadable. */
function optionalCount(value: unknown): number | undefined {
  return value === undefined || value === null ? 0 : count(value);
}

function usageOf(result: unknown): Fields | undefined {
  return record(record(result)?.['usage']);
}

function checked(usage: TokenUsage): TokenUsage | undefined {
  return usage.cachedInputTokens + usage.cacheWriteTokens <= usage.inputTokens ? usage : undefined;
}

/**
 * OpenAI Chat Completions (`chat.completions.create`, and the last chunk of a stream with
 * `stream_options: { include_usage: true }`): `usage.prompt_tokens` (cached included),
 * `usage.completion_tokens`, `usage.prompt_tokens_details.cached_tokens`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export const openAIChatUsage: UsageAdapter = (result) => {
  const usage = usageOf(result);
  if (!usage || !('prompt_tokens' in usage)) return undefined;
  const input = count(usage['prompt_tokens']);
  const output = count(usage['completion_tokens']);
  const cached = optionalCount(record(usage['prompt_tokens_details'])?.['cached_tokens']);
  if (input === undefined || output === undefined || cached === undefined) return undefined;
  return checked({ inputTokens: input, cachedInputTokens: cached, cacheWriteTokens: 0, outputTokens: output });
};

/**
 * OpenAI Responses (`responses.create`, and the `response.completed` stream event's `response`):
 * `usage.input_tokens` (cached included), `usage.output_tokens`,
 * `usage.input_tokens_details.cached_tokens`.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export const openAIResponsesUsage: UsageAdapter = (result) => {
  const usage = usageOf(result);
  if (!usage || !('input_tokens' in usage) || 'cache_read_input_tokens' in usage) return undefined;
  if (record(result)?.['type'] === 'message') return undefined;
  const input = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  const cached = optionalCount(record(usage['input_tokens_details'])?.['cached_tokens']);
  if (input === undefined || output === undefined || cached === undefined) return undefined;
  return checked({ inputTokens: input, cachedInputTokens: cached, cacheWriteTokens: 0, outputTokens: output });
};

/**
 * Anthropic Messages (`messages.create`, or a stream's final message): `usage.input_tokens` counts
 * only uncached input, so the cache reads (`cache_read_input_tokens`) and writes
 * (`cache_creation_input_tokens`) are added to it.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export const anthropicMessagesUsage: UsageAdapter = (result) => {
  const usage = usageOf(result);
  if (!usage || !('input_tokens' in usage)) return undefined;
  const isMessage =
    record(result)?.['type'] === 'message' ||
    'cache_read_input_tokens' in usage ||
    'cache_creation_input_tokens' in usage;
  if (!isMessage) return undefined;
  const uncached = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  const read = optionalCount(usage['cache_read_input_tokens']);
  const write = optionalCount(usage['cache_creation_input_tokens']);
  if (uncached === undefined || output === undefined || read === undefined || write === undefined) {
    return undefined;
  }
  return {
    inputTokens: uncached + read + write,
    cachedInputTokens: read,
    cacheWriteTokens: write,
    outputTokens: output,
  };
};

function isTokenUsage(usage: TokenUsage): boolean {
  const counts = [usage.inputTokens, usage.cachedInputTokens, usage.cacheWriteTokens, usage.outputTokens];
  return counts.every((value) => count(value) !== undefined) && checked(usage) !== undefined;
}

/** The built-in adapters, tried in this order after any the user adds. */
export const defaultUsageAdapters: readonly UsageAdapter[] = [
  openAIChatUsage,
  anthropicMessagesUsage,
  openAIResponsesUsage,
];

/**
 * The first usage an adapter reads from `result`, or `undefined`. An adapter that throws counts as
 * not matching; the error is passed to `onAdapterError`.
 */
export function readTokenUsage(
  result: unknown,
  adapters: readonly UsageAdapter[],
  onAdapterError?: (error: unknown) => void,
): TokenUsage | undefined {
  for (const adapter of adapters) {
    try {
      const usage = adapter(result);
      if (usage && isTokenUsage(usage)) return usage;
      if (usage) {
        const problem =
          `A usage adapter returned an impossible usage: ${JSON.stringify(usage)}. Expected ` +
          'non-negative integers with cachedInputTokens + cacheWriteTokens <= inputTokens.';
        onAdapterError?.(new TypeError(problem));
      }
    } catch (error) {
      onAdapterError?.(error);
    }
  }
  return undefined;
}
