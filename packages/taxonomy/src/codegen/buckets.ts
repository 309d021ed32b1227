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
 * (the runtimes' view of them) and `toWireParams`, which applies them.
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

/**
 * Converts call-site params to wire params: each raw number becomes its bucket label, under the
 * bucket param's name. A raw value that is not a finite number is left out rather than guessed;
 * the dev validators then report the missing param.
 */
export function toWireParams<N extends EventName>(_name: N, params: EventMap[N]): EventWireMap[N] {
  const wire: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(params as Record<string, unknown>)) {
    const source = (bucketSources as Record<string, BucketSource>)[field];
    if (!source) wire[field] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) {
      wire[source.param] = source.toLabel(value);
    }
  }
  return wire as EventWireMap[N];
}
`;
}
