import type { ParamDef } from '../model.js';
import type { Rule } from './rule.js';
import { words } from './rule.js';

/** Words in a param name that suggest personal data or user content. */
const PII_WORDS = new Set([
  'email', 'mail', 'name', 'firstname', 'lastname', 'surname', 'username', 'phone', 'mobile',
  'address', 'street', 'zip', 'postcode', 'postal', 'city', 'ip', 'ipv4', 'ipv6', 'ssn', 'dob',
  'birthday', 'birthdate', 'passport', 'password', 'card', 'iban', 'prompt', 'output', 'completion',
  'message', 'text', 'content', 'body', 'transcript', 'query', 'comment', 'feedback',
]);

/** Phrases in a description that suggest the param carries personal data or user content. */
const PII_PHRASES = [
  /\be-?mail\b/i, /\bphone( number)?\b/i, /\b(full|first|last|user'?s?|real) name\b/i,
  /\b(home|street|postal|billing|ip) address\b/i, /\bprompt text\b/i, /\braw prompt\b/i,
  /\bwhat the user (typed|wrote|asked)\b/i, /\buser input\b/i, /\bfree[- ]text\b/i,
  /\b(model|generated|ai) output\b/i, /\bmessage (body|content|text)\b/i, /\bcredit card\b/i,
];

/** Name words that carry an exact count or duration, which must be bucketed. */
const COUNT_WORDS = new Set(['tokens', 'token', 'duration', 'latency', 'ms', 'msec', 'millis', 'seconds', 'elapsed']);

function piiReason(p: ParamDef): string | undefined {
  const word = words(p.name).find((w) => PII_WORDS.has(w));
  if (word) return `its name contains "${word}"`;
  const phrase = PII_PHRASES.map((re) => re.exec(p.description)?.[0]).find(Boolean);
  return phrase ? `its description mentions "${phrase}"` : undefined;
}

export const pii: Rule = {
  id: 'privacy/pii',
  severity: 'error',
  description:
    'A param whose name or description suggests personal data or content (email, name, phone, address, prompt, output, message, text, ip...) needs `pii_safe: <reason>`.',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()]
      // A bucket's values are fixed numeric ranges: `output_token_bucket` cannot carry output text.
      .filter((p) => p.piiSafe === undefined && p.type !== 'bucket')
      .flatMap((p) => {
        const reason = piiReason(p);
        return reason
          ? [{
              at: p.at,
              problem: `Param "${p.name}" looks like personal data or user content: ${reason}.`,
              expected:
                'no PII, prompts or outputs in analytics; rename it, or declare why it is safe with pii_safe',
              example: `${p.name}:\n      pii_safe: Only a fixed tier label, never a person's name.`,
            }]
          : [];
      }),
};

export const freeText: Rule = {
  id: 'privacy/free-text',
  severity: 'error',
  description: 'No free-form string params: strings are enums, anchored patterns or buckets.',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()]
      .filter((p) => p.type === 'string')
      .map((p) => ({
        at: ctx.at(p.file, [...p.path, 'type'], 'value'),
        problem: `Param "${p.name}" is a free-form string: anything, including PII, could be sent in it.`,
        expected: 'type enum (with values), pattern (with an anchored pattern) or bucket',
        example: `${p.name}:\n      type: enum\n      values: [a, b]`,
      })),
};

export const loosePattern: Rule = {
  id: 'privacy/loose-pattern',
  severity: 'error',
  description: 'Patterns are valid, anchored (^...$) and do not accept arbitrary text (.* or .+).',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()].flatMap((p) => {
      if (p.pattern === undefined) return [];
      const at = ctx.at(p.file, [...p.path, 'pattern'], 'value');
      try {
        new RegExp(p.pattern);
      } catch (error) {
        return [{
          at,
          problem: `Pattern of "${p.name}" is not a valid regular expression: ${(error as Error).message.replace(/\.$/, '')}.`,
          expected: 'a JavaScript regular expression',
          example: "pattern: '^cs_[A-Za-z0-9_]{8,64}$'",
        }];
      }
      const anchored = p.pattern.startsWith('^') && p.pattern.endsWith('$');
      const loose = /(^|[^\\])\.[*+]|\\S[*+]|\[\^[^\]]*\][*+]/.test(p.pattern);
      if (anchored && !loose) return [];
      return [{
        at,
        problem: `Pattern of "${p.name}" ${anchored ? 'accepts arbitrary text' : 'is not anchored with ^ and $'}, so free text could pass it.`,
        expected: 'an anchored pattern over a bounded character class',
        example: "pattern: '^cs_[A-Za-z0-9_]{8,64}$'",
      }];
    }),
};

export const exactCount: Rule = {
  id: 'privacy/exact-count',
  severity: 'error',
  description: 'Token counts and durations are buckets, never exact numbers (exact figures go to the usage log).',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()]
      .filter((p) => p.type === 'number' && words(p.name).some((w) => COUNT_WORDS.has(w)))
      .map((p) => ({
        at: ctx.at(p.file, [...p.path, 'type'], 'value'),
        problem: `Param "${p.name}" sends an exact count or duration.`,
        expected: 'a bucket param that takes the raw number at the call site and sends a label',
        example: `${p.name.replace(/_?(count|ms|msec)$/, '')}_bucket:\n      type: bucket\n      from: ${p.name}\n      unit: ${/token/.test(p.name) ? 'tokens' : 'ms'}\n      edges: [0, 500, 1000, 2000]`,
      })),
};

export const privacyRules = [pii, freeText, loosePattern, exactCount];
