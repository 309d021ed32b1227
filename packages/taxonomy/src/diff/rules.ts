import type { DiffRule } from './types.js';

type Axes = Pick<DiffRule, 'category' | 'producerBreaking' | 'consumerBreaking'>;
const both: Axes = { category: 'breaking', producerBreaking: true, consumerBreaking: true };
const producer: Axes = { category: 'breaking', producerBreaking: true, consumerBreaking: false };
const consumer: Axes = { category: 'breaking', producerBreaking: false, consumerBreaking: true };
const additive: Axes = { category: 'additive', producerBreaking: false, consumerBreaking: false };
const cosmetic: Axes = { category: 'cosmetic', producerBreaking: false, consumerBreaking: false };
const release: Axes = { category: 'release', producerBreaking: false, consumerBreaking: false };
const price: Axes = { category: 'price', producerBreaking: false, consumerBreaking: false };
const rule = (id: string, axes: Axes, severity: DiffRule['severity'], description: string): DiffRule => ({
  id,
  ...axes,
  severity,
  description,
});

/**
 * Every rule of `taxon diff`, in report order. Breaking changes are warnings by default: a
 * breaking change is allowed when the release says so with a major version bump, and
 * `breaking-without-major-bump` is the error that enforces it.
 */
export const diffRules: readonly DiffRule[] = [
  // Breaking: events.
  rule('event-removed', both, 'warn',
    'An event was removed: code sending it stops compiling, reports on it stop.'),
  rule('event-renamed', both, 'warn',
    'An event was renamed (declared with renamed_from): call sites change, history splits in two.'),
  rule('event-rename-suspected', both, 'warn',
    'An event disappeared and a similar one with the same params appeared: add renamed_from to confirm.'),
  rule('event-owner-changed', producer, 'warn',
    'An event moved between client and server: it must be sent from the other side.'),
  rule('param-required-added', producer, 'warn',
    'An event gained a required param: every call must pass it.'),
  rule('param-made-required', producer, 'warn',
    'An optional param of an event became required: every call must pass it.'),
  rule('event-param-removed', both, 'warn',
    'An event no longer carries a param: calls passing it fail, reports on it stop.'),
  // Breaking: params.
  rule('param-removed', both, 'warn',
    'A param definition was removed.'),
  rule('param-renamed', both, 'warn',
    'A param was renamed (declared with renamed_from): call sites change, reports split.'),
  rule('param-type-changed', both, 'warn',
    "A param's type changed (enum, boolean, bucket, pattern, number)."),
  rule('enum-value-removed', both, 'warn',
    'An enum value was removed or renamed: code sending it fails, reports on it stop.'),
  rule('bucket-edges-changed', consumer, 'warn',
    'Bucket edges changed: buckets before and after the change are not comparable.'),
  rule('bucket-labels-changed', consumer, 'warn',
    'Bucket labels changed: reports grouping by the old labels split.'),
  rule('bucket-source-changed', producer, 'warn',
    'A bucket param reads its raw number from another call-site key (from) or unit.'),
  rule('pattern-changed', producer, 'warn',
    "A pattern param's regular expression changed: values that passed may now fail."),
  rule('number-range-narrowed', producer, 'warn',
    'A number param accepts fewer values (min, max or integer).'),
  // Breaking: funnels.
  rule('funnel-removed', consumer, 'warn',
    'A funnel was removed: dashboards built on it lose their definition.'),
  rule('funnel-steps-changed', consumer, 'warn',
    'Funnel steps were added, removed or reordered: conversion before and after is not comparable.'),
  rule('funnel-window-changed', consumer, 'warn',
    'A funnel window changed: conversion before and after is not comparable.'),
  // Release process.
  rule('breaking-without-major-bump', release, 'error',
    'Breaking changes need a major version bump (a minor bump while the major is 0).'),
  rule('removed-without-deprecation', release, 'error',
    'An event or param removed (or renamed without renamed_from) that the base did not mark deprecated: ' +
      'deprecate first, remove later.'),
  rule('additive-without-minor-bump', release, 'warn',
    'Additions need at least a minor version bump.'),
  rule('rename-declaration-ignored', release, 'warn',
    'renamed_from names an event or param that is still defined, so it cannot be a rename.'),
  // Prices.
  rule('price-history-changed', price, 'warn',
    'A past price was edited or removed, or the currency changed: recorded costs would be rewritten.'),
  rule('price-model-removed', price, 'warn',
    "A model's price history was removed: its past costs can no longer be computed."),
  rule('price-added', price, 'info',
    'A new model price or a new price point was added.'),
  // Additive.
  rule('event-added', additive, 'info',
    'A new event.'),
  rule('param-added', additive, 'info',
    'A new param definition.'),
  rule('param-optional-added', additive, 'info',
    'An event gained an optional param.'),
  rule('param-made-optional', additive, 'info',
    'A required param of an event became optional; reports may see it missing.'),
  rule('enum-value-added', additive, 'info',
    'An enum gained a value.'),
  rule('number-range-widened', additive, 'info',
    'A number param accepts more values.'),
  rule('funnel-added', additive, 'info',
    'A new funnel.'),
  // Cosmetic.
  rule('deprecated', cosmetic, 'info',
    'An event or param was marked deprecated: plan its removal in a later major version.'),
  rule('description-changed', cosmetic, 'info',
    'A description changed (taxonomy, event, param or funnel).'),
  rule('category-changed', cosmetic, 'info',
    "An event's category (its group in the tracking plan) changed."),
];

const byId = new Map(diffRules.map((r) => [r.id, r]));

/** The rule with this id; throws for an unknown id, which is a bug in the diff itself. */
export function diffRule(id: string): DiffRule {
  const rule = byId.get(id);
  if (!rule) throw new Error(`Unknown diff rule "${id}".`);
  return rule;
}
