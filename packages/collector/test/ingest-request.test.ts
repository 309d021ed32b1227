// ingestRequest as a plain function: each event is judged on its own, even when the checker
// itself fails on one of them.
import { loadCollectorTaxonomy } from '@taxon/collector';
import type { Taxonomy } from '@taxon/taxonomy';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestRequest } from '../src/ingest/ingest-request.js';
import { makeStorable, STORABLE_LIMITS } from '../src/ingest/make-storable.js';
import { ev, TAXONOMY_DIR } from './lib/collector-client.js';

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = (await loadCollectorTaxonomy(TAXONOMY_DIR)) as Taxonomy;
});

const received = (body: unknown) => {
  const text = JSON.stringify(body);
  return { text, bytes: Buffer.byteLength(text), truncated: false };
};

describe('ingestRequest', () => {
  it('judges each event alone when the checker throws on one of them', () => {
    // A taxonomy whose lookup fails for one event name stands for any checker bug.
    const events = new Map(taxonomy.events);
    const failing = Object.assign(Object.create(Map.prototype) as Map<string, unknown>, {
      get: (name: string) => {
        if (name === 'boom_event') throw new RangeError('checker bug');
        return events.get(name);
      },
      has: (name: string) => events.has(name),
    });
    const broken = { ...taxonomy, events: failing } as unknown as Taxonomy;
    const result = ingestRequest(broken, received({ client_id: 'c.1', events: [ev('paywall_viewed'), { name: 'boom_event', params: { email: 'a@b.co' } }, ev('upgrade_clicked')] }), 'G-1', Date.now());
    expect(result.rows.map((r) => [r.status, r.name])).toEqual([['good', 'paywall_viewed'], ['bad', ''], ['good', 'upgrade_clicked']]);
    expect(result.rows[1]!.params).toEqual({});
    expect(result.rows[1]!.reasons).toEqual([{ fieldPath: 'events[1]', validationCode: 'VALUE_INVALID', description: 'The event could not be validated; its params are not stored.' }]);
    expect(result.rows[2]!.clientId).toBe('c.1');
  });

  it('charges a storable problem to its own event only', () => {
    const result = ingestRequest(taxonomy, received({ client_id: 'c.1', events: [ev('paywall_viewed'), ev('paywall_viewed', { plan_type: 'x\u0000' })] }), undefined, Date.now());
    expect(result.rows.map((r) => r.status)).toEqual(['good', 'bad']);
    expect(result.madeStorable).toBe(1);
  });
});

describe('makeStorable', () => {
  it('cuts long strings without splitting a surrogate pair, and bounds entries and depth', () => {
    const emoji = '\ud83d\ude00';
    const text = `${'a'.repeat(STORABLE_LIMITS.maxStringLength - 1)}${emoji}`;
    const cut = makeStorable({ text }, '').value as { text: string };
    expect(cut.text).toBe('a'.repeat(STORABLE_LIMITS.maxStringLength - 1));
    const wide = makeStorable(Array.from({ length: 1_500 }, (_, i) => i), 'x');
    expect((wide.value as unknown[]).length).toBe(STORABLE_LIMITS.maxEntries);
    expect(wide.problems.map((p) => p.fieldPath)).toEqual(['x']);
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = [deep];
    const bounded = makeStorable(deep, 'd');
    expect(JSON.stringify(bounded.value)).toBe(`${'['.repeat(STORABLE_LIMITS.maxDepth)}"[nested too deep]"${']'.repeat(STORABLE_LIMITS.maxDepth)}`);
  });
});
