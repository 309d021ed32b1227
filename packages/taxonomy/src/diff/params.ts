import { didYouMean } from '../didyoumean.js';
import type { ParamDef } from '../model.js';
import { code, eventsCarrying, listOf, position, type DiffContext, type Draft } from './context.js';
import { notDeprecated } from './events.js';

const usedBy = (events: string[]): string =>
  events.length === 0 ? 'No event carries it.' : `Carried by ${listOf(events.map(code))}.`;

/** Changes to param definitions: removed, renamed, added, and changes of type and values. */
export function diffParams(ctx: DiffContext): Draft[] {
  const drafts: Draft[] = [];
  const matched = new Set<string>();
  for (const before of ctx.base.params.values()) {
    const name = ctx.paramRenames.get(before.name) ?? before.name;
    const after = ctx.head.params.get(name);
    const events = eventsCarrying(ctx.base, before.name);
    if (!after) {
      drafts.push({
        rule: 'param-removed',
        subject: before.name,
        title: `The param ${code(before.name)} was removed. ${usedBy(events)}`,
        producer: `Code that passes ${code(before.name)} must stop passing it.`,
        consumer: `Reports, custom dimensions and audiences on ${code(before.name)} get no values from the deploy on.`,
        at: position(before, 'base'),
        events,
        funnels: [],
      });
      if (before.deprecated === undefined) drafts.push(notDeprecated('param', before.name, position(before, 'base')));
      continue;
    }
    matched.add(name);
    if (name !== before.name) {
      drafts.push({
        rule: 'param-renamed',
        subject: before.name,
        title: `The param ${code(before.name)} was renamed to ${code(name)}. ${usedBy(events)}`,
        producer: `Calls that pass ${code(before.name)} must pass ${code(name)} instead.`,
        consumer:
          `GA4 shows both params from the deploy on: register ${code(name)} as a custom dimension and move ` +
          `reports and audiences on ${code(before.name)} to it; history does not carry over.`,
        at: position(after, 'head'),
        events,
        funnels: [],
      });
    }
    drafts.push(...comparePair(ctx, before, after));
  }
  for (const after of ctx.head.params.values()) {
    if (matched.has(after.name)) continue;
    drafts.push({
      rule: 'param-added',
      subject: after.name,
      title: `New param ${code(after.name)} (${after.type}). ${usedBy(eventsCarrying(ctx.head, after.name))}`,
      at: position(after, 'head'),
      events: [],
      funnels: [],
    });
  }
  return drafts;
}

const range = (p: ParamDef): string => {
  const from = p.min !== undefined ? ` from ${p.min}` : '';
  const upTo = p.max !== undefined ? ` up to ${p.max}` : '';
  return `${p.integer ? 'whole numbers' : 'numbers'}${from}${upTo}`;
};

/** Changes between the base and head definitions of one param. */
function comparePair(ctx: DiffContext, before: ParamDef, after: ParamDef): Draft[] {
  const drafts: Draft[] = [];
  const name = code(after.name);
  const events = eventsCarrying(ctx.head, after.name);
  const add = (draft: Omit<Draft, 'at' | 'events' | 'funnels' | 'subject'>) =>
    drafts.push({ subject: after.name, at: position(after, 'head'), events, funnels: [], ...draft });

  if (before.type !== after.type) {
    add({
      rule: 'param-type-changed',
      title: `The param ${name} changed type from ${before.type} to ${after.type}. ${usedBy(events)}`,
      producer: `Calls must pass a ${after.type} value for ${name}.`,
      consumer: `Values of ${name} before and after the deploy are of different kinds and cannot be compared.`,
    });
  } else {
    const oldValues = before.values ?? [];
    const newValues = after.values ?? [];
    const addedValues = newValues.filter((v) => !oldValues.includes(v));
    for (const value of oldValues.filter((v) => !newValues.includes(v))) {
      const successor = didYouMean(value, addedValues);
      const hint = successor ? ` (it looks renamed to ${code(successor)})` : '';
      add({
        rule: 'enum-value-removed',
        title: `${name} no longer allows the value ${code(value)}${hint}.`,
        producer:
          `Code that sends \`${after.name}: '${value}'\` no longer compiles; ` +
          `send one of ${listOf(newValues.map(code))}.`,
        consumer:
          `Reports filtering on ${code(value)} get no data from the deploy on` +
          `${successor ? `; the same users show up under ${code(successor)}` : ''}.`,
      });
    }
    for (const value of addedValues) {
      add({ rule: 'enum-value-added', title: `${name} allows a new value ${code(value)}.` });
    }
    const b = before.bucket;
    const a = after.bucket;
    if (b && a) {
      if (b.from !== a.from || b.unit !== a.unit) {
        add({
          rule: 'bucket-source-changed',
          title: `${name} now buckets the raw ${code(a.from)} (${a.unit}) instead of ${code(b.from)} (${b.unit}).`,
          producer: `Calls must pass the raw number as ${code(a.from)}, in ${a.unit}.`,
        });
      }
      if (b.edges.join() !== a.edges.join()) {
        add({
          rule: 'bucket-edges-changed',
          title: `The buckets of ${name} changed: edges [${b.edges.join(', ')}] became [${a.edges.join(', ')}].`,
          consumer:
            `Buckets before and after the deploy are not comparable: a chart of ${name} across the deploy ` +
            'mixes two scales. Compare periods on one side of it only.',
        });
      } else if (b.labels.join() !== a.labels.join()) {
        add({
          rule: 'bucket-labels-changed',
          title: `${name} sends new labels: ${b.labels.map(code).join(', ')} became ${a.labels.map(code).join(', ')}.`,
          consumer: `Reports grouping by ${name} split at the deploy: each bucket appears under its old and its new label.`,
        });
      }
    }
    if ((before.pattern ?? '') !== (after.pattern ?? '')) {
      add({
        rule: 'pattern-changed',
        title: `${name} must now match \`${after.pattern ?? ''}\` (was \`${before.pattern ?? ''}\`).`,
        producer: `Check that every value code passes as ${name} matches the new pattern; others are rejected.`,
      });
    }
    if (before.type === 'number') {
      const narrowed =
        (after.min !== undefined && (before.min === undefined || after.min > before.min)) ||
        (after.max !== undefined && (before.max === undefined || after.max < before.max)) ||
        (Boolean(after.integer) && !before.integer);
      const widened =
        (before.min !== undefined && (after.min === undefined || after.min < before.min)) ||
        (before.max !== undefined && (after.max === undefined || after.max > before.max)) ||
        (Boolean(before.integer) && !after.integer);
      if (narrowed) {
        add({
          rule: 'number-range-narrowed',
          title: `${name} now accepts ${range(after)} (was ${range(before)}).`,
          producer: `Check that every value code passes as ${name} is within the new range; others are rejected.`,
        });
      } else if (widened) {
        add({ rule: 'number-range-widened', title: `${name} now accepts ${range(after)} (was ${range(before)}).` });
      }
    }
  }
  if (after.deprecated !== undefined && before.deprecated === undefined) {
    add({ rule: 'deprecated', title: `The param ${name} is now deprecated: ${after.deprecated}` });
  }
  if (before.description !== after.description) {
    add({ rule: 'description-changed', title: `The description of the param ${name} changed to: "${after.description}"` });
  }
  return drafts;
}
