import type { PricePoint } from '../model.js';
import { code, position, type DiffContext, type Draft } from './context.js';

const FIELDS = [
  ['input', 'input'],
  ['cachedInput', 'cached input'],
  ['output', 'output'],
  ['cacheWrite', 'cache write'],
] as const satisfies readonly (readonly [keyof PricePoint, string])[];

const figures = (p: PricePoint): string =>
  FIELDS.filter(([key]) => p[key] !== undefined)
    .map(([key, label]) => `${label} ${p[key]}`)
    .join(', ');

/**
 * Changes to the price table. A new model or a new dated price is additive; editing or removing
 * a past price, or a whole model, rewrites the cost of calls already made, so it is a warning.
 */
export function diffPrices(ctx: DiffContext): Draft[] {
  const before = ctx.base.prices;
  const after = ctx.head.prices;
  if (!before && !after) return [];
  const drafts: Draft[] = [];
  const unit = after ? `${after.currency} per ${after.perTokens.toLocaleString('en-US')} tokens` : '';
  const baseModels = new Map((before?.models ?? []).map((m) => [m.model, m]));
  const headModels = new Map((after?.models ?? []).map((m) => [m.model, m]));
  if (before && after && before.currency !== after.currency) {
    drafts.push({
      rule: 'price-history-changed',
      subject: 'currency',
      title:
        `The price currency changed from ${before.currency} to ${after.currency}: every recorded cost ` +
        'would be re-read in the new currency.',
      at: position(after.models[0] ?? before.models[0]!, 'head'),
      events: [],
      funnels: [],
    });
  }
  for (const [model, old] of baseModels) {
    const now = headModels.get(model);
    if (!now) {
      drafts.push({
        rule: 'price-model-removed',
        subject: model,
        title: `The price history of ${code(model)} was removed: the cost of its past calls can no longer be computed.`,
        at: position(old, 'base'),
        events: [],
        funnels: [],
      });
      continue;
    }
    const at = position(now, 'head');
    const newPoints = new Map(now.history.map((p) => [p.effective, p]));
    for (const point of old.history) {
      const edited = newPoints.get(point.effective);
      if (!edited) {
        drafts.push({
          rule: 'price-history-changed',
          subject: model,
          title:
            `The ${code(model)} price effective ${point.effective} (${figures(point)}) was removed: costs of ` +
            'calls from that date would be recomputed with another price.',
          at,
          events: [],
          funnels: [],
        });
      } else if (figures(edited) !== figures(point)) {
        const diffs = FIELDS.filter(([key]) => edited[key] !== point[key]).map(
          ([key, label]) => `${label} ${point[key] ?? 'none'} → ${edited[key] ?? 'none'}`,
        );
        drafts.push({
          rule: 'price-history-changed',
          subject: model,
          title:
            `The ${code(model)} price effective ${point.effective} was edited (${diffs.join(', ')}): costs already ` +
            'recorded from that date would change. To change a price, add an entry with a new effective date.',
          at,
          events: [],
          funnels: [],
        });
      }
    }
    const oldDates = new Set(old.history.map((p) => p.effective));
    for (const point of now.history.filter((p) => !oldDates.has(p.effective))) {
      drafts.push({
        rule: 'price-added',
        subject: model,
        title: `New ${code(model)} price from ${point.effective}: ${figures(point)} (${unit}).`,
        at,
        events: [],
        funnels: [],
      });
    }
  }
  for (const [model, now] of headModels) {
    if (baseModels.has(model)) continue;
    drafts.push({
      rule: 'price-added',
      subject: model,
      title:
        `New priced model ${code(model)} (${now.provider}): ` +
        `${now.history.map((p) => `from ${p.effective} ${figures(p)}`).join('; ')} (${unit}).`,
      at: position(now, 'head'),
      events: [],
      funnels: [],
    });
  }
  return drafts;
}
