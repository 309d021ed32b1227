import { fileURLToPath } from 'node:url';
import { createWireBuilder } from '@taxon/core';
import { describe, expect, it } from 'vitest';
import {
  bucketLabels,
  bucketOf,
  defaultOutputs,
  generate,
  lifecycleGroups,
  lintTaxonomy,
  loadTaxonomySources,
  windowToMs,
} from '../src/index.js';
import {
  bucketSources,
  durationBucket,
  enumValues,
  eventDefinitions,
  funnels,
  lifecycles,
  priceTable,
  taxonomy as runtimeTaxonomy,
  tokenBucket,
  toWireParams,
} from '../../../generated/taxon/index.js';
import { validateEvent } from '../../../generated/taxon/validators.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('bucket labels', () => {
  it('formats edges by unit', () => {
    expect(bucketLabels([0, 250, 500, 1000, 1500, 1_000_000], 'tokens')).toEqual([
      '0-250', '250-500', '500-1k', '1k-1.5k', '1.5k-1M', '1M+',
    ]);
    expect(bucketLabels([0, 500, 1000, 2500, 60_000], 'ms')).toEqual(['0-500ms', '500ms-1s', '1s-2.5s', '2.5s-1m', '1m+']);
    expect(bucketLabels([0, 1024, 1024 * 1024], 'bytes')).toEqual(['0-1KB', '1KB-1MB', '1MB+']);
  });

  it('puts a value in [edge i, edge i+1), clamping below the first edge and NaN to the first bucket', () => {
    const edges = [0, 10, 20];
    const labels = ['a', 'b', 'c'];
    expect([0, 9.99, 10, 19, 20, 1e9].map((v) => bucketOf(v, edges, labels))).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    expect(bucketOf(-5, edges, labels)).toBe('a');
    expect(bucketOf(Number.NaN, edges, labels)).toBe('a');
  });

  it('parses funnel windows', () => {
    expect(windowToMs('30m')).toBe(1_800_000);
    expect(windowToMs('24h')).toBe(86_400_000);
    expect(windowToMs('7d')).toBe(604_800_000);
    expect(windowToMs('7w')).toBeNaN();
  });
});

describe('generated runtime code (reference taxonomy)', () => {
  it('buckets raw numbers and never lets them onto the wire', () => {
    const wire = toWireParams('generation_completed', {
      feature: 'rewrite',
      model: 'gpt-4.1-mini',
      tokens: 1532,
      duration_ms: 1840,
      success: true,
    });
    expect(wire).toEqual({
      ok: true,
      params: {
        feature: 'rewrite',
      model: 'gpt-4.1-mini',
        token_bucket: '1k-2k',
        duration_bucket: '1s-2s',
        success: true,
      },
    });
    expect(tokenBucket(0)).toBe('0-250');
    expect(tokenBucket(32_000)).toBe('32k+');
    expect(durationBucket(499)).toBe('0-500ms');
  });

  it('refuses a raw bucket value that is not a finite number, as the runtimes\' wire builder does', () => {
    // The same bad inputs through the generated helper and through core's builder (which
    // @taxon/web and @taxon/edge send with): the same outcome, a refused event, never a guess.
    const builder = createWireBuilder({ taxonomy: runtimeTaxonomy });
    const plan = builder.plan('generation_completed');
    const base = { feature: 'rewrite', model: 'gpt-4.1-mini', duration_ms: 5, success: true } as const;
    for (const tokens of [Number.NaN, Number.POSITIVE_INFINITY, '1532' as unknown as number]) {
      const helper = toWireParams('generation_completed', { ...base, tokens });
      const runtime = builder.build('generation_completed', { ...base, tokens }, { plan });
      expect(helper).toEqual({ ok: false, reason: 'invalid_event', detail: expect.stringContaining('generation_completed.tokens') });
      expect(runtime).toEqual({ ok: false, reason: 'invalid_event', detail: expect.stringContaining('generation_completed.tokens') });
    }
    // And the same good input gives the same wire params.
    expect(toWireParams('generation_completed', { ...base, tokens: 40 })).toEqual(
      builder.build('generation_completed', { ...base, tokens: 40 }, { plan }),
    );
  });

  it('validators accept valid events and name each problem of invalid ones', () => {
    expect(validateEvent('feature_used', { feature: 'rewrite' })).toEqual([]);
    expect(validateEvent('feature_used', { feature: 'rewrite', tokens: 12 }, 'input')).toHaveLength(1);
    expect(validateEvent('feature_used', { feature: 'poem', prompt: 'hi' })).toEqual([
      expect.stringContaining('feature_used.feature'),
      expect.stringContaining('prompt'),
    ]);
    expect(validateEvent('generation_completed', { feature: 'rewrite', model: 'gpt-4.1', tokens: 5, duration_ms: 5, success: true }, 'input')).toEqual([]);
    expect(validateEvent('checkout_completed', {
      target_plan: 'pro', billing_interval: 'monthly', value: 20, currency: 'usd', transaction_id: 'cs_test_a1b2c3d4e5',
    })).toEqual([expect.stringContaining('currency')]);
    expect(validateEvent('no_such_event', {})).toEqual(['unknown event "no_such_event"']);
    expect(validateEvent('toString', {})).toEqual(['unknown event "toString"']);
  });

  it('exposes owners, lifecycles, funnels and prices as data', () => {
    expect(eventDefinitions.checkout_completed.owner).toBe('server');
    expect(eventDefinitions.generation_started.owner).toBe('client');
    expect(lifecycles.map((l) => l.stem).sort()).toEqual(['checkout', 'generation', 'signup']);
    expect(lifecycles[0]).toEqual({ stem: 'signup', started: 'signup_started', completed: 'signup_completed', failed: 'signup_failed' });
    expect(funnels.acquisition.steps[0]).toBe('landing_viewed');
    expect(funnels.generation_success.windowMs).toBe(30 * 60_000);
    expect(priceTable.models['gpt-4.1-mini'].history[0]!.input).toBe('0.0004');
  });
});

describe('generate()', () => {
  it('is deterministic and labels every file as generated', async () => {
    const { taxonomy, findings } = lintTaxonomy(await loadTaxonomySources(`${root}/taxonomy`, root));
    expect(findings).toEqual([]);
    const options = { outputs: defaultOutputs('out'), source: 'taxonomy/' };
    const a = generate(taxonomy, options);
    const b = generate(lintTaxonomy(await loadTaxonomySources(`${root}/taxonomy`, root)).taxonomy, options);
    expect(a).toEqual(b);
    for (const file of a) expect(file.contents).toMatch(/Generated by `taxon gen`/);
  });

  it('names the validators from the runtime module by their path on disk, wherever they are placed', async () => {
    const { taxonomy } = lintTaxonomy(await loadTaxonomySources(`${root}/taxonomy`, root));
    const outputs = { ...defaultOutputs('src/analytics'), validators: 'src/dev/validators.mjs' };
    const files = generate(taxonomy, { outputs, source: 'taxonomy/' });
    expect(files.map((f) => f.path)).toEqual([
      'src/analytics/index.ts',
      'src/dev/validators.mjs',
      'src/dev/validators.d.mts',
      'docs/tracking-plan.md',
    ]);
    const [index, validators, declarations] = files;
    expect(index!.contents).toContain("import('../dev/validators.mjs')");
    expect(validators!.contents).not.toMatch(/from '\./);
    expect(declarations!.contents).toContain("import type { EventName, ValidateEvent } from '../analytics/index.js';");
  });

  it('refuses a validators path that is not JavaScript, with an example', async () => {
    const { taxonomy } = lintTaxonomy(await loadTaxonomySources(`${root}/taxonomy`, root));
    const outputs = { ...defaultOutputs('gen'), validators: 'gen/validators.ts' };
    expect(() => generate(taxonomy, { outputs, source: 'taxonomy/' })).toThrow(
      /outputs\.validators must name a JavaScript file \("\.js" or "\.mjs"\), got "gen\/validators\.ts"\. Example: /,
    );
  });
});

describe('the runtime taxonomy object', () => {
  it('decodes its compact data into exactly the taxonomy\'s events, enums and lifecycles', async () => {
    const { taxonomy } = lintTaxonomy(await loadTaxonomySources(`${root}/taxonomy`, root));
    expect(eventDefinitions).toEqual(
      Object.fromEntries([...taxonomy.events.values()].map((e) => [e.name, { owner: e.owner, required: e.required, optional: e.optional }])),
    );
    expect(Object.keys(eventDefinitions)).toEqual([...taxonomy.events.keys()]);
    expect(enumValues).toEqual(
      Object.fromEntries([...taxonomy.params.values()].filter((p) => p.type === 'enum').map((p) => [p.name, p.values])),
    );
    expect(lifecycles).toEqual(lifecycleGroups(taxonomy));
  });


  it('holds what the runtimes need and nothing for people', () => {
    expect(Object.keys(runtimeTaxonomy)).toEqual(['events', 'enums', 'buckets', 'lifecycles', 'loadValidators']);
    expect(runtimeTaxonomy.events).toBe(eventDefinitions);
    expect(runtimeTaxonomy.enums).toBe(enumValues);
    expect(runtimeTaxonomy.buckets).toBe(bucketSources);
    expect(runtimeTaxonomy.lifecycles).toBe(lifecycles);
    // Descriptions and funnels are not in it: a bundle that takes only `taxonomy` sheds them.
    expect(JSON.stringify(runtimeTaxonomy)).not.toMatch(/description|window/);
  });

  it('loads the development validators outside production', async () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const { validateEvent: loaded } = await runtimeTaxonomy.loadValidators!();
    expect(loaded).toBe(validateEvent);
    expect(loaded('feature_used', { feature: 'poem' })).toEqual([expect.stringMatching(/^feature_used\.feature: /)]);
  });
});
