import { z } from 'zod';
import { alertSchema, baselineSchema, levelSchema, signalSchema } from './alerts/schema.js';

/**
 * The structure of a taxonomy file. Deliberately permissive about values that lint rules judge
 * (names, tense, free strings), strict about shape: unknown keys are errors, so a typo such as
 * `requried:` cannot silently drop a constraint.
 */
const text = z.string().trim().min(1, 'must not be empty');
const nameList = z.array(z.string());
/** Lifecycle keys shared by params and events, read by `taxon diff`. */
const renamedFrom = z.union([z.string(), nameList]).optional();

export const paramSchema = z.strictObject({
  description: text,
  type: z.enum(['enum', 'boolean', 'bucket', 'pattern', 'number', 'string']),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  pattern: z.string().optional(),
  from: z.string().optional(),
  unit: z.enum(['tokens', 'ms', 'count', 'bytes']).optional(),
  edges: z.array(z.number()).optional(),
  labels: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  pii_safe: text.optional(),
  renamed_from: renamedFrom,
  deprecated: text.optional(),
});

export const eventSchema = z.strictObject({
  description: text,
  owner: z.enum(['client', 'server']),
  category: z.string().optional(),
  required: nameList.optional(),
  optional: nameList.optional(),
  renamed_from: renamedFrom,
  deprecated: text.optional(),
});

export const funnelSchema = z.strictObject({
  description: text,
  window: z.string().regex(/^[1-9]\d*(m|h|d)$/, 'must be a duration such as 30m, 24h or 7d'),
  steps: nameList.min(2, 'a funnel needs at least 2 steps'),
});

const decimal = z
  .string({ error: 'must be a quoted decimal string such as "0.0025" (prices are exact, never floats)' })
  .regex(/^\d+(\.\d+)?$/, 'must be a quoted decimal string such as "0.0025" (prices are exact, never floats)');

export const pricePointSchema = z.strictObject({
  effective: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
    // Date.parse rolls 2025-02-30 over to March; a real date survives the round trip.
    .refine((s) => {
      const time = Date.parse(`${s}T00:00:00Z`);
      return !Number.isNaN(time) && new Date(time).toISOString().startsWith(s);
    }, 'must be a real calendar date'),
  input: decimal,
  cached_input: decimal,
  output: decimal,
  cache_write: decimal.optional(),
});

export const modelPricesSchema = z.strictObject({
  provider: text,
  history: z.array(pricePointSchema).min(1, 'needs at least one price'),
});

export const pricesSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  per_tokens: z.literal(1000),
  models: z.record(z.string(), modelPricesSchema),
});

export const fileSchema = z.strictObject({
  taxonomy: text.optional(),
  version: z.string({ error: "must be a quoted string such as '1.0.0'" }).optional(),
  description: text.optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  events: z.record(z.string(), z.unknown()).optional(),
  funnels: z.record(z.string(), z.unknown()).optional(),
  prices: z.unknown().optional(),
  scrape_interval: z.union([z.string(), z.number()]).optional(),
  retention: z.union([z.string(), z.number()]).optional(),
  alerts: z.record(z.string(), z.unknown()).optional(),
});

/** Allowed keys per place in a file, for did-you-mean on unknown keys. */
export function allowedKeysAt(path: readonly (string | number)[]): string[] {
  const keysOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape);
  const [section] = path;
  if (path.length === 0) return keysOf(fileSchema);
  if (section === 'params' && path.length === 2) return keysOf(paramSchema);
  if (section === 'events' && path.length === 2) return keysOf(eventSchema);
  if (section === 'funnels' && path.length === 2) return keysOf(funnelSchema);
  if (section === 'alerts') {
    if (path.length === 2) return keysOf(alertSchema);
    if (path.length === 3 && path[2] === 'signal') return keysOf(signalSchema as unknown as { shape: Record<string, unknown> });
    if (path.length === 3 && path[2] === 'baseline') return [...new Set(baselineSchema.options.flatMap((o) => Object.keys(o.shape)))];
    if (path.length === 4 && path[2] === 'severity') return keysOf(levelSchema);
  }
  if (section === 'prices') {
    if (path.length === 1) return keysOf(pricesSchema);
    if (path.length === 3) return keysOf(modelPricesSchema);
    if (path.length === 5) return keysOf(pricePointSchema);
  }
  return [];
}
