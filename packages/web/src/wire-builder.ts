import { eventNameProblem, ga4NameProblem, ga4ValueLimit, GA4_LIMITS, type DropReason } from '@taxon/core';
import { scrubDeep, scrubParam, URL_PARAMS } from './lib/scrub-param.js';
import type { RuntimeBucketSource, RuntimeEventDefinition, RuntimeTaxonomy } from './taxonomy.js';
import type { EventKind, Violation } from './types.js';

/** What the tracker knows about one taxonomy event, worked out once by `createWireBuilder`. */
export interface EventPlan {
  /** The event's definition. */
  definition: RuntimeEventDefinition;
  /** The wire params it declares: enrichment adds only these. */
  declared: ReadonlySet<string>;
  /** Why GA4 would refuse the event's name, when it would. */
  nameProblem: string | undefined;
}

interface ParamPlan {
  /** Literals of an enum param that GA4 keeps whole: such a value is sent as is, unscanned. */
  literals: ReadonlySet<string> | undefined;
  /** The bucket a raw call-site number becomes. */
  bucket: RuntimeBucketSource | undefined;
  /** The bucket param's name passes GA4's naming rules. */
  bucketNameOk: boolean;
  /** The param's own name passes GA4's naming rules. */
  nameOk: boolean;
}

interface WireBuilderDeps {
  taxonomy: RuntimeTaxonomy;
  /** Scrubs URL params (`page_location`, `page_referrer`, `link_url`). */
  scrubUrl: (url: string) => string;
  drop(reason: DropReason, event: string, detail: string): void;
  violation(violation: Violation): void;
}

type Params = Readonly<Record<string, unknown>>;

const PAGE_PARAMS: ReadonlySet<string> = new Set(['page_location', 'page_referrer', 'page_title']);

/**
 * The built-in pipeline stages (bucketing, enrichment, PII scrubbing, GA4 limits) fused into one
 * pass that builds the one wire object an event is sent with. What the taxonomy settles is
 * worked out here once: which params are enums (a literal of one needs no PII scan), which are
 * buckets, and whether the event and param names pass GA4's rules. Per call, only free text
 * (anything not proven to be a literal or computed by the runtime) is scanned.
 *
 * Semantics are those of the `bucketing`, `enrichment`, `scrubbing` and `ga4Limits` plugins run
 * in that order; those stay exported for pipelines assembled by hand.
 */
export function createWireBuilder({ taxonomy, scrubUrl, drop, violation }: WireBuilderDeps) {
  // A prototype-less object, not a Map: V8 looks string keys up in it faster.
  const params: Record<string, ParamPlan | undefined> = Object.create(null);
  const plan = (key: string): ParamPlan =>
    (params[key] ??= { literals: undefined, bucket: undefined, bucketNameOk: false, nameOk: !ga4NameProblem(key, '') });
  for (const [key, values] of Object.entries(taxonomy.enums ?? {})) {
    // A literal longer than GA4 keeps (the linter forbids them) takes the free-text path and is cut.
    plan(key).literals = new Set(values.filter((v) => v.length <= GA4_LIMITS.paramValue));
  }
  for (const [key, source] of Object.entries(taxonomy.buckets ?? {})) {
    const p = plan(key);
    p.bucket = source;
    p.bucketNameOk = !ga4NameProblem(source.param, '');
  }
  const events: Record<string, EventPlan | undefined> = Object.create(null);
  for (const [name, definition] of Object.entries(taxonomy.events)) {
    const declared = new Set([...definition.required, ...definition.optional]);
    for (const key of declared) plan(key);
    events[name] = { definition, declared, nameProblem: eventNameProblem(name) };
  }

  const refuse = (name: string, detail: string): null => {
    violation({ code: 'limit_exceeded', message: detail, event: name });
    drop('limit_exceeded', name, detail);
    return null;
  };

  const truncate = (name: string, key: string, value: string): string => {
    const max = ga4ValueLimit(key);
    if (value.length <= max) return value;
    // Long URLs and titles are expected; other cut values are worth a look.
    if (!PAGE_PARAMS.has(key)) {
      violation({
        code: 'limit_truncated',
        message:
          // @ts-ignore `process` is the bundler's: production builds fold this and drop the text (lib/dev.ts)
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `"${name}": ${key} truncated to GA4's value length limit`
            : key,
        event: name,
      });
    }
    return value.slice(0, max);
  };

  // The free-text path, off the hot one: scrub unless the runtime produced the value, then cut.
  const freeText = (
    name: string,
    kind: EventKind,
    key: string,
    value: string,
    p: ParamPlan | undefined,
    trusted: readonly string[] | undefined,
  ): string | null => {
    let out = value;
    if (trusted === undefined || !trusted.includes(key)) {
      out = scrubParam(key, value, scrubUrl);
      if (out !== value && !URL_PARAMS.has(key)) {
        if (p?.literals) {
          // Not free text by contract: sending a placeholder would corrupt the enum's report.
          drop('pii_blocked', name, `enum param "${key}" held personal data`);
          violation({
            code: 'pii_scrubbed',
            message:
              // @ts-ignore `process` is the bundler's: production builds fold this and drop the text (lib/dev.ts)
              typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
                ? `"${name}.${key}" is an enum param but held personal data; event dropped`
                : key,
            event: name,
          });
          return null;
        }
        if (kind === 'event') {
          violation({
            code: 'pii_scrubbed',
            message:
              // @ts-ignore `process` is the bundler's: production builds fold this and drop the text (lib/dev.ts)
              typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
                ? `"${name}.${key}" held personal data; it was replaced before sending`
                : key,
            event: name,
          });
        }
      }
    }
    return out.length > GA4_LIMITS.paramValue ? truncate(name, key, out) : out;
  };

  /**
   * The wire params of one event, or null when it is dropped (the drop is already counted).
   * `event` is the taxonomy plan of a tracked event; page views and web vitals have none.
   * `trusted` names params the runtime produced itself (correlation ids, scrubbed page URLs).
   */
  function build(
    name: string,
    event: EventPlan | undefined,
    kind: EventKind,
    input: Params,
    trusted: readonly string[] | undefined,
    shared: Params | undefined,
  ): Record<string, unknown> | null {
    if (event?.nameProblem !== undefined) return refuse(name, event.nameProblem);
    // Web vitals carry the recipe's params as they are: no buckets, no shared ids.
    const structured = kind !== 'web_vital';
    const wire: Record<string, unknown> = {};
    // Counts keys written; an upper bound (a bucket may land on a key already set), so an
    // over-the-limit count is checked again on the finished object.
    let count = 0;
    for (const key in input) {
      let value = input[key];
      if (value === undefined) continue;
      const p = params[key];
      if (p !== undefined && p.bucket !== undefined && structured) {
        // The raw number never leaves the process; a non-number is left out.
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        const param = p.bucket.param;
        if (!p.bucketNameOk) return refuse(name, ga4NameProblem(param, `param name (${name})`) ?? param);
        const label = p.bucket.toLabel(value);
        wire[param] = label.length > GA4_LIMITS.paramValue ? truncate(name, param, label) : label;
        count++;
        continue;
      }
      if (p === undefined || !p.nameOk) {
        const problem = ga4NameProblem(key, `param name (${name})`);
        if (problem !== undefined) return refuse(name, problem);
      }
      if (typeof value === 'string') {
        if (p === undefined || p.literals === undefined || !p.literals.has(value)) {
          value = freeText(name, kind, key, value, p, trusted);
          if (value === null) return null;
        }
      } else if (value !== null && typeof value === 'object') {
        value = scrubDeep(value);
      }
      wire[key] = value;
      count++;
    }
    if (structured && shared !== undefined && event !== undefined) {
      // Enrichment: shared ids the event declares and the call left out; an explicit value wins.
      for (const key in shared) {
        let value = shared[key];
        if (value === undefined || wire[key] !== undefined || !event.declared.has(key)) continue;
        const p = params[key];
        if (!p?.nameOk) {
          const problem = ga4NameProblem(key, `param name (${name})`);
          if (problem !== undefined) return refuse(name, problem);
        }
        if (typeof value === 'string' && !p?.literals?.has(value)) {
          value = freeText(name, kind, key, value, p, undefined);
          if (value === null) return null;
        }
        wire[key] = value;
        count++;
      }
    }
    if (count > GA4_LIMITS.paramCount && (count = Object.keys(wire).length) > GA4_LIMITS.paramCount) {
      return refuse(name, `event "${name}" has ${count} params; GA4 allows ${GA4_LIMITS.paramCount}`);
    }
    return wire;
  }

  return { events, build };
}
