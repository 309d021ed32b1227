import { z } from 'zod';

// The structure of `alerts:` entries. Durations, metric ids, labels and severities are plain
// strings here: the alert lint rules judge them with messages that name what exists.

const text = z.string().trim().min(1, 'must not be empty');
/** A duration is checked by `alerts/invalid-duration`; a bare number (`for: 5`) reaches that rule too. */
const duration = z.union([z.string(), z.number()]);

export const selectorSchema = z.strictObject({
  metric: text,
  where: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
});

const quantileSchema = z.strictObject({
  metric: text,
  q: z.number().gt(0, 'must be between 0 and 1, e.g. 0.95').lt(1, 'must be between 0 and 1, e.g. 0.95'),
  where: selectorSchema.shape.where,
});

export const signalSchema = z
  .strictObject({
    ratio: z.strictObject({ numerator: selectorSchema, denominator: selectorSchema }).optional(),
    quantile: quantileSchema.optional(),
    rate: selectorSchema.extend({ per: duration.optional() }).optional(),
    increase: selectorSchema.optional(),
    gauge: selectorSchema.extend({ aggregate: z.enum(['avg', 'max', 'min']).optional() }).optional(),
  })
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    message: 'must hold exactly one of ratio, quantile, rate, increase or gauge',
  });

export const baselineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('same_hour'),
    days: z.number().int().min(1).max(28),
    compare: z.enum(['ratio', 'drop']),
    min_baseline: z.number().positive('must be above 0 (a quiet hour would divide by zero)'),
  }),
  z.strictObject({
    type: z.literal('average'),
    over: duration,
    step: duration,
    compare: z.literal('zscore'),
    min_stddev: z.number().positive('must be above 0 (a flat history would divide by zero)'),
  }),
]);

export const levelSchema = z.strictObject({ threshold: z.number(), for: duration });

export const alertSchema = z.strictObject({
  description: text,
  signal: signalSchema,
  baseline: baselineSchema.optional(),
  window: duration,
  condition: z.enum(['above', 'below']),
  labels: z.array(z.string()).optional(),
  severity: z.record(z.string(), levelSchema).refine((r) => Object.keys(r).length > 0, 'needs at least one level (warning, critical)'),
  keep_firing_for: duration.optional(),
  summary: text,
  display: z.enum(['percent', 'seconds', 'number', 'usd']).optional(),
  runbook_url: z.string().url().optional(),
});
