import { MalformedResponseError, providerErrorFromResponse } from '@taxon/edge';
import type { PricedModel } from '@/lib/taxonomy';
import { priceTable } from '@/lib/taxonomy';
import { SCENARIO_HEADER, type Scenario } from '../scenarios';

/** OpenAI Chat Completions and Anthropic Messages endpoints (mocked by msw in the demo). */
export const OPENAI_URL = 'https://api.openai.com/v1/chat/completions';
export const ANTHROPIC_URL = 'https://api.anthropic.com/v1/messages';

const INSTRUCTIONS: Record<string, string> = {
  rewrite: 'Rewrite the text clearly.',
  summarize: 'Summarize the text in three sentences.',
  expand: 'Expand the text with more detail.',
  translate: 'Translate the text into French.',
  tone_adjust: 'Make the tone friendlier.',
};

/** The provider's result, as returned by its API. */
export type ProviderResult = Record<string, unknown>;

/**
 * One call to the model's provider with `fetch` (no SDK). The demo scenario travels as a header,
 * which the msw mock reads; against the real APIs it is an ignored extra header.
 */
export async function callProvider(
  input: { model: PricedModel; feature: string; prompt: string; scenario: Scenario },
  signal: AbortSignal,
): Promise<ProviderResult> {
  const anthropic = priceTable.models[input.model].provider === 'anthropic';
  const system = INSTRUCTIONS[input.feature] ?? INSTRUCTIONS.rewrite!;
  const response = await fetch(anthropic ? ANTHROPIC_URL : OPENAI_URL, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      [SCENARIO_HEADER]: input.scenario,
      ...(anthropic
        ? { 'x-api-key': process.env.ANTHROPIC_API_KEY ?? 'demo-key', 'anthropic-version': '2023-06-01' }
        : { authorization: `Bearer ${process.env.OPENAI_API_KEY ?? 'demo-key'}` }),
    },
    body: JSON.stringify(
      anthropic
        ? { model: input.model, max_tokens: 1024, system, messages: [{ role: 'user', content: input.prompt }] }
        : { model: input.model, messages: [{ role: 'system', content: system }, { role: 'user', content: input.prompt }] },
    ),
  });
  if (!response.ok) throw await providerErrorFromResponse(response);
  const text = await response.text();
  try {
    return JSON.parse(text) as ProviderResult;
  } catch (cause) {
    throw new MalformedResponseError('The provider answered with a body that is not JSON.', { cause });
  }
}

/** The generated text of an OpenAI or Anthropic result. */
export function outputText(result: ProviderResult): string | undefined {
  const choices = result['choices'];
  if (Array.isArray(choices)) {
    const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
    return typeof content === 'string' ? content : undefined;
  }
  const content = result['content'];
  if (Array.isArray(content)) {
    const text = (content[0] as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}
