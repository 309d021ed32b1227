import type { DropReason } from '@taxon/core';
import { scrubParam, type ScrubContext } from './scrub-param.js';
import type { MeasurementProtocolTaxonomy } from './types.js';

/** Params to send, or why the event is refused. */
export type ParamsResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; reason: DropReason; detail: string };

export const refuse = (reason: DropReason, detail: string): ParamsResult => ({ ok: false, reason, detail });

type Definition = MeasurementProtocolTaxonomy['events'][string];

const allowedCache = new WeakMap<Definition, ReadonlySet<string>>();

/** The wire params an event definition allows, computed once per definition. */
function allowedParams(definition: Definition): ReadonlySet<string> {
  let allowed = allowedCache.get(definition);
  if (!allowed) {
    allowed = new Set([...definition.required, ...definition.optional]);
    allowedCache.set(definition, allowed);
  }
  return allowed;
}

/** The allowed params by their call-site names (raw keys for buckets), for error messages. */
function callSiteNames(allowed: ReadonlySet<string>, taxonomy: MeasurementProtocolTaxonomy): string {
  const buckets = Object.entries(taxonomy.buckets ?? {});
  return [...allowed].map((p) => buckets.find(([, b]) => b.param === p)?.[0] ?? p).join(', ');
}

/**
 * Turns the call-site params of a server-owned taxonomy event into wire params: raw numbers
 * become bucket labels, enum values are checked against the taxonomy, other strings are
 * scrubbed. An unknown event or param, a client event, a value outside its enum or a missing
 * required param refuses the event with `invalid_event`.
 */
export function wireParams(
  name: string,
  params: Record<string, unknown>,
  taxonomy: MeasurementProtocolTaxonomy,
  scrub: ScrubContext,
): ParamsResult {
  const definition = taxonomy.events[name];
  if (!definition) return refuse('invalid_event', `"${name}" is not an event of the taxonomy.`);
  if (definition.owner !== 'server') {
    return refuse(
      'invalid_event',
      `"${name}" is a client event; the Measurement Protocol client sends server-owned events only.`,
    );
  }
  const allowed = allowedParams(definition);
  const wire: Record<string, unknown> = {};
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    const bucket = taxonomy.buckets?.[key];
    if (bucket && allowed.has(bucket.param)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return refuse('invalid_event', `${name}.${key} must be a finite number (sent as ${bucket.param}).`);
      }
      wire[bucket.param] = bucket.toLabel(value);
    } else if (!allowed.has(key)) {
      const expected = callSiteNames(allowed, taxonomy);
      return refuse('invalid_event', `${name} has no param "${key}"; expected one of: ${expected}.`);
    } else if (scrub.enums?.[key] && !scrub.enums[key].includes(value as string)) {
      const values = scrub.enums[key].join(', ');
      return refuse('invalid_event', `${name}.${key} must be one of ${values}; got a value outside it.`);
    } else if (typeof value === 'string') {
      wire[key] = scrubParam(key, value, scrub);
    } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
      wire[key] = value;
    } else {
      return refuse('invalid_event', `${name}.${key} must be a string, a finite number or a boolean.`);
    }
  }
  const missing = definition.required.filter((key) => wire[key] === undefined);
  if (missing.length > 0) {
    return refuse('invalid_event', `${name} is missing required param(s): ${missing.join(', ')}.`);
  }
  return { ok: true, params: wire };
}
