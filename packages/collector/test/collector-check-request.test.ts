// checkRequest without a server: what the collector stores of hostile keys (issue 12).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileTaxonomy } from '@taxon/taxonomy';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../src/validate/check-request.js';

const taxonomy = compileTaxonomy(
  ['taxonomy.yaml', 'params.yaml', 'events/ai.yaml', 'events/monetization.yaml'].map((file) => ({
    path: `taxonomy/${file}`,
    contents: new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../taxonomy/${file}`, import.meta.url)))),
  })),
).taxonomy!;

const check = (body: string) => checkRequest(taxonomy, body, body.length, Date.now());

describe('hostile keys in received params', () => {
  it('keeps __proto__, constructor and prototype keys as data in the stored params, never as a prototype', () => {
    const body =
      '{"client_id":"111.222","user_properties":{"__proto__":{"value":"x"}},"events":[{"name":"paywall_viewed","params":' +
      '{"paywall_reason":"premium_model","__proto__":"p","constructor":"c","items":[{"__proto__":"i","item_id":"a"}]}}]}';
    const checked = check(body);
    const params = checked.events[0]!.params;
    // Copies start from a prototype-less record (lib/data-record.ts), so `__proto__` is an own key.
    expect([null, Object.prototype]).toContain(Object.getPrototypeOf(params));
    expect(Object.keys(params)).toEqual(['paywall_reason', '__proto__', 'constructor', 'items']);
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe('p');
    const item = (params.items as Record<string, unknown>[])[0]!;
    expect([null, Object.prototype]).toContain(Object.getPrototypeOf(item));
    expect(Object.keys(item)).toEqual(['__proto__', 'item_id']);
    expect(Object.keys(checked.userProperties ?? {})).toEqual(['__proto__']);
    // Stored as bad, with the reason at the key: `_` is a reserved prefix.
    expect(checked.events[0]!.reasons.map((r) => `${r.validationCode} ${r.fieldPath}`)).toContain('NAME_RESERVED events[0].params.__proto__');
    expect(JSON.parse(JSON.stringify(params))).toHaveProperty('constructor', 'c');
  });

  it('accepts GA4\'s automatic params on any event, from core\'s one list', () => {
    const body = JSON.stringify({ client_id: '111.222', events: [{ name: 'paywall_viewed', params: { paywall_reason: 'premium_model', plan_type: 'free', session_id: 1700000000, ga_session_number: 3, gclid: 'abc' } }] });
    expect(check(body).messages).toEqual([]);
  });
});
