import { AUTOMATIC_PARAMS, describeName, describeValue, paramValueProblem } from '@taxon/core';
import { didYouMean, type ParamDef, type Taxonomy } from '@taxon/taxonomy';
import { BUILT_IN_EVENTS, BUILT_IN_PARAMS, type BuiltInParam } from '../built-in-events.js';
import { at, message, type Problem } from '../lib/message.js';
import type { ValidationMessage } from '../validation-message.js';

function suggestion(value: string, candidates: Iterable<string>): string {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : ` Did you mean "${near}"?`;
}

function enumProblem(values: readonly string[], value: unknown, shown: string): Problem {
  if (typeof value !== 'string') return ['UNSUPPORTED_TYPE', `Expected one of ${values.join(', ')} (a string), got ${shown}.`];
  if (values.includes(value)) return undefined;
  return ['VALUE_INVALID', `${shown} is not one of ${values.join(', ')}.${suggestion(value, values)}`];
}

/** What is wrong with `value` for the taxonomy param `def` (core's one check), with a did-you-mean. */
export function taxonomyValueProblem(def: ParamDef, value: unknown): Problem {
  const problem = paramValueProblem(def, value);
  if (problem === undefined) return undefined;
  const hint = problem.allowed && typeof value === 'string' ? suggestion(value, problem.allowed) : '';
  return [problem.code, `${problem.description}${hint}`];
}

function builtInValueProblem(key: string, def: Pick<BuiltInParam, 'type' | 'values'>, value: unknown): Problem {
  const shown = describeValue(value);
  switch (def.type) {
    case 'number':
      return typeof value === 'number' ? undefined : ['UNSUPPORTED_TYPE', `"${key}" must be a number, got ${shown}.`];
    case 'boolean':
      return typeof value === 'boolean' ? undefined : ['UNSUPPORTED_TYPE', `"${key}" must be true or false, got ${shown}.`];
    case 'id':
      return typeof value === 'string' || typeof value === 'number'
        ? undefined
        : ['UNSUPPORTED_TYPE', `"${key}" must be a string or a number, got ${shown}.`];
    case 'string':
      if (def.values) return enumProblem(def.values, value, shown);
      return typeof value === 'string' ? undefined : ['UNSUPPORTED_TYPE', `"${key}" must be a string, got ${shown}.`];
    case 'items':
      return Array.isArray(value) ? undefined : ['UNSUPPORTED_TYPE', `"${key}" must be an array of items.`];
    default:
      return undefined;
  }
}

function unknownEvent(taxonomy: Taxonomy, name: string, path: string): ValidationMessage {
  const of = `taxonomy ${taxonomy.name} ${taxonomy.version}`;
  const hint = suggestion(name, [...taxonomy.events.keys(), ...BUILT_IN_EVENTS.keys()]);
  return message(path, 'UNKNOWN_EVENT', `"${describeName(name)}" is not an event of ${of}.${hint}`);
}

/**
 * Checks one event against the taxonomy (or, for `page_view`, `purchase` and the web vitals,
 * against GA4's definition): an unknown event (with the closest defined name), a missing
 * required param, an undeclared param, and each value against its param's type. GA4's automatic
 * params (session_id, page_location...) are accepted on every event.
 */
export function taxonomyMessages(
  taxonomy: Taxonomy,
  name: string,
  params: Record<string, unknown>,
  index: number,
): ValidationMessage[] {
  const base = `events[${index}]`;
  const event = taxonomy.events.get(name);
  const builtIn = event ? undefined : BUILT_IN_EVENTS.get(name);
  if (!event && !builtIn) return [unknownEvent(taxonomy, name, `${base}.name`)];
  const required = event?.required ?? builtIn!.required;
  const declared = new Set([...required, ...(event?.optional ?? builtIn!.optional)]);
  const out: ValidationMessage[] = [];
  for (const key of required) {
    if (params[key] === undefined) out.push(message(`${base}.params.${key}`, 'VALUE_REQUIRED', `"${name}" requires the param "${key}".`));
  }
  if (name === 'purchase' && params['value'] !== undefined && params['currency'] === undefined) {
    const description = 'A purchase with a value needs its currency (ISO 4217, e.g. "EUR").';
    out.push(message(`${base}.params.currency`, 'VALUE_REQUIRED', description));
  }
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const path = `${base}.params.${describeName(key)}`;
    if (declared.has(key)) {
      const def = event ? taxonomy.params.get(key) : undefined;
      const own = def ? undefined : BUILT_IN_PARAMS.get(key);
      out.push(...at(path, def ? taxonomyValueProblem(def, value) : own ? builtInValueProblem(key, own, value) : undefined));
      continue;
    }
    const common = AUTOMATIC_PARAMS.get(key);
    if (common) out.push(...at(path, builtInValueProblem(key, common, value)));
    else if (!builtIn?.openParams) {
      const takes = [...declared].join(', ') || 'no params';
      const description = `"${describeName(key)}" is not a param of "${name}"; it takes ${takes}.${suggestion(key, declared)}`;
      out.push(message(path, 'UNKNOWN_FIELD', description));
    }
  }
  return out;
}
