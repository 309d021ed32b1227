import { didYouMean } from '../didyoumean.js';
import { lifecycleGroups } from '../model.js';
import type { Rule } from './rule.js';

export const unknownParam: Rule = {
  id: 'ref/unknown-param',
  severity: 'error',
  description: 'Every param an event lists is defined under params.',
  check: (ctx) => {
    const { params, brokenNames } = ctx.taxonomy;
    return [...ctx.taxonomy.events.values()].flatMap((e) =>
      (['required', 'optional'] as const).flatMap((list) =>
        e[list].flatMap((name, i) => {
          if (params.has(name) || brokenNames.params.has(name)) return [];
          const guess = didYouMean(name, params.keys());
          return [{
            at: ctx.at(e.file, [...e.path, list, i], 'value'),
            problem: `Event "${e.name}" lists param "${name}", which is not defined.${guess ? ` Did you mean "${guess}"?` : ''}`,
            expected: 'a param defined under params in any taxonomy file',
            example: `${list}: [${guess ?? 'feature'}]`,
          }];
        }),
      ),
    );
  },
};

export const paramListedTwice: Rule = {
  id: 'ref/param-listed-twice',
  severity: 'error',
  description: 'A param is listed once per event, as required or as optional.',
  check: (ctx) =>
    [...ctx.taxonomy.events.values()].flatMap((e) => {
      const seen = new Set<string>();
      return (['required', 'optional'] as const).flatMap((list) =>
        e[list].flatMap((name, i) => {
          if (!seen.has(name)) {
            seen.add(name);
            return [];
          }
          return [{
            at: ctx.at(e.file, [...e.path, list, i], 'value'),
            problem: `Event "${e.name}" lists param "${name}" twice.`,
            expected: 'each param once, either in required or in optional',
            example: 'required: [feature]\n      optional: [plan_type]',
          }];
        }),
      );
    }),
};

export const unusedParam: Rule = {
  id: 'ref/unused-param',
  severity: 'warning',
  description: 'Every defined param is used by at least one event.',
  check: (ctx) => {
    const used = new Set([...ctx.taxonomy.events.values()].flatMap((e) => [...e.required, ...e.optional]));
    return [...ctx.taxonomy.params.values()]
      .filter((p) => !used.has(p.name))
      .map((p) => ({
        at: p.at,
        problem: `Param "${p.name}" is defined but no event uses it.`,
        expected: 'remove it, or list it in an event',
        example: `optional: [${p.name}]`,
      }));
  },
};

export const unknownStep: Rule = {
  id: 'ref/unknown-event',
  severity: 'error',
  description: 'Every funnel step is a defined event, and no step repeats.',
  check: (ctx) => {
    const { events, brokenNames } = ctx.taxonomy;
    return [...ctx.taxonomy.funnels.values()].flatMap((f) =>
      f.steps.flatMap((step, i) => {
        const at = ctx.at(f.file, [...f.path, 'steps', i], 'value');
        if (f.steps.indexOf(step) !== i) {
          return [{
            at,
            problem: `Funnel "${f.name}" repeats step "${step}".`,
            expected: 'each step once, in the order users pass them',
            example: 'steps: [signup_started, signup_completed]',
          }];
        }
        if (events.has(step) || brokenNames.events.has(step)) return [];
        const guess = didYouMean(step, events.keys());
        return [{
          at,
          problem: `Funnel "${f.name}" step "${step}" is not a defined event.${guess ? ` Did you mean "${guess}"?` : ''}`,
          expected: 'an event defined under events',
          example: `steps: [${guess ?? 'signup_started'}, ...]`,
        }];
      }),
    );
  },
};

export const missingFailed: Rule = {
  id: 'lifecycle/missing-failed',
  severity: 'error',
  description: 'An X_started with an X_completed also has an X_failed, or failures vanish from every funnel.',
  check: (ctx) =>
    lifecycleGroups(ctx.taxonomy)
      .filter((g) => g.failed === undefined)
      .map((g) => ({
        at: ctx.taxonomy.events.get(g.started)!.at,
        problem: `"${g.started}" and "${g.completed}" exist but "${g.stem}_failed" does not.`,
        expected: 'every started/completed lifecycle to record its failures too',
        example: `${g.stem}_failed:\n      description: ...\n      owner: client\n      required: [error_type]`,
      })),
};

export const failedWithoutReason: Rule = {
  id: 'lifecycle/failed-without-reason',
  severity: 'warning',
  description: 'An X_failed of a lifecycle carries a reason param (an enum such as error_type).',
  check: (ctx) =>
    lifecycleGroups(ctx.taxonomy).flatMap((g) => {
      const failed = g.failed ? ctx.taxonomy.events.get(g.failed) : undefined;
      if (!failed) return [];
      const hasEnum = [...failed.required, ...failed.optional].some(
        (n) => ctx.taxonomy.params.get(n)?.type === 'enum',
      );
      return hasEnum
        ? []
        : [{
            at: failed.at,
            problem: `"${failed.name}" has no enum param saying why it failed.`,
            expected: 'a reason such as error_type, so failures can be grouped',
            example: 'required: [error_type]',
          }];
    }),
};

export const referenceRules = [unknownParam, paramListedTwice, unusedParam, unknownStep, missingFailed, failedWithoutReason];
