import { AUTOMATIC_PARAMS, paramValueProblem } from '@taxon/core';
import type { Taxonomy } from '@taxon/taxonomy';

/**
 * What is wrong with one received event's params against the taxonomy: a required param absent,
 * a value outside its enum, bucket labels or pattern, or a param the event does not declare.
 * An event the taxonomy does not know yields no problems here.
 */
export function checkEventParams(taxonomy: Pick<Taxonomy, 'events' | 'params'>, name: string, params: Record<string, unknown>): string[] {
  const event = taxonomy.events.get(name);
  if (!event) return [];
  const problems: string[] = [];
  for (const required of event.required) {
    if (params[required] === undefined) problems.push(`required param "${required}" is missing`);
  }
  const declared = new Set([...event.required, ...event.optional]);
  for (const [key, value] of Object.entries(params)) {
    // GA4's automatic params (core's one list) arrive on any event; the collector accepts them too.
    if (AUTOMATIC_PARAMS.has(key) || value === undefined) continue;
    if (!declared.has(key)) {
      problems.push(`param "${key}" is not declared for ${name}`);
      continue;
    }
    const def = taxonomy.params.get(key);
    const problem = def && paramValueProblem(def, value);
    if (problem) problems.push(`param "${key}": ${problem.description}`);
  }
  return problems;
}
