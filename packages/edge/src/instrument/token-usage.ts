/**
 * Token counts of one AI call, normalised across providers. OpenAI counts cached tokens inside its
 * input figure; Anthropic reports them beside it. Here `inputTokens` is always the whole input.
 */
export interface TokenUsage {
  /** Every input token: uncached, read from the cache and written to it. */
  inputTokens: number;
  /** Input tokens read from the provider's prompt cache (a subset of `inputTokens`). */
  cachedInputTokens: number;
  /** Input tokens written to the prompt cache (a subset of `inputTokens`; Anthropic only). */
  cacheWriteTokens: number;
  /** Output tokens, reasoning tokens included. */
  outputTokens: number;
}

/**
 * Reads token usage from a call's result (or from the `response` carried by an error). Returns
 * `undefined` when the result is not of the shape it knows, so the next adapter can try.
 */
export type UsageAdapter = (result: unknown) => TokenUsage | undefined;
