import { createWireBuilder, type DropReason, type ScrubParamPolicy, type WireBuilder } from '@taxon/core';
import type { MeasurementProtocolTaxonomy } from './types.js';

/** Params to send, or why the event is refused. */
export type ParamsResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; reason: DropReason; detail: string };

export const refuse = (reason: DropReason, detail: string): ParamsResult => ({ ok: false, reason, detail });

/** The MP client's call-site-to-wire conversion: core's one builder plus the owner rule. */
export interface ServerWireParams {
  (name: string, params: Record<string, unknown>): ParamsResult;
}

/**
 * Creates the conversion of a server-owned taxonomy event's call-site params into wire params,
 * with `@taxon/core`'s `createWireBuilder` (the browser tracker's too): raw numbers become bucket
 * labels, enum values are checked, other strings scrubbed; an unknown event or param, a client
 * event, a bad bucket value, a value outside its enum or a missing required param refuses the
 * event with a typed reason.
 */
export function createServerWireParams(taxonomy: MeasurementProtocolTaxonomy, scrub: ScrubParamPolicy): ServerWireParams {
  const builder: WireBuilder = createWireBuilder({ taxonomy, scrub });
  return (name, params) => {
    const definition = taxonomy.events[name];
    const plan = builder.plan(name);
    if (!definition || !plan) return refuse('invalid_event', `"${name}" is not an event of the taxonomy.`);
    if (definition.owner !== 'server') {
      return refuse(
        'invalid_event',
        `"${name}" is a client event; the Measurement Protocol client sends server-owned events only.`,
      );
    }
    const built = builder.build(name, params, { plan });
    return built.ok ? built : refuse(built.reason, `${built.detail}.`);
  };
}
