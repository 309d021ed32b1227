import type { ParamDef, Taxonomy } from '@taxon/taxonomy';

/**
 * Params GA4 and the Measurement Protocol add to events themselves; they are never declared in
 * a taxonomy. https://developers.google.com/analytics/devguides/collection/protocol/ga4/sending-events
 */
export const AUTOMATIC_PARAMS = new Set([
  'session_id',
  'engagement_time_msec',
  'page_location',
  'page_referrer',
  'page_title',
  'page_path',
  'language',
  'screen_resolution',
  'debug_mode',
  'ga_session_id',
  'ga_session_number',
  'timestamp_micros',
  'ignore_referrer',
  'non_personalized_ads',
  // Campaign and ad-click ids GA reads from the landing URL (the collector accepts them too).
  'campaign',
  'campaign_id',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'srsltid',
]);

function valueProblem(def: ParamDef, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  switch (def.type) {
    case 'enum':
      return typeof value === 'string' && def.values?.includes(value) ? undefined : `${shown} is not one of ${def.values?.join(', ')}`;
    case 'bucket':
      return typeof value === 'string' && def.bucket?.labels.includes(value) ? undefined : `${shown} is not a bucket label (${def.bucket?.labels.join(', ')})`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${shown} is not true or false`;
    case 'pattern':
      return typeof value === 'string' && new RegExp(def.pattern ?? '').test(value) ? undefined : `${shown} does not match ${def.pattern}`;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${shown} is not a number`;
      if (def.integer && !Number.isInteger(value)) return `${shown} is not an integer`;
      if (def.min !== undefined && value < def.min) return `${shown} is below the minimum ${def.min}`;
      if (def.max !== undefined && value > def.max) return `${shown} is above the maximum ${def.max}`;
      return undefined;
    }
    default:
      return typeof value === 'string' ? undefined : `${shown} is not a string`;
  }
}

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
    if (AUTOMATIC_PARAMS.has(key) || value === undefined) continue;
    if (!declared.has(key)) {
      problems.push(`param "${key}" is not declared for ${name}`);
      continue;
    }
    const def = taxonomy.params.get(key);
    const problem = def && valueProblem(def, value);
    if (problem) problems.push(`param "${key}": ${problem}`);
  }
  return problems;
}
