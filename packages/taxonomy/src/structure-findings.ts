import type { z } from 'zod';
import { didYouMean } from './didyoumean.js';
import { makeFinding, type Finding } from './findings.js';
import { allowedKeysAt } from './schema.js';
import { locate, type ParsedFile } from './source.js';

/** Valid snippets shown in structural errors, one per kind of definition. */
export const EXAMPLES: Record<string, string> = {
  file: 'events:\n    signup_started:\n      description: A visitor opened the sign-up form.\n      owner: client',
  params: 'plan_type:\n      description: Subscription tier.\n      type: enum\n      values: [free, pro, enterprise]',
  events: 'signup_started:\n      description: A visitor opened the sign-up form.\n      owner: client\n      required: [source]',
  funnels: 'acquisition:\n      description: Visitor to first value.\n      window: 7d\n      steps: [landing_viewed, signup_completed]',
  alerts: 'ai_error_rate:\n      description: Share of AI calls that fail.\n      signal: { ratio: { numerator: { metric: aiErrors }, denominator: { metric: generations } } }\n      window: 5m\n      condition: above\n      severity:\n        warning: { threshold: 0.03, for: 5m }\n      summary: AI error rate {{ value }} over {{ window }}',
  prices: 'prices:\n    currency: USD\n    per_tokens: 1000\n    models:\n      gpt-4.1-mini:\n        provider: openai\n        history:\n          - { effective: 2025-04-14, input: "0.0004", cached_input: "0.0001", output: "0.0016" }',
};

/** The plain value at `path` in a parsed file, or undefined when absent. */
function valueAt(parsed: ParsedFile, path: readonly (string | number)[]): unknown {
  let value: unknown = parsed.value;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

export function zodFindings(
  parsed: ParsedFile,
  base: readonly (string | number)[],
  error: z.ZodError,
  kind: string,
): Finding[] {
  return error.issues.map((issue) => {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      // One finding per key would be noisier than useful for a block of typos; name them all.
      const allowed = allowedKeysAt(path);
      const [first] = issue.keys;
      const hints = issue.keys.map((k) => {
        const guess = didYouMean(k, allowed);
        return guess ? `"${k}" (did you mean "${guess}"?)` : `"${k}"`;
      });
      return makeFinding({
        rule: 'schema/unknown-key',
        severity: 'error',
        at: locate(parsed, [...path, first!]),
        problem: `Unknown key ${hints.join(', ')}.`,
        expected: `one of: ${allowed.join(', ')}`,
        example: EXAMPLES[kind] ?? EXAMPLES.file!,
      });
    }
    // zod 4 does not always say "received undefined" (a missing enum is an invalid_value), so ask the data.
    const missing = path.length > 0 && valueAt(parsed, path) === undefined && issue.code !== 'custom';
    return makeFinding({
      rule: missing ? 'schema/missing-field' : 'schema/invalid-value',
      severity: 'error',
      at: missing ? locate(parsed, path.slice(0, -1)) : locate(parsed, path, 'value'),
      problem: missing
        ? `Missing "${String(path.at(-1))}" in ${path.slice(0, -1).join('.') || 'file'}.`
        : `Invalid value at ${path.join('.')}: ${issue.message.replace(/^Invalid input: /, '').replace(/\.$/, '')}.`,
      example: EXAMPLES[kind] ?? EXAMPLES.file!,
    });
  });
}

