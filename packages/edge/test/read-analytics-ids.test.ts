import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAnalyticsIds } from '@taxon/edge';

const measurementId = 'G-SM37QL5J42';
// Cookie headers as browsers send them with gtag.js: the app's own cookies around GA's.
const GS1 = 'theme=dark; _ga=GA1.1.1827526090.1689745728; _ga_SM37QL5J42=GS1.1.1689765380.3.1.1689766550.0.0.0; sid=abc';
const GS2 = '_ga=GA1.1.1162820436.1749482504; _ga_SM37QL5J42=GS2.1.s1747132561$o1$g0$t1747132655$j0$l0$h0';

describe('readAnalyticsIds', () => {
  it('reads client_id from _ga and session_id from a GS1 session cookie', () => {
    expect(readAnalyticsIds(GS1, { measurementId })).toEqual({
      clientId: '1827526090.1689745728',
      sessionId: '1689765380',
      sessionNumber: 3,
    });
  });

  it('reads the GS2 format, whatever the order of its fields, percent-encoded too', () => {
    const expected = { clientId: '1162820436.1749482504', sessionId: '1747132561', sessionNumber: 1 };
    expect(readAnalyticsIds(GS2, { measurementId })).toEqual(expected);
    const reordered = '_ga=GA1.1.1162820436.1749482504; _ga_SM37QL5J42=GS2.1.o1$t1747132655$s1747132561$g1$j0$l0$h0';
    expect(readAnalyticsIds(reordered, { measurementId })).toEqual(expected);
    const encoded = '_ga=GA1.1.1162820436.1749482504; _ga_SM37QL5J42=GS2.1.s1747132561%24o1%24g0%24t1747132655';
    expect(readAnalyticsIds(encoded, { measurementId })).toEqual(expected);
  });

  it('reads from a Request and from Headers; a subdomain cookie (GA1.2) too', () => {
    const cookie = '_ga=GA1.2.987654321.1700000000; _ga_SM37QL5J42=GS2.1.s1700000123$o12$g1$t1700000200$j60$l0$h0';
    const request = new Request('https://app.example.com/checkout', { headers: { cookie } });
    const expected = { clientId: '987654321.1700000000', sessionId: '1700000123', sessionNumber: 12 };
    expect(readAnalyticsIds(request, { measurementId })).toEqual(expected);
    expect(readAnalyticsIds(request.headers, { measurementId: 'g-sm37ql5j42' })).toEqual(expected);
  });

  it("reads only the configured property's session cookie, and only the client id without a measurement id", () => {
    const header = `${GS1}; _ga_OTHER12345=GS1.1.1111111111.9.1.1111111112.0.0.0`;
    expect(readAnalyticsIds(header, { measurementId: 'G-OTHER12345' })).toMatchObject({ sessionId: '1111111111' });
    expect(readAnalyticsIds(header)).toEqual({ clientId: '1827526090.1689745728' });
    expect(readAnalyticsIds(header, { measurementId: 'G-NOTTHERE1' })).toEqual({ clientId: '1827526090.1689745728' });
  });

  it('returns what it can from malformed cookies and never throws', () => {
    const cases: [string, object][] = [
      ['', {}],
      ['_ga=', {}],
      ['_ga=GA1.1.notanumber.1689745728', {}],
      ['_ga=jane@example.com', {}],
      ['_ga=GA1.1.1827526090.1689745728; _ga_SM37QL5J42=GS1.1.abc.3', { clientId: '1827526090.1689745728' }],
      ['_ga_SM37QL5J42=GS2.1.sabc$o1; _ga=%E0%A4%A', {}],
      ['_ga_SM37QL5J42=GS2.1.s1747132561$oX', { sessionId: '1747132561' }],
      ['_ga_SM37QL5J42=GS3.1.s1747132561', {}],
      [';;;=;_ga', {}],
    ];
    for (const [header, expected] of cases) expect(readAnalyticsIds(header, { measurementId })).toEqual(expected);
    expect(readAnalyticsIds(null, { measurementId })).toEqual({});
    expect(readAnalyticsIds(undefined)).toEqual({});
    expect(readAnalyticsIds({ headers: null } as never, { measurementId })).toEqual({});
    fc.assert(
      fc.property(fc.string(), fc.string(), (header, id) => {
        const ids = readAnalyticsIds(header, { measurementId: id });
        for (const value of [ids.clientId, ids.sessionId]) if (value !== undefined) expect(value).toMatch(/^[\d.]+$/);
      }),
    );
  });
});
