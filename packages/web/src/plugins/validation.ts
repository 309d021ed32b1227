import type { Plugin } from '../types.js';

/** The generated `validateEvent` from generated/taxon/validators.ts. */
export type ValidateEvent = (name: string, params: unknown, stage?: 'input' | 'wire') => string[];

/**
 * Development validation with the generated zod validators, on wire params (after bucketing and
 * enrichment). An invalid event is dropped (`invalid_event`) and reported as a violation.
 * Pass `validate` only outside production so the bundler drops zod:
 * `validate: process.env.NODE_ENV !== 'production' ? validateEvent : undefined`.
 */
export function devValidation(validate: ValidateEvent): Plugin {
  return {
    name: 'dev-validation',
    processEvent(event, context) {
      if (event.kind !== 'event') return event;
      const problems = validate(event.name, event.params, 'wire');
      if (problems.length === 0) return event;
      const message = `trackEvent("${event.name}") does not match the taxonomy:\n  ${problems.join('\n  ')}`;
      context.violation({ code: 'invalid_event', message, event: event.name });
      context.drop('invalid_event', problems.join('; '));
      return null;
    },
  };
}
