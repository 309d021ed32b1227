import { didYouMean, type ParamDef, type Taxonomy } from '@taxon/taxonomy';
import { BUILT_IN_EVENTS, BUILT_IN_PARAMS, COMMON_PARAMS, type BuiltInParam } from '../built-in-events.js';
import { describeName, describeValue } from '../lib/describe-value.js';
import { at, message, type Problem } from '../lib/message.js';
import type { ValidationMessage } from '../validation-message.js';

const patterns = new Map<string, RegExp>();
function patternOf(def: ParamDef): RegExp {
  const source = def.pattern ?? '';
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source);
    patterns.set(source, re);
  }
  return re;
}

function suggestion(value: string, candidates: Iterable<string>): string {
  const near = didYouMean(value, candidates);
  return near === undefined ? '' : ` Did you mean "${near}"?`;
}

function enumProblem(values: readonly string[], value: unknown, shown: string): Problem {
  if (typeof value !== 'string') return ['UNSUPPORTED_TYPE', `Expected one of ${values.join(', ')} (a string), got ${shown}.`];
  if (values.includes(value)) return undefined;
  return ['VALUE_INVALID', `${shown} is not one of ${values.join(', ')}.${suggestion(value, values)}`];
}

function bucketProblem(def: ParamDef, value: unknown, shown: string): Problem {
  const labels = def.bucket?.labels ?? [];
  const list = labels.join(', ');
  if (typeof value === 'number') {
    return [
      'UNSUPPORTED_TYPE',
      `Got the raw number ${shown}; "${def.name}" carries a bucket label (${list}). ` +
        `Pass the raw value as "${def.bucket?.from}" to the generated code, which buckets it.`,
    ];
  }
  if (typeof value !== 'string') return ['UNSUPPORTED_TYPE', `Expected a bucket label (a string), got ${shown}.`];
  if (labels.includes(value)) return undefined;
  return ['VALUE_INVALID', `${shown} is not a bucket label of "${def.name}" (${list}).${suggestion(value, labels)}`];
}

function numberProblem(def: ParamDef, value: unknown, shown: string): Problem {
  if (typeof value !== 'number' || !Number.isFinite(value)) return ['UNSUPPORTED_TYPE', `Expected a number, got ${shown}.`];
  if (def.integer === true && !Number.isInteger(value)) return ['VALUE_INVALID', `Expected an integer, got ${shown}.`];
  if (def.min !== undefined && value < def.min) return ['VALUE_OUT_OF_BOUNDS', `${shown} is below the minimum ${def.min}.`];
  if (def.max !== undefined && value > def.max) return ['VALUE_OUT_OF_BOUNDS', `${shown} is above the maximum ${def.max}.`];
  return undefined;
}

/** What is wrong with `value` for the taxonomy param `def`: its type, enum, bucket labels, pattern, bounds. */
export function taxonomyValueProblem(def: ParamDef, value: unknown): Problem {
  const shown = describeValue(value);
  switch (def.type) {
    case 'enum':
      return enumProblem(def.values ?? [], value, shown);
    case 'bucket':
      return bucketProblem(def, value, shown);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : ['UNSUPPORTED_TYPE', `Expected true or false, got ${shown}.`];
    case 'pattern':
      if (typeof value !== 'string') return ['UNSUPPORTED_TYPE', `Expected a string matching ${def.pattern}, got ${shown}.`];
      return patternOf(def).test(value) ? undefined : ['VALUE_INVALID', `${shown} does not match ${def.pattern}.`];
    case 'number':
      return numberProblem(def, value, shown);
    default:
      return typeof value === 'string' ? undefined : ['UNSUPPORTED_TYPE', `Expected a string, got ${shown}.`];
  }
}

function builtInValueProblem(key: string, def: BuiltInParam, value: unknown): Problem {
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
 * required param, an undeclared param, and each value against its param's type. GA4's common
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
    const common = COMMON_PARAMS.get(key);
    if (common) out.push(...at(path, builtInValueProblem(key, common, value)));
    else if (!builtIn?.openParams) {
      const takes = [...declared].join(', ') || 'no params';
      const description = `"${describeName(key)}" is not a param of "${name}"; it takes ${takes}.${suggestion(key, declared)}`;
      out.push(message(path, 'UNKNOWN_FIELD', description));
    }
  }
  return out;
}
