/**
 * The vocabulary of `taxon diff`: what a change is, how it is classified, and what a report holds.
 * Everything here is plain data so the CLI, tests and other tools can consume a report as JSON.
 */

/**
 * How much a change matters. `off` silences a rule; `info` is shown but never fails a gate.
 * The gate (`--fail-on`) fails on `error`, or on `error` and `warn`.
 */
export type DiffSeverity = 'error' | 'warn' | 'info' | 'off';

/**
 * Where a change belongs in the report. `breaking` changes break code that sends events
 * (producer) or reports built on them (consumer); `release` findings are about how the change is
 * shipped (version bump, deprecation); `price` changes concern cost history.
 */
export type DiffCategory = 'breaking' | 'release' | 'price' | 'additive' | 'cosmetic';

/** A rule of `taxon diff`: one kind of change with its classification and default severity. */
export interface DiffRule {
  /** Stable id, used in config files and output, for example `event-renamed`. */
  id: string;
  category: DiffCategory;
  /** Code that sends events must change. */
  producerBreaking: boolean;
  /** Reports, funnels or history built on the events stop matching. */
  consumerBreaking: boolean;
  /** Severity unless the config overrides it. */
  severity: Exclude<DiffSeverity, 'off'>;
  /** One line for `taxon diff --help` and docs. */
  description: string;
}

/** A position on one side of the diff: `head` when the definition still exists, `base` when removed. */
export interface DiffPosition {
  side: 'base' | 'head';
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A funnel that a change touches, with the 1-based step the event holds in it. */
export interface FunnelImpact {
  funnel: string;
  /** 1-based step of the event, or undefined when the change concerns the whole funnel. */
  step?: number;
  /** Number of steps in the funnel. */
  steps: number;
}

/** A call site of an event in the source tree, from a coverage index. */
export interface CallSite {
  file: string;
  line: number;
}

/**
 * Where each event is sent from: `{ [eventName]: [{ file, line }] }`. Produced by
 * `taxon coverage`; `taxon diff --coverage <file.json>` reads it to list the call sites a
 * breaking change affects.
 */
export type CoverageIndex = Readonly<Record<string, readonly CallSite[]>>;

/** One classified change between two taxonomies, as the rules produce it. */
export interface DiffChange {
  /** Rule id, for example `event-renamed`. */
  rule: string;
  category: DiffCategory;
  producerBreaking: boolean;
  consumerBreaking: boolean;
  /** Severity after config overrides; changes whose rule is `off` are not reported at all. */
  severity: Exclude<DiffSeverity, 'off'>;
  /** The event, param, funnel or model the change is about. */
  subject: string;
  /** What changed, as one plain sentence for a reviewer who does not read YAML. */
  title: string;
  /** What code that sends events must do, when producer-breaking. */
  producer?: string;
  /** What happens to reports, funnels and history, when consumer-breaking. */
  consumer?: string;
  at: DiffPosition;
  /** Events whose call sites are affected (old and new names of a rename). */
  events: string[];
  funnels: FunnelImpact[];
  /** Call sites of `events`, from the coverage index; undefined when no index was given. */
  callSites?: (CallSite & { event: string })[];
}

/** Severity overrides and the gate, as written under `diff` in taxon.config.mjs. */
export interface DiffConfig {
  /** Per rule id: `error`, `warn`, `info` or `off`. Unknown ids are a usage error. */
  rules?: Record<string, DiffSeverity>;
  /** Which severity fails the run. @default 'error' */
  failOn?: 'error' | 'warn';
}

/** The whole result of comparing two taxonomies. */
export interface DiffReport {
  base: { name: string; version: string; label: string };
  head: { name: string; version: string; label: string };
  /** Ordered: breaking, release, price, additive, cosmetic; within each, by file and line. */
  changes: DiffChange[];
  failOn: 'error' | 'warn';
  /** Whether any change reaches the gate. */
  failed: boolean;
  /** Whether a coverage index was given (call sites are then known, possibly empty). */
  coverage: boolean;
}
