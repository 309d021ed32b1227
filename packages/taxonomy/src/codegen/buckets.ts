import type { Taxonomy } from '../model.js';
import { array, camel, doc, key, lit, TAKEN_VALUES, typeName } from './names.js';

/**
 * Name of the generated bucket function of a param, for example `token_bucket` -> `tokenBucket`
 * (`tokenBucketOf` when the plain name is one the runtime module declares itself).
 */
export const bucketFunctionName = (param: string): string =>
  TAKEN_VALUES.has(camel(param)) ? `${camel(param)}Of` : camel(param);

/**
 * The buckets section of the runtime module: one function per bucket param, `bucketSources`
 * (the runtimes' view of them) and `toWireParams`, which applies them for a sender of one's own.
 */
export function emitBuckets(taxonomy: Taxonomy): string {
  const buckets = [...taxonomy.params.values()].filter((p) => p.bucket);
  const fns = buckets
    .map((p) => {
      const fn = bucketFunctionName(p.name);
      const b = p.bucket!;
      return `/** Edges of \`${p.name}\` (${b.unit}): a value v falls in bucket i when edges[i] <= v < edges[i + 1]. */
export const ${fn}Edges = ${array(b.edges.map(String), `export const ${fn}Edges = `)} as const;

/** Labels of \`${p.name}\`, one per edge. */
export const ${fn}Labels = ${array(b.labels.map(lit), `export const ${fn}Labels = `)} as const satisfies readonly ${typeName(p)}[];

/** ${doc(p.description)} Maps a raw \`${b.from}\` value to its label. */
export function ${fn}(${camel(b.from)}: number): ${typeName(p)} {
  return bucketOf(${camel(b.from)}, ${fn}Edges, ${fn}Labels);
}
`;
    })
    .join('\n');
  const sources = buckets
    .map((p) => `  ${key(p.bucket!.from)}: { param: ${lit(p.name)}, toLabel: ${bucketFunctionName(p.name)} },`)
    .join('\n');

  return `/**
 * The label of the bucket holding \`value\`. Values below the first edge fall in the first bucket,
 * so a bucket function always returns a declared label.
 */
function bucketOf<L extends string>(
  value: number,
  edges: readonly number[],
  labels: readonly L[],
): L {
  let index = 0;
  for (let i = edges.length - 1; i > 0; i--) {
    if (value >= edges[i]!) {
      index = i;
      break;
    }
  }
  return labels[index]!;
}

${fns}
/** A call-site key that carries a raw number, and the bucket param it becomes. */
export interface BucketSource {
  param: string;
  toLabel: (value: number) => string;
}

/** Call-site keys that carry raw numbers, and the bucket param each one becomes. */
export const bucketSources = {
${sources}
} as const satisfies Record<string, BucketSource>;

/** The wire params of one event, or why it is refused: the outcome the runtimes' wire builder has. */
export type WireResult<N extends EventName> =
  | { ok: true; params: EventWireMap[N] }
  | { ok: false; reason: 'invalid_event'; detail: string };

/**
 * Converts call-site params to wire params, for a sender of your own: each raw number becomes its
 * bucket label, under the bucket param's name; \`null\` and \`undefined\` are left out. A raw value
 * that is not a finite number (\`NaN\` and \`Infinity\` are numbers to TypeScript) refuses the
 * event, as the runtimes' wire builder does: no bucket is guessed and no param quietly dropped.
 * The refusal is a result, not an exception, so a sender cannot reach \`params\` without checking
 * it, and a bad value never throws where the event was to be sent. Enum, PII and GA4-limit checks
 * are the runtimes' (\`@taxon/web\`, \`@taxon/edge\`); this only converts.
 */
export function toWireParams<N extends EventName>(name: N, params: EventMap[N]): WireResult<N> {
  const wire: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const source = Object.prototype.hasOwnProperty.call(bucketSources, field)
      ? (bucketSources as Record<string, BucketSource>)[field]!
      : undefined;
    if (!source) wire[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) wire[source.param] = source.toLabel(value);
    else {
      const detail = \`\${name}.\${field} must be a finite number (sent as \${source.param} after bucketing)\`;
      return { ok: false, reason: 'invalid_event', detail };
    }
  }
  return { ok: true, params: wire as EventWireMap[N] };
}
`;
}
