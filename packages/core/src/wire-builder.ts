import { copyData, setData } from './copy-data.js';
import type { DropReason } from './drop.js';
import { eventNameProblem, ga4NameProblem, ga4ValueLimit, GA4_LIMITS } from './limits.js';
import { scrubParam, URL_PARAMS, type ScrubParamPolicy } from './scrub-param.js';
import { scrubPii } from './scrub.js';

// The package's one way to reach the bundler's `process` (see dev.ts): production builds fold
// the guarded name checks away.
declare const process: { readonly env: { readonly NODE_ENV?: string | undefined } } | undefined;

// Names are checked outside production only (each guard is written inline: bundlers fold an
// inline `process.env.NODE_ENV` test, not a function or a variable). Event, param and bucket
// names come from the taxonomy (the linter refuses bad ones before codegen) or from the runtime
// itself (page views, web vitals), and a tracked event's undeclared param is refused in every
// build; only values vary per call, and values are checked everywhere. The edge's Measurement
// Protocol client checks names again (`applyGa4Limits`). Production browser bundles thus ship
// neither GA4's reserved-name list nor the name rules.

/**
 * The generated taxonomy data the builder needs (`eventDefinitions`, `bucketSources`,
 * `enumValues`), declared structurally so no runtime imports an app's generated code.
 */
export interface WireTaxonomy {
  /** Every taxonomy event and the wire params it takes. */
  readonly events: Readonly<Record<string, { readonly required: readonly string[]; readonly optional: readonly string[] }>>;
  /** Call-site keys that carry raw numbers, and the bucket param each becomes. */
  readonly buckets?: Readonly<Record<string, { readonly param: string; readonly toLabel: (value: number) => string }>>;
  /** Enum params and their literals. */
  readonly enums?: Readonly<Record<string, readonly string[]>>;
}

/** Why the builder refuses an event; the caller counts it as a drop with `reason`. */
export interface WireRefusal {
  ok: false;
  reason: DropReason;
  /** What is wrong, naming the event and param. */
  detail: string;
}

/** The wire params of one event, or why it is refused. */
export type WireResult = { ok: true; params: Record<string, unknown> } | WireRefusal;

/** Something the builder changed in a value it still sends. */
export interface WireNotice {
  /** `pii_scrubbed`: free text held personal data and was replaced; `limit_truncated`: cut to GA4's length. */
  code: 'pii_scrubbed' | 'limit_truncated';
  event: string;
  param: string;
}

/** What the builder works out once per taxonomy event. */
export interface WireEventPlan {
  readonly name: string;
  /** The wire params the event declares. */
  readonly declared: ReadonlySet<string>;
  readonly required: readonly string[];
  /** Why GA4 would refuse the event's name, when it would. */
  readonly nameProblem: string | undefined;
}

/** Per-call inputs of {@link WireBuilder.build}. */
export interface WireBuildOptions {
  /**
   * The taxonomy event's plan; without one (page views, web vitals, GA4's own events) params are
   * taken as they come: no buckets, no declared-param or required-param checks, no context.
   */
  plan?: WireEventPlan | undefined;
  /** Params the runtime produced itself (correlation ids, scrubbed page URLs): not scanned again. */
  trusted?: readonly string[] | undefined;
  /** Context values (shared ids) filled into declared params the call left out. */
  shared?: Readonly<Record<string, unknown>> | undefined;
}

/** Options of {@link createWireBuilder}. */
export interface WireBuilderOptions {
  taxonomy: WireTaxonomy;
  /** How string params are scrubbed (identifier params, URL scrubber). */
  scrub?: ScrubParamPolicy;
  /** Told about values changed but still sent. Must not throw. */
  notice?: (notice: WireNotice) => void;
  /**
   * Leave `__proto__` keys inside object params out rather than copying them as data. The
   * browser does: page scripts that merge dataLayer objects by assignment must never be handed
   * one.
   * @default false
   */
  dropProtoKeys?: boolean;
}

/** The call-site-to-wire conversion of {@link createWireBuilder}. */
export interface WireBuilder {
  /** The plan of a taxonomy event, or undefined when the taxonomy has no such event. */
  plan(name: string): WireEventPlan | undefined;
  /** The wire params of one event, or a refusal to count as a drop. Never throws on bad input. */
  build(name: string, input: Readonly<Record<string, unknown>>, options?: WireBuildOptions): WireResult;
}

interface ParamPlan {
  /** Literals of an enum param that GA4 keeps whole: such a value is sent as is, unscanned. */
  literals: ReadonlySet<string> | undefined;
  /** Every literal of an enum param, long ones included: anything else is refused. */
  values: ReadonlySet<string> | undefined;
  /** The bucket a raw call-site number becomes. */
  bucket: { readonly param: string; readonly toLabel: (value: number) => string } | undefined;
  /** The bucket param's name passes GA4's naming rules. */
  bucketNameOk: boolean;
  /** The param's own name passes GA4's naming rules. */
  nameOk: boolean;
}

/** The params a call may pass, by their call-site names (a bucket by its raw key), for messages. */
function callSiteNames(event: WireEventPlan, taxonomy: WireTaxonomy): string {
  const buckets = Object.entries(taxonomy.buckets ?? {});
  return [...event.declared].map((p) => buckets.find(([, b]) => b.param === p)?.[0] ?? p).join(', ') || 'none';
}

const refuse = (reason: DropReason, detail: string): WireRefusal => ({ ok: false, reason, detail });

// What `convert` returns for a refused value; the refusal itself is in `refused`.
const REFUSED: unique symbol = Symbol('refused');

/**
 * The one call-site-to-wire conversion of every runtime (browser tracker, MP client): bucketing,
 * context enrichment, PII scrubbing, enum and declared-param checks and GA4's limits, fused in one
 * pass. What the taxonomy settles is worked out once here; per call only free text is scanned.
 *
 * Outcomes, the same everywhere: a bucket's raw value that is not a finite number, a number that
 * is not finite, a param the event does not declare, a string outside an enum, a missing required
 * param refuse the event (`invalid_event`); an enum value holding personal data refuses it
 * (`pii_blocked`); a bad name or more than 25 params refuse it (`limit_exceeded`). Free text with
 * personal data is scrubbed and long values cut (with a {@link WireNotice}). `null` and
 * `undefined` values are left out. Objects and arrays (GA4 `items`) are copied as data, strings
 * scrubbed; `__proto__` and friends stay data, never prototypes.
 */
export function createWireBuilder({ taxonomy, scrub = {}, notice, dropProtoKeys = false }: WireBuilderOptions): WireBuilder {
  // A prototype-less object, not a Map: V8 looks string keys up in it faster.
  const params: Record<string, ParamPlan | undefined> = Object.create(null);
  const nameOk = (key: string) =>
    typeof process === 'undefined' || process.env.NODE_ENV === 'production' || !ga4NameProblem(key, '');
  const plan = (key: string): ParamPlan =>
    (params[key] ??= { literals: undefined, values: undefined, bucket: undefined, bucketNameOk: false, nameOk: nameOk(key) });
  for (const [key, values] of Object.entries(taxonomy.enums ?? {})) {
    // A literal longer than GA4 keeps (the linter forbids them) takes the free-text path and is cut.
    const p = plan(key);
    p.values = new Set(values);
    p.literals = new Set(values.filter((v) => v.length <= GA4_LIMITS.paramValue));
  }
  for (const [key, source] of Object.entries(taxonomy.buckets ?? {})) {
    const p = plan(key);
    p.bucket = source;
    p.bucketNameOk = nameOk(source.param);
  }
  const events: Record<string, WireEventPlan | undefined> = Object.create(null);
  for (const [name, definition] of Object.entries(taxonomy.events)) {
    const declared = new Set([...definition.required, ...definition.optional]);
    for (const key of declared) plan(key);
    events[name] = {
      name,
      declared,
      required: definition.required,
      nameProblem:
        typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? eventNameProblem(name) : undefined,
    };
  }
  const scrubDeep = (text: string) => scrubPii(text);
  let refused: WireRefusal | undefined;
  const refusing = (reason: DropReason, detail: string): typeof REFUSED => {
    refused = refuse(reason, detail);
    return REFUSED;
  };

  const tell = (code: WireNotice['code'], event: string, param: string) => {
    try {
      notice?.({ code, event, param });
    } catch {
      // A throwing hook must not cost the event.
    }
  };

  const cut = (name: string, key: string, value: string): string => {
    const max = ga4ValueLimit(key);
    if (value.length <= max) return value;
    // Long URLs and titles are expected; other cut values are worth a look.
    if (GA4_LIMITS.paramValueExceptions[key] === undefined) tell('limit_truncated', name, key);
    return value.slice(0, max);
  };

  // A string that is not a known literal: scrubbed unless trusted, checked against its enum, cut.
  const freeText = (
    name: string,
    key: string,
    value: string,
    p: ParamPlan | undefined,
    trusted: readonly string[] | undefined,
  ): string | typeof REFUSED => {
    let out = value;
    if (trusted === undefined || !trusted.includes(key)) {
      out = scrubParam(key, value, scrub);
      if (out !== value && !URL_PARAMS.has(key)) {
        // Not free text by contract: sending a placeholder would corrupt the enum's report.
        if (p?.values) return refusing('pii_blocked', `enum param "${name}.${key}" held personal data`);
        tell('pii_scrubbed', name, key);
      }
    }
    if (p?.values && !p.values.has(value)) {
      return refusing(
        'invalid_event',
        typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
          ? `${name}.${key} must be one of ${[...p.values].join(', ')}; got a value outside it`
          : `${name}.${key}: not in its enum`,
      );
    }
    return out.length > GA4_LIMITS.paramValue ? cut(name, key, out) : out;
  };

  // One value, checked and converted; `undefined` leaves it out.
  const convert = (
    name: string,
    key: string,
    value: unknown,
    p: ParamPlan | undefined,
    trusted: readonly string[] | undefined,
  ): unknown => {
    if (typeof value === 'string') {
      return p !== undefined && p.literals !== undefined && p.literals.has(value) ? value : freeText(name, key, value, p, trusted);
    }
    if (typeof value === 'number') {
      return Number.isFinite(value) ? value : refusing('invalid_event', `${name}.${key} must be a finite number`);
    }
    if (typeof value === 'boolean') return value;
    if (typeof value === 'object') return copyData(value, scrubDeep, 16, dropProtoKeys);
    return refusing('invalid_event', `${name}.${key} must be a string, a number, a boolean or an object`);
  };

  function build(name: string, input: Readonly<Record<string, unknown>>, options: WireBuildOptions = {}): WireResult {
    const { plan: event, trusted, shared } = options;
    if (event?.nameProblem !== undefined) return refuse('limit_exceeded', event.nameProblem);
    const wire: Record<string, unknown> = {};
    // Counts keys written; an upper bound (a bucket may land on a key already set), so an
    // over-the-limit count is checked again on the finished object.
    let count = 0;
    for (const key in input) {
      const value = input[key];
      if (value === undefined || value === null) continue;
      const p = params[key];
      if (event !== undefined && p !== undefined && p.bucket !== undefined && event.declared.has(p.bucket.param)) {
        const param = p.bucket.param;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          // The raw number never leaves the process; anything else is a caller's mistake.
          return refuse('invalid_event', `${name}.${key} must be a finite number (sent as ${param} after bucketing)`);
        }
        if (!p.bucketNameOk) {
          const problem =
            typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' ? ga4NameProblem(param, `param name (${name})`) : undefined;
          return refuse('limit_exceeded', problem ?? param);
        }
        const label = p.bucket.toLabel(value);
        wire[param] = label.length > GA4_LIMITS.paramValue ? cut(name, param, label) : label;
        count++;
        continue;
      }
      if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && (p === undefined || !p.nameOk)) {
        const problem = ga4NameProblem(key, `param name (${name})`);
        if (problem !== undefined) return refuse('limit_exceeded', problem);
      }
      if (event !== undefined && !event.declared.has(key)) {
        return refuse(
          'invalid_event',
          typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
            ? `${name} has no param "${key}"; expected one of: ${callSiteNames(event, taxonomy)}`
            : `${name}.${key}: not declared`,
        );
      }
      const out = convert(name, key, value, p, trusted);
      if (out === undefined) continue;
      if (out === REFUSED) return refused!;
      setData(wire, key, out);
      count++;
    }
    if (event !== undefined) {
      if (shared !== undefined) {
        // Enrichment: shared ids the event declares and the call left out; an explicit value wins.
        for (const key in shared) {
          const value = shared[key];
          if (value === undefined || value === null || wire[key] !== undefined || !event.declared.has(key)) continue;
          const out = convert(name, key, value, params[key], undefined);
          if (out === undefined) continue;
          if (out === REFUSED) return refused!;
          setData(wire, key, out);
          count++;
        }
      }
      for (const key of event.required) {
        if (wire[key] !== undefined) continue;
        const missing = event.required.filter((k) => wire[k] === undefined);
        return refuse('invalid_event', `${name} is missing required param(s): ${missing.join(', ')}`);
      }
    }
    if (count > GA4_LIMITS.paramCount && (count = Object.keys(wire).length) > GA4_LIMITS.paramCount) {
      return refuse('limit_exceeded', `event "${name}" has ${count} params; GA4 allows ${GA4_LIMITS.paramCount}`);
    }
    return { ok: true, params: wire };
  }

  return { plan: (name) => events[name], build };
}
