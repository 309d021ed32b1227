// The demo's Sentry tunnel parser and store as plain modules: hostile envelopes end in an
// EnvelopeError (400), never in an endless loop or unbounded memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_LIMITS, EnvelopeError, parseEnvelope } from '../apps/demo/lib/server/sentry-envelope';
import { clearEnvelopes, KEPT_ENVELOPES, sentryEnvelopes, storeEnvelope } from '../apps/demo/lib/server/sentry-store';

const encode = (text: string) => new TextEncoder().encode(text);
const HEADER = '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://k@o0.ingest.sentry.io/0"}';

describe('parseEnvelope', () => {
  it('parses items with and without a length, and a payload that ends the envelope', () => {
    const envelope = parseEnvelope(encode(`${HEADER}\n{"type":"event","length":13}\n{"message":1}\n{"type":"attachment"}\nplain text\n{"type":"x","length":2}\nab`));
    expect(envelope.header['event_id']).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(envelope.items).toEqual([
      { header: { type: 'event', length: 13 }, payload: { message: 1 } },
      { header: { type: 'attachment' }, payload: 'plain text' },
      { header: { type: 'x', length: 2 }, payload: 'ab' },
    ]);
  });

  it.each([
    ['a negative length', `${HEADER}\n{"type":"event","length":-1}\n{}`],
    // -31 moves the old parser back to the start of this 29-byte header line: an endless loop.
    ['a length that points back at its own header', `${HEADER}\n{"type":"event","length":-31}\n{}\n`],
    ['a length past the end', `${HEADER}\n{"type":"event","length":999}\n{}`],
    ['a fractional length', `${HEADER}\n{"type":"event","length":1.5}\n{}\n`],
    ['a string length', `${HEADER}\n{"type":"event","length":"2"}\n{}\n`],
    ['a payload not followed by a newline', `${HEADER}\n{"type":"event","length":1}\n{}\n`],
    ['an item header that is not an object', `${HEADER}\n[1]\n{}\n`],
    ['no header', 'not json\n'],
  ])('refuses %s with an EnvelopeError', (_, text) => {
    expect(() => parseEnvelope(encode(text))).toThrow(EnvelopeError);
  });

  it('bounds envelope bytes and item count', () => {
    expect(() => parseEnvelope(new Uint8Array(ENVELOPE_LIMITS.maxBytes + 1))).toThrow(/at most 1000000/);
    const many = `${HEADER}\n${'{"type":"x"}\n{}\n'.repeat(ENVELOPE_LIMITS.maxItems + 1)}`;
    expect(() => parseEnvelope(encode(many))).toThrow(/more than 100 items/);
  });

  it('property: any bytes end in an envelope or an EnvelopeError, never a hang or another error', () => {
    const itemHeader = fc.oneof(
      fc.record({ type: fc.constant('event'), length: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double(), fc.string()) }),
      fc.constant({ type: 'event' }),
      fc.string(),
    );
    const item = fc.tuple(itemHeader, fc.string()).map(([h, p]) => `${typeof h === 'string' ? h : JSON.stringify(h)}\n${p}`);
    const text = fc.array(item, { maxLength: 6 }).map((items) => [HEADER, ...items].join('\n'));
    fc.assert(fc.property(fc.oneof(text, fc.string()), (input) => {
      try {
        const envelope = parseEnvelope(encode(input));
        expect(envelope.items.length).toBeLessThanOrEqual(ENVELOPE_LIMITS.maxItems);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvelopeError);
      }
    }), { numRuns: 500 });
  });
});

describe('kept envelopes', () => {
  it('are capped by total bytes, dropping the oldest', () => {
    clearEnvelopes();
    const size = 1_000_000;
    const count = KEPT_ENVELOPES.maxTotalBytes / size + 3;
    for (let i = 0; i < count; i++) storeEnvelope({ header: { n: i }, items: [] }, size);
    const kept = sentryEnvelopes();
    expect(kept.length).toBe(KEPT_ENVELOPES.maxTotalBytes / size);
    expect(kept[0]!.header['n']).toBe(3);
    expect(kept.at(-1)!.header['n']).toBe(count - 1);
    clearEnvelopes();
    expect(sentryEnvelopes()).toEqual([]);
  });
});
