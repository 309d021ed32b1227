// OpenTelemetry GenAI semantic conventions, v1.41.0: the only place their names live. Their status
// is "development" (they may be renamed; later versions moved them to the
// semantic-conventions-genai repository), so a rename is a change to this file alone.
// Source: open-telemetry/semantic-conventions@v1.41.0 docs/gen-ai/gen-ai-metrics.md,
// docs/gen-ai/gen-ai-spans.md and docs/registry/attributes/gen-ai.md.

/** The semantic-conventions version these names follow (a span/metric schema URL can name it). */
export const GEN_AI_SEMCONV_VERSION = '1.41.0';

/** Metric instrument names. */
export const GEN_AI_METRICS = {
  /** Histogram, unit `{token}`, one record per token type (`gen_ai.token.type`). */
  tokenUsage: 'gen_ai.client.token.usage',
  /** Histogram, unit `s`: the whole operation, success or error. Required by the conventions. */
  operationDuration: 'gen_ai.client.operation.duration',
  /** Histogram, unit `s`: request issued to first chunk of a streamed response. */
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
} as const;

/** Attribute keys (metrics and spans). */
export const GEN_AI_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
  /** Span only: input tokens, including cached ones. */
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  /** Span only: input tokens served from the provider's cache (included in input tokens). */
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  /** Span only: input tokens written to the provider's cache (included in input tokens). */
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
} as const;

/** `gen_ai.token.type` values. v1.41 defines only these two; cache tokens are span attributes. */
export const GEN_AI_TOKEN_TYPES = ['input', 'output'] as const;

/** Well-known `gen_ai.operation.name` values (v1.41). */
export const GEN_AI_OPERATION_NAMES = [
  'chat',
  'create_agent',
  'embeddings',
  'execute_tool',
  'generate_content',
  'invoke_agent',
  'invoke_workflow',
  'retrieval',
  'text_completion',
] as const;

/** Well-known `gen_ai.provider.name` values (v1.41); a custom value is allowed when none applies. */
export const GEN_AI_PROVIDER_NAMES = [
  'anthropic',
  'aws.bedrock',
  'azure.ai.inference',
  'azure.ai.openai',
  'cohere',
  'deepseek',
  'gcp.gemini',
  'gcp.gen_ai',
  'gcp.vertex_ai',
  'groq',
  'ibm.watsonx.ai',
  'mistral_ai',
  'openai',
  'perplexity',
  'x_ai',
] as const;

/** The conventions' fallback for an `error.type` the instrumentation has no value for. */
export const OTHER_VALUE = '_OTHER';

/** Explicit bucket boundaries of `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** Explicit bucket boundaries (seconds) of the duration and time-to-first-chunk histograms. */
export const GEN_AI_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/** Span kind and name of one AI call: `{gen_ai.operation.name} {gen_ai.request.model}`, kind CLIENT. */
export function genAiSpanName(operationName: string, requestModel: string | undefined): string {
  return requestModel === undefined || requestModel === '' ? operationName : `${operationName} ${requestModel}`;
}
