import { createWireBuilder as createCoreWireBuilder, type DropReason } from '@taxon/core';
import type { RuntimeTaxonomy } from './taxonomy.js';
import type { EventKind, Violation } from './types.js';

// The package's one way to reach the bundler's `process` (see isDevelopment in @taxon/core):
// production builds fold the guarded messages away.
declare const process: { readonly env: { readonly NODE_ENV?: string | undefined } } | undefined;

interface WireBuilderDeps {
  taxonomy: RuntimeTaxonomy;
  /** Scrubs URL params (`page_location`, `page_referrer`, `link_url`). */
  scrubUrl: (url: string) => string;
  drop(reason: DropReason, event: string, detail: string): void;
  violation(violation: Violation): void;
}

type Params = Readonly<Record<string, unknown>>;

const VIOLATION_CODES: Readonly<Partial<Record<DropReason, Violation['code']>>> = {
  limit_exceeded: 'limit_exceeded',
  pii_blocked: 'pii_scrubbed',
  invalid_event: 'invalid_event',
};

/**
 * The tracker's side of `@taxon/core`'s one wire builder (the Measurement Protocol client uses
 * the same): bucketing, enrichment, PII scrubbing and GA4 limits fused in one pass, with core's
 * outcomes (a bucket's raw value that is not a finite number, an undeclared param or a value
 * outside an enum refuse the event). Here a refusal becomes a counted drop and a violation,
 * and what core changed but still sends (scrubbed free text, a cut value) a violation.
 */
export function createWireBuilder({ taxonomy, scrubUrl, drop, violation }: WireBuilderDeps) {
  // Which event is being built, for notices raised inside core's builder (no closure per call).
  let kindNow: EventKind = 'event';
  const core = createCoreWireBuilder({
    taxonomy,
    scrub: { scrubUrl },
    // Page scripts that merge dataLayer objects by assignment must never be handed a `__proto__`.
    dropProtoKeys: true,
    notice: ({ code, event, param }) => {
      // Free text in page views and web vitals is the runtime's own: no violation for it.
      if (code === 'pii_scrubbed' && kindNow !== 'event') return;
      violation({
        code,
        message:
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? code === 'pii_scrubbed'
              ? `"${event}.${param}" held personal data; it was replaced before sending`
              : `"${event}": ${param} truncated to GA4's value length limit`
            : param,
        event,
      });
    },
  });

  /**
   * The wire params of one event, or null when it is dropped (the drop is already counted).
   * Only tracked events (`kind: 'event'`) follow the taxonomy's plan; page views and web vitals
   * carry their params as they are. `trusted` names params the runtime produced itself
   * (correlation ids, scrubbed page URLs).
   */
  function build(
    name: string,
    kind: EventKind,
    input: Params,
    trusted: readonly string[] | undefined,
    shared: Params | undefined,
  ): Record<string, unknown> | null {
    kindNow = kind;
    const result = core.build(name, input, kind === 'event' ? { plan: core.plan(name), trusted, shared } : { trusted });
    if (result.ok) return result.params;
    violation({
      code: VIOLATION_CODES[result.reason] ?? 'invalid_event',
      message: typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? result.detail : result.reason,
      event: name,
    });
    drop(result.reason, name, result.detail);
    return null;
  }

  return { plan: core.plan, build };
}
