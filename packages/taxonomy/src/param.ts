import type { z } from 'zod';
import { bucketLabels } from './buckets.js';
import { makeFinding, type Finding } from './findings.js';
import type { ParamDef } from './model.js';
import type { paramSchema } from './schema.js';
import { locate, type ParsedFile } from './source.js';
import { EXAMPLES } from './structure-findings.js';

/** Keys that mean nothing for a param type, and keys a type cannot do without. */
const irrelevantKeys: Record<string, string[]> = {
  enum: ['pattern', 'from', 'unit', 'edges', 'labels', 'min', 'max', 'integer'],
  boolean: ['values', 'pattern', 'from', 'unit', 'edges', 'labels', 'min', 'max', 'integer'],
  bucket: ['values', 'pattern', 'min', 'max', 'integer'],
  pattern: ['values', 'from', 'unit', 'edges', 'labels', 'min', 'max', 'integer'],
  number: ['values', 'pattern', 'from', 'unit', 'edges', 'labels'],
  string: ['values', 'from', 'unit', 'edges', 'labels', 'min', 'max', 'integer'],
};
const requiredKeys: Record<string, string[]> = {
  enum: ['values'],
  bucket: ['from', 'unit', 'edges'],
  pattern: ['pattern'],
};

/** Turns a structurally valid param into its definition, checking keys against its type. */
export function toParam(parsed: ParsedFile, name: string, raw: z.infer<typeof paramSchema>): { def?: ParamDef; findings: Finding[] } {
  const path = ['params', name];
  const findings: Finding[] = [];
  const present = raw as Record<string, unknown>;
  for (const key of irrelevantKeys[raw.type] ?? []) {
    if (present[key] !== undefined) {
      findings.push(
        makeFinding({
          rule: 'schema/irrelevant-key',
          severity: 'error',
          at: locate(parsed, [...path, key]),
          problem: `"${key}" has no meaning for a param of type ${raw.type}.`,
          expected: `only keys that apply to type ${raw.type}`,
          example: EXAMPLES.params!,
        }),
      );
    }
  }
  for (const key of requiredKeys[raw.type] ?? []) {
    if (present[key] === undefined) {
      findings.push(
        makeFinding({
          rule: 'schema/missing-field',
          severity: 'error',
          at: locate(parsed, path),
          problem: `A param of type ${raw.type} needs "${key}".`,
          example:
            raw.type === 'bucket'
              ? 'token_bucket:\n      description: Tokens used, bucketed.\n      type: bucket\n      from: tokens\n      unit: tokens\n      edges: [0, 500, 1000, 2000]'
              : raw.type === 'pattern'
                ? "transaction_id:\n      description: Payment provider id.\n      type: pattern\n      pattern: '^cs_[A-Za-z0-9_]{8,64}$'"
                : EXAMPLES.params!,
        }),
      );
    }
  }
  if (raw.labels && raw.edges && raw.labels.length !== raw.edges.length) {
    findings.push(
      makeFinding({
        rule: 'schema/invalid-value',
        severity: 'error',
        at: locate(parsed, [...path, 'labels']),
        problem: `${raw.labels.length} labels for ${raw.edges.length} edges.`,
        expected: 'one label per edge (the last bucket is open-ended), or no labels to get them generated',
        example: 'edges: [0, 1000]\n      labels: [under_1k, 1k_plus]',
      }),
    );
  }
  if (findings.length > 0) return { findings };
  const def: ParamDef = {
    name,
    file: parsed.file,
    path,
    at: locate(parsed, path),
    description: raw.description,
    type: raw.type,
  };
  if (raw.values) def.values = raw.values.map(String);
  if (raw.pattern !== undefined) def.pattern = raw.pattern;
  if (raw.type === 'bucket' && raw.from && raw.unit && raw.edges) {
    def.bucket = {
      from: raw.from,
      unit: raw.unit,
      edges: raw.edges,
      labels: raw.labels ?? bucketLabels(raw.edges, raw.unit),
      explicitLabels: raw.labels !== undefined,
    };
  }
  if (raw.min !== undefined) def.min = raw.min;
  if (raw.max !== undefined) def.max = raw.max;
  if (raw.integer !== undefined) def.integer = raw.integer;
  if (raw.pii_safe !== undefined) def.piiSafe = raw.pii_safe;
  return { def, findings };
}

