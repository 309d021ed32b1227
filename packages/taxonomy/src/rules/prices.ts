import type { Rule } from './rule.js';

/** The param whose enum values name the models that prices.yaml prices. */
const MODEL_PARAM = 'model';

export const historyOrder: Rule = {
  id: 'prices/history-order',
  severity: 'error',
  description: 'A model\'s price history is in ascending order of effective date, one price per date.',
  check: (ctx) =>
    (ctx.taxonomy.prices?.models ?? []).flatMap((m) =>
      m.history.flatMap((point, i) => {
        const previous = m.history[i - 1];
        if (!previous || point.effective > previous.effective) return [];
        return [{
          at: ctx.at(m.file, [...m.path, 'history', i, 'effective'], 'value'),
          problem: `Price of "${m.model}" effective ${point.effective} does not come after ${previous.effective}.`,
          expected: 'history entries in ascending date order, each date once',
          example: 'history:\n          - effective: 2024-07-18 ...\n          - effective: 2025-04-14 ...',
        }];
      }),
    ),
};

export const unpricedModel: Rule = {
  id: 'prices/unpriced-model',
  severity: 'warning',
  description: 'Every value of the `model` param has a price, so its cost can be computed.',
  check: (ctx) => {
    const model = ctx.taxonomy.params.get(MODEL_PARAM);
    const prices = ctx.taxonomy.prices;
    if (!model?.values || !prices) return [];
    const priced = new Set(prices.models.map((m) => m.model));
    return model.values
      .map((v, i) => ({ v, i }))
      .filter(({ v }) => !priced.has(v))
      .map(({ v, i }) => ({
        at: ctx.at(model.file, [...model.path, 'values', i], 'value'),
        problem: `Model "${v}" has no price in the price table; its cost will be unknown.`,
        expected: 'an entry under prices.models for every model value',
        example: `${v}:\n        provider: openai\n        history:\n          - { effective: 2025-01-01, input: "0.001", cached_input: "0.0005", output: "0.004" }`,
      }));
  },
};

export const unknownModel: Rule = {
  id: 'prices/unknown-model',
  severity: 'warning',
  description: 'Every priced model is a value of the `model` param.',
  check: (ctx) => {
    const values = ctx.taxonomy.params.get(MODEL_PARAM)?.values;
    if (!values) return [];
    return (ctx.taxonomy.prices?.models ?? [])
      .filter((m) => !values.includes(m.model))
      .map((m) => ({
        at: m.at,
        problem: `Priced model "${m.model}" is not a value of the "${MODEL_PARAM}" param.`,
        expected: `a model listed in params.${MODEL_PARAM}.values`,
        example: `values: [${[...values.slice(0, 2), m.model].join(', ')}]`,
      }));
  },
};

export const priceRules = [historyOrder, unpricedModel, unknownModel];
