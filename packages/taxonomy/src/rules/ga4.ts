import { AUTOMATIC_PARAMS, GA4_LIMITS, MP_RUNTIME_FIELDS, RESERVED_EVENT_NAMES, RESERVED_PREFIXES, reservedPrefixOf } from '@taxon/core';
import type { Rule } from './rule.js';
import { definedNames } from './rule.js';

/** GA4's reserved names and limits, from their one home in `@taxon/core`. */
export const RESERVED_EVENTS = RESERVED_EVENT_NAMES;
/** Params GA4 or the Taxon runtime sets itself; a taxonomy must not declare them. */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set([...AUTOMATIC_PARAMS.keys(), ...MP_RUNTIME_FIELDS]);
export { RESERVED_PREFIXES };
/** GA4 limits: params per event, characters per param value. */
export const MAX_PARAMS_PER_EVENT = GA4_LIMITS.paramCount;
export const MAX_PARAM_VALUE_LENGTH = GA4_LIMITS.paramValue;

export const reservedEvent: Rule = {
  id: 'ga4/reserved-event',
  severity: 'error',
  description: 'Event names GA4 reserves or collects automatically cannot be defined.',
  check: (ctx) =>
    definedNames(ctx, 'events')
      .filter((e) => RESERVED_EVENTS.has(e.name))
      .map((e) => ({
        at: e.at,
        problem: `"${e.name}" is reserved or collected automatically by GA4.`,
        expected: 'a name of your own that says what happened',
        example: e.name === 'page_view' ? 'landing_viewed (page views are sent by the runtime)' : 'paywall_viewed',
      })),
};

export const reservedParam: Rule = {
  id: 'ga4/reserved-param',
  severity: 'error',
  description: 'Params GA4 or the runtime set themselves (session_id, engagement_time_msec, gclid...) cannot be declared.',
  check: (ctx) =>
    definedNames(ctx, 'params')
      .filter((p) => RESERVED_PARAMS.has(p.name))
      .map((p) => ({
        at: p.at,
        problem: `Param "${p.name}" is reserved: GA4 or the Taxon runtime fills it in.`,
        expected: 'a param name of your own; session and page fields are added automatically',
        example: 'checkout_session',
      })),
};

export const reservedPrefix: Rule = {
  id: 'ga4/reserved-prefix',
  severity: 'error',
  description: `Names may not start with the GA4-reserved prefixes ${RESERVED_PREFIXES.map((p) => `"${p}"`).join(', ')}.`,
  check: (ctx) => {
    const all = [
      ...definedNames(ctx, 'events').map((d) => ({ kind: 'Event', d })),
      ...definedNames(ctx, 'params').map((d) => ({ kind: 'Param', d })),
    ];
    return all.flatMap(({ kind, d }) => {
      const prefix = reservedPrefixOf(d.name);
      return prefix
        ? [{
            at: d.at,
            problem: `${kind} name "${d.name}" starts with the reserved prefix "${prefix}".`,
            expected: `a name not starting with ${RESERVED_PREFIXES.map((p) => `"${p}"`).join(', ')}`,
            example: d.name.slice(prefix.length).replace(/^_+/, '') || 'feature_used',
          }]
        : [];
    });
  },
};

export const maxParams: Rule = {
  id: 'ga4/max-params',
  severity: 'error',
  description: `At most ${MAX_PARAMS_PER_EVENT} params per event (GA4 drops the rest).`,
  check: (ctx) =>
    [...ctx.taxonomy.events.values()]
      .filter((e) => e.required.length + e.optional.length > MAX_PARAMS_PER_EVENT)
      .map((e) => ({
        at: e.at,
        problem: `Event "${e.name}" declares ${e.required.length + e.optional.length} params.`,
        expected: `at most ${MAX_PARAMS_PER_EVENT}; split the event or move detail into the usage log`,
        example: 'required: [feature, model]\n      optional: [plan_type]',
      })),
};

export const valueLength: Rule = {
  id: 'ga4/value-length',
  severity: 'error',
  description: `Enum values and bucket labels are at most ${MAX_PARAM_VALUE_LENGTH} characters (GA4 truncates).`,
  check: (ctx) =>
    [...ctx.taxonomy.params.values()].flatMap((p) =>
      [
        ...(p.values ?? []).map((v, i) => ({ v, at: ctx.at(p.file, [...p.path, 'values', i], 'value') })),
        ...(p.bucket?.labels ?? []).map((v) => ({ v, at: ctx.at(p.file, [...p.path, 'labels']) })),
      ]
        .filter(({ v }) => v.length > MAX_PARAM_VALUE_LENGTH)
        .map(({ v, at }) => ({
          at,
          problem: `Param "${p.name}" allows a value of ${v.length} characters ("${v.slice(0, 24)}...").`,
          expected: `values of at most ${MAX_PARAM_VALUE_LENGTH} characters`,
          example: 'values: [rewrite, summarize]',
        })),
    ),
};

export const ga4Rules = [reservedEvent, reservedParam, reservedPrefix, maxParams, valueLength];
