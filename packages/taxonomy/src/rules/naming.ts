import type { Rule } from './rule.js';
import { RESERVED_EVENTS } from './ga4.js';
import { endsInParticiple, pastTense } from './participle.js';
import { definedNames, words } from './rule.js';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const MAX_NAME = 40;

/** Names, or last words, so generic that reports built on them mean nothing. */
const OVERLOADED_NAMES = new Set(['click', 'event', 'action', 'track', 'interaction', 'update', 'change', 'submit', 'data', 'misc', 'other']);
const OVERLOADED_LAST = new Set(['event', 'action', 'data', 'info', 'interaction', 'misc', 'stuff', 'thing', 'generic']);

function* allNames(ctx: Parameters<Rule['check']>[0]) {
  for (const e of definedNames(ctx, 'events')) yield { kind: 'Event', ...e };
  for (const p of definedNames(ctx, 'params')) yield { kind: 'Param', ...p };
}

export const snakeCase: Rule = {
  id: 'naming/snake-case',
  severity: 'error',
  description: 'Event and param names are snake_case and start with a letter.',
  check: (ctx) =>
    [...allNames(ctx)]
      .filter((n) => !SNAKE.test(n.name))
      .map((n) => ({
        at: n.at,
        problem: `${n.kind} name "${n.name}" is not snake_case.`,
        expected: 'lowercase letters, digits and single underscores, starting with a letter',
        example: n.name
          .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
          .replace(/[^A-Za-z0-9]+/g, '_')
          .replace(/^[^a-zA-Z]+|_+$/g, '')
          .toLowerCase() || 'signup_started',
      })),
};

export const maxLength: Rule = {
  id: 'naming/max-length',
  severity: 'error',
  description: `Event and param names are at most ${MAX_NAME} characters (GA4 drops longer ones).`,
  check: (ctx) =>
    [...allNames(ctx)]
      .filter((n) => n.name.length > MAX_NAME)
      .map((n) => ({
        at: n.at,
        problem: `${n.kind} name "${n.name}" is ${n.name.length} characters long.`,
        expected: `at most ${MAX_NAME} characters, the GA4 limit`,
        example: 'generation_completed',
      })),
};

export const overloaded: Rule = {
  id: 'naming/overloaded',
  severity: 'error',
  description: 'Generic names (click, user_action, payment_event) say nothing a report can use.',
  check: (ctx) =>
    definedNames(ctx, 'events')
      .filter((e) => OVERLOADED_NAMES.has(e.name) || OVERLOADED_LAST.has(words(e.name).at(-1) ?? ''))
      .map((e) => ({
        at: e.at,
        problem: `Event name "${e.name}" is overloaded: one name for many things makes every report ambiguous.`,
        expected: 'object_action naming one specific thing that happened',
        example: 'upgrade_clicked, payment_failed',
      })),
};

export const tense: Rule = {
  id: 'naming/tense',
  severity: 'error',
  description:
    'Event names end in a past participle: outcomes (_completed, _viewed, _cancelled) and triggered actions (_started, _clicked).',
  check: (ctx) =>
    definedNames(ctx, 'events')
      // Reserved names get their own finding (ga4/reserved-event); a tense hint there would mislead.
      .filter((e) => SNAKE.test(e.name) && !OVERLOADED_NAMES.has(e.name) && !RESERVED_EVENTS.has(e.name))
      .filter((e) => !OVERLOADED_LAST.has(words(e.name).at(-1) ?? ''))
      .filter((e) => !endsInParticiple(e.name))
      .map((e) => ({
        at: e.at,
        problem: `Event name "${e.name}" does not end in a past participle.`,
        expected:
          'object_verb in the past: outcomes end in _completed, _viewed or _cancelled, triggered actions in _started or _clicked',
        // One word is a noun more often than a verb (`search`), unless a compound verb (`signup`).
        example: words(e.name).length > 1 || pastTense(e.name).includes('_') ? pastTense(e.name) : `${e.name}_clicked`,
      })),
};

export const namingRules = [snakeCase, maxLength, overloaded, tense];
