import { formatEdge } from '../buckets.js';
import { RESERVED_PARAMS } from './ga4.js';
import type { Rule } from './rule.js';

const ENUM_VALUE = /^[a-z0-9][a-z0-9_.:-]*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

export const enumValues: Rule = {
  id: 'enum/values',
  severity: 'error',
  description: 'Enum values are lowercase identifiers (a-z 0-9 _ . : -), unique, at least one.',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()]
      .filter((p) => p.type === 'enum' && p.values)
      .flatMap((p) => {
        const values = p.values!;
        if (values.length === 0) {
          return [{
            at: ctx.at(p.file, [...p.path, 'values']),
            problem: `Enum "${p.name}" has no values.`,
            expected: 'at least one value',
            example: 'values: [free, pro, enterprise]',
          }];
        }
        return values.flatMap((v, i) => {
          const at = ctx.at(p.file, [...p.path, 'values', i], 'value');
          if (values.indexOf(v) !== i) {
            return [{ at, problem: `Enum "${p.name}" lists "${v}" twice.`, expected: 'unique values', example: 'values: [up, down]' }];
          }
          if (!ENUM_VALUE.test(v)) {
            return [{
              at,
              problem: `Enum "${p.name}" value "${v}" is not a lowercase identifier.`,
              expected: 'lowercase letters, digits, and _ . : - (reports group by exact value)',
              example: `values: [${v.toLowerCase().replace(/[^a-z0-9_.:-]+/g, '_').replace(/^[^a-z0-9]+/, '') || 'value'}]`,
            }];
          }
          return [];
        });
      }),
};

export const bucketShape: Rule = {
  id: 'bucket/edges',
  severity: 'error',
  description: 'Bucket edges are at least two non-negative numbers in strictly ascending order.',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()].flatMap((p) => {
      const edges = p.bucket?.edges;
      if (!edges) return [];
      const ok = edges.length >= 2 && edges.every((e, i) => e >= 0 && Number.isFinite(e) && (i === 0 || e > edges[i - 1]!));
      return ok
        ? []
        : [{
            at: ctx.at(p.file, [...p.path, 'edges'], 'value'),
            problem: `Bucket "${p.name}" edges [${edges.join(', ')}] are not at least two ascending non-negative numbers.`,
            expected: 'strictly ascending lower edges, the first usually 0',
            example: 'edges: [0, 500, 1000, 2000, 5000]',
          }];
    }),
};

export const bucketLabelsUnique: Rule = {
  id: 'bucket/labels',
  severity: 'error',
  description: 'Bucket labels are distinct and no two edges read the same once rounded (1230 and 1240 tokens are both "1.2k").',
  check: (ctx) =>
    [...ctx.taxonomy.params.values()].flatMap((p) => {
      if (!p.bucket) return [];
      const { labels, edges, unit, explicitLabels: explicit } = p.bucket;
      const example = 'edges: [0, 1000, 2000]\n      labels: [under_1k, 1k_to_2k, 2k_plus]';
      const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
      if (repeated !== undefined) {
        return [{
          at: ctx.at(p.file, [...p.path, explicit ? 'labels' : 'edges'], 'value'),
          problem: `Bucket "${p.name}" has the label "${repeated}" more than once.`,
          expected: 'one distinct label per bucket',
          example,
        }];
      }
      if (explicit) return [];
      const i = edges.findIndex((e, k) => k > 0 && formatEdge(e, unit) === formatEdge(edges[k - 1]!, unit));
      return i < 0
        ? []
        : [{
            at: ctx.at(p.file, [...p.path, 'edges', i], 'value'),
            problem: `Bucket "${p.name}" edges ${edges[i - 1]} and ${edges[i]} both read "${formatEdge(edges[i]!, unit)}" in labels.`,
            expected: 'edges far enough apart to label them differently, or explicit labels',
            example,
          }];
    }),
};

export const bucketSource: Rule = {
  id: 'bucket/from',
  severity: 'error',
  description: 'A bucket\'s `from` key is a snake_case name used by no other bucket and no param.',
  check: (ctx) => {
    const owners = new Map<string, string>();
    return [...ctx.taxonomy.params.values()].flatMap((p) => {
      const from = p.bucket?.from;
      if (from === undefined) return [];
      const at = ctx.at(p.file, [...p.path, 'from'], 'value');
      const example = `from: ${p.name.replace(/_bucket$/, '')}_raw`;
      if (!/^[a-z][a-z0-9_]*$/.test(from) || RESERVED_PARAMS.has(from)) {
        return [{ at, problem: `Bucket "${p.name}" reads from "${from}", which is not a usable call-site key.`, expected: 'a snake_case key that is not reserved', example }];
      }
      if (ctx.taxonomy.params.has(from)) {
        return [{ at, problem: `Bucket "${p.name}" reads from "${from}", which is also a param name.`, expected: 'a raw-number key distinct from every param', example }];
      }
      const other = owners.get(from);
      owners.set(from, other ?? p.name);
      return other
        ? [{ at, problem: `Buckets "${other}" and "${p.name}" both read from "${from}".`, expected: 'one bucket per raw-number key', example }]
        : [];
    });
  },
};

export const version: Rule = {
  id: 'meta/version',
  severity: 'error',
  description: 'The taxonomy version is semver; a breaking change bumps the major.',
  check: (ctx) => {
    const { version: v, manifest } = ctx.taxonomy;
    // An absent or non-string version is a structural finding already.
    if (!manifest || v === '' || SEMVER.test(v)) return [];
    return [{
      at: manifest.versionAt,
      problem: `Version "${v}" is not semver.`,
      expected: 'MAJOR.MINOR.PATCH',
      example: 'version: 1.2.0',
    }];
  },
};

export const valueRules = [enumValues, bucketShape, bucketLabelsUnique, bucketSource, version];
