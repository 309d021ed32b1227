import type { PricePoint } from '@taxon/core';
import type { SourcePosition } from './findings.js';
import type { AlertDef, AlertingSettings } from './alerts/model.js';

/** Where a definition lives: the file and the YAML path of its key, for precise findings. */
export interface DefinitionSource {
  file: string;
  /** YAML path of the definition's key inside its file, for example `['events', 'signup_started']`. */
  path: readonly (string | number)[];
  /** Position of the definition's key. */
  at: SourcePosition;
}

/** Keys that describe a definition's history, read by `taxon diff`. */
export interface Lifecycle {
  /** Former names (`renamed_from:`): `taxon diff` reports a rename instead of a removal and an addition. */
  renamedFrom?: string[];
  /** Why the definition is deprecated (`deprecated:`). Remove it in a later major version. */
  deprecated?: string;
}

/** Param kinds. Free-form `string` exists only so the linter can reject it with a clear message. */
export type ParamType = 'enum' | 'boolean' | 'bucket' | 'pattern' | 'number' | 'string';

/** A bucket param: the app passes a raw number under `from`; the event carries the label. */
export interface BucketSpec {
  /** Call-site key that carries the raw number, for example `tokens`. */
  from: string;
  /** Unit of the raw number; drives label formatting (`tokens` -> `1k-2k`, `ms` -> `1s-2s`). */
  unit: 'tokens' | 'ms' | 'count' | 'bytes';
  /** Ascending lower edges. A value v falls in bucket i when edges[i] <= v < edges[i+1]. */
  edges: number[];
  /** One label per edge; the last bucket is open-ended. */
  labels: string[];
  /** Whether the labels were written in the taxonomy (else generated from the edges). */
  explicitLabels: boolean;
}

export interface ParamDef extends DefinitionSource, Lifecycle {
  name: string;
  description: string;
  type: ParamType;
  /** Allowed values for `enum`. */
  values?: string[];
  /** Anchored regular expression for `pattern`. */
  pattern?: string;
  bucket?: BucketSpec;
  /** Bounds for `number`. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** Declared reason why a name that looks like PII is safe. */
  piiSafe?: string;
}

/** Who sends the event: the browser, or a backend that must confirm it (payments, costs). */
export type EventOwner = 'client' | 'server';

export interface EventDef extends DefinitionSource, Lifecycle {
  name: string;
  description: string;
  owner: EventOwner;
  /** Free grouping used in the generated docs (the file name when absent). */
  category: string;
  required: string[];
  optional: string[];
}

export interface FunnelDef extends DefinitionSource {
  name: string;
  description: string;
  /** As written, for example `7d`. */
  window: string;
  windowMs: number;
  steps: string[];
}

/** Prices per `perTokens` tokens, as exact decimal strings: the runtimes' shape, from `@taxon/core`. */
export type { PricePoint };

export interface ModelPrices extends DefinitionSource {
  model: string;
  provider: string;
  /** Ascending by `effective`. */
  history: PricePoint[];
}

/**
 * The parsed price table. The runtimes read `@taxon/core`'s `PriceTable` (models keyed by id, as
 * the generated `priceTable`); here models are a list that keeps where each is defined, for
 * findings and `taxon diff`.
 */
export interface PriceTable {
  currency: string;
  perTokens: number;
  models: ModelPrices[];
}

/** A parsed, structurally valid taxonomy. Linting decides whether it is a good one. */
export interface Taxonomy {
  name: string;
  version: string;
  description: string;
  params: Map<string, ParamDef>;
  events: Map<string, EventDef>;
  funnels: Map<string, FunnelDef>;
  prices: PriceTable | undefined;
  /** Alert rules (`alerts:`), in file order. */
  alerts: Map<string, AlertDef>;
  /** Settings of the alerts (`scrape_interval:`). */
  alerting: AlertingSettings;
  /** Files read, in load order (sorted paths). */
  files: string[];
  /** The file declaring `taxonomy`/`version`, and where its version value is. */
  manifest: { file: string; versionAt: SourcePosition } | undefined;
  /**
   * Names whose definition exists but failed structural validation. Reference checks treat them
   * as defined, so one broken event does not cascade into a finding at every use.
   */
  brokenNames: { params: Map<string, DefinitionSource>; events: Map<string, DefinitionSource> };
}

/** `X_started` / `X_completed` / `X_failed` triplet found in the taxonomy. */
export interface LifecycleGroup {
  /** The shared stem, for example `generation`. */
  stem: string;
  started: string;
  completed: string;
  failed: string | undefined;
}

export function lifecycleGroups(taxonomy: Pick<Taxonomy, 'events'>): LifecycleGroup[] {
  const groups: LifecycleGroup[] = [];
  for (const name of taxonomy.events.keys()) {
    if (!name.endsWith('_started')) continue;
    const stem = name.slice(0, -'_started'.length);
    if (!taxonomy.events.has(`${stem}_completed`)) continue;
    const failed = taxonomy.events.has(`${stem}_failed`) ? `${stem}_failed` : undefined;
    groups.push({ stem, started: name, completed: `${stem}_completed`, failed });
  }
  return groups;
}

/** The params an event carries on the wire, required first, in declaration order. */
export function eventParams(event: EventDef): { name: string; required: boolean }[] {
  return [
    ...event.required.map((name) => ({ name, required: true })),
    ...event.optional.map((name) => ({ name, required: false })),
  ];
}
