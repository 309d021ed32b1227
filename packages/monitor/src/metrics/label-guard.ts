// The cardinality guard: every label value is checked against a closed set before it can become a
// series. Taxonomy enums come from the app's generated taxonomy object, fixed lists from the metric
// table, declared values from the app (route names) or, when it declares none, the first ones seen
// up to a cap. Anything else is `_OTHER`, so a user id, a prompt or a typo can never mint a series.

import { OTHER_VALUE, type LabelDefinition } from '@taxon/core/telemetry';

/** The generated runtime taxonomy (`taxonomy` from `generated/taxon`), or just its enums. */
export interface MetricsTaxonomy {
  /** Allowed values per enum param (`enumValues`). */
  readonly enums?: Readonly<Record<string, readonly string[]>>;
}

/** How `declared` labels (route names) are bounded. */
export interface DeclaredLabelOptions {
  /** Values per label key, e.g. `{ http_route: ['/api/generate'] }`; a listed key is a closed set. */
  readonly declared?: Readonly<Record<string, readonly string[]>> | undefined;
  /** For keys not listed in `declared`: how many distinct values are kept before `_OTHER`. */
  readonly maxDeclaredValues: number;
}

/** Maps a raw label value to the value recorded (`_OTHER` when it is outside the closed set). */
export type LabelResolver = (raw: unknown) => string;

// Declared values are constants from code (route patterns), so anything long or with control
// characters or spaces is not one of them.
const DECLARED_VALUE = /^[\x21-\x7e]{1,100}$/;

/**
 * Builds the resolver of one label. Resolvers of `declared` labels with the same key share their
 * first-come set (one route list for the whole registry), hence `declaredSets`.
 */
export function createLabelResolver(
  label: LabelDefinition,
  taxonomy: MetricsTaxonomy,
  options: DeclaredLabelOptions,
  declaredSets: Map<string, Set<string>>,
): LabelResolver {
  const source = label.source;
  if (source.kind === 'enum' || source.kind === 'fixed') {
    // A taxonomy without the param (a custom taxonomy) leaves only `_OTHER`.
    const allowed = new Set(source.kind === 'enum' ? (taxonomy.enums?.[source.param] ?? []) : source.values);
    return (raw) => (typeof raw === 'string' && allowed.has(raw) ? raw : OTHER_VALUE);
  }
  const listed = options.declared?.[label.key];
  if (listed) {
    const allowed = new Set(listed.filter((value) => DECLARED_VALUE.test(value)));
    return (raw) => (typeof raw === 'string' && allowed.has(raw) ? raw : OTHER_VALUE);
  }
  let seen = declaredSets.get(label.key);
  if (!seen) declaredSets.set(label.key, (seen = new Set()));
  const firstCome = seen;
  return (raw) => {
    if (typeof raw !== 'string') return OTHER_VALUE;
    if (firstCome.has(raw)) return raw;
    if (firstCome.size >= options.maxDeclaredValues || !DECLARED_VALUE.test(raw)) return OTHER_VALUE;
    firstCome.add(raw);
    return raw;
  };
}
