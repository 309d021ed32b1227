import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { taxonomy } from '../../../generated/taxon/index.js';
import { createMetrics, encodeLineProtocol, formatLine, integer, lineProtocolHandler, sanitizeIdentifier } from '@taxon/monitor';

interface Parsed {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, string | number | boolean | { integer: number }>;
  timestamp?: string;
}

// A small line-protocol parser following InfluxDB 1.x's scanner: a backslash escapes the next
// character in names, tag keys/values and field keys; string fields are quoted with \" and \\.
function parseLine(line: string): Parsed {
  let i = 0;
  const until = (stops: string) => {
    let out = '';
    while (i < line.length && !stops.includes(line[i]!)) {
      if (line[i] === '\\' && i + 1 < line.length && ',= "\\'.includes(line[i + 1]!)) i++;
      out += line[i++];
    }
    return out;
  };
  const measurement = until(', ');
  const tags: Parsed['tags'] = {};
  while (line[i] === ',') {
    i++;
    const key = until('=');
    i++;
    tags[key] = until(', ');
  }
  expect(line[i]).toBe(' ');
  i++;
  const fields: Parsed['fields'] = {};
  for (;;) {
    const key = until('=');
    i++;
    if (line[i] === '"') {
      i++;
      let value = '';
      while (line[i] !== '"') {
        if (line[i] === '\\') i++;
        value += line[i++];
      }
      i++;
      fields[key] = value;
    } else {
      const raw = until(', ');
      fields[key] = raw === 'true' ? true : raw === 'false' ? false : raw.endsWith('i') ? { integer: Number(raw.slice(0, -1)) } : Number(raw);
    }
    if (line[i] !== ',') break;
    i++;
  }
  const rest = line.slice(i).trim();
  return rest ? { measurement, tags, fields, timestamp: rest } : { measurement, tags, fields };
}

const hostile = fc.string({ unit: fc.constantFrom('a', 'b', ',', '=', ' ', '"', '\\', '\n', '\r', '#', 'é', '😀', '\t'), minLength: 1, maxLength: 12 });
const keyOf = (value: string) => sanitizeIdentifier(value);
// Tag keys that stay distinct on the wire (two keys differing only by a backslash or a line break
// would both be written as `_`; real label names are [a-zA-Z_][a-zA-Z0-9_]*).
const distinctTags = fc.dictionary(hostile, hostile, { maxKeys: 4 }).filter((tags) => new Set(Object.keys(tags).map(keyOf)).size === Object.keys(tags).length);

describe('formatLine', () => {
  it('round-trips hostile names, tags and string fields through a line-protocol parser', () => {
    fc.assert(
      fc.property(hostile, distinctTags, hostile, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), (measurement, tags, text, count, real) => {
        const line = formatLine({ measurement, tags, fields: { text, count: integer(count), real }, timestampNs: 1_700_000_000_000_000_000n });
        expect(line).toBeDefined();
        // One line, whatever the input: a newline inside a name or tag would start a new point.
        expect(line!.split('\n')).toHaveLength(1 + (text.match(/\n/g)?.length ?? 0));
        const parsed = parseLine(line!);
        expect(parsed.measurement).toBe(keyOf(measurement).replace(/^#/, '_'));
        const expectedTags = Object.fromEntries(Object.entries(tags).map(([k, v]) => [keyOf(k), keyOf(v)]));
        expect(parsed.tags).toEqual(expectedTags);
        expect(parsed.fields).toEqual({ text, count: { integer: count }, real: Object.is(real, -0) ? 0 : real });
        expect(parsed.timestamp).toBe('1700000000000000000');
      }),
      { numRuns: 500 },
    );
  });

  it('writes values the way InfluxDB reads them', () => {
    expect(formatLine({ measurement: 'cpu load', tags: { 'host,name': 'a=b c', empty: '' }, fields: { 'v=1': 1.5, n: integer(3), ok: true, s: 'say "hi" \\' } }))
      .toBe('cpu\\ load,host\\,name=a\\=b\\ c v\\=1=1.5,n=3i,ok=true,s="say \\"hi\\" \\\\"');
    expect(formatLine({ measurement: 'm', tags: {}, fields: { nan: Number.NaN } })).toBeUndefined();
  });
});

describe('encodeLineProtocol', () => {
  it("writes Telegraf's Prometheus metric_version 1 shape with integer counts", async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.add('generations', 3, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro', outcome: 'success' });
    metrics.add('aiCost', 0.25, { feature: 'rewrite', model: 'gpt-4.1', plan: 'pro' });
    metrics.set('mpQueueSize', 4, {});
    const route = { http_route: '/api/generate', http_request_method: 'POST', status_class: '2xx' };
    metrics.observe('httpRouteDuration', 0.02, route);
    metrics.observe('httpRouteDuration', 0.3, route);
    const { body, lines } = await encodeLineProtocol(metrics, { timestampNs: 5n });
    const parsed = body.trimEnd().split('\n').map(parseLine);
    expect(lines).toBe(parsed.length);
    const find = (name: string) => parsed.filter((p) => p.measurement === name);
    expect(find('taxon_ai_generations_total')).toEqual([{ measurement: 'taxon_ai_generations_total', tags: { feature: 'rewrite', model: 'gpt-4.1', outcome: 'success', plan: 'pro' }, fields: { counter: { integer: 3 } }, timestamp: '5' }]);
    expect(find('taxon_ai_cost_usd_total')[0]!.fields).toEqual({ counter: 0.25 });
    expect(find('taxon_mp_queue_size')[0]!.fields).toEqual({ gauge: { integer: 4 } });
    const [histogram] = find('taxon_http_route_duration_seconds');
    expect(histogram!.tags).toEqual({ http_request_method: 'POST', http_route: '/api/generate', status_class: '2xx' });
    expect(histogram!.fields).toMatchObject({ '0.01': { integer: 0 }, '0.025': { integer: 1 }, '0.25': { integer: 1 }, '0.5': { integer: 2 }, '+Inf': { integer: 2 }, count: { integer: 2 }, sum: 0.32 });
  });

  it('is served for Telegraf inputs.http', async () => {
    const metrics = createMetrics({ taxonomy });
    metrics.add('mpEvents', 2, { outcome: 'sent' });
    const response = await lineProtocolHandler(metrics)(new Request('http://localhost/api/metrics/influx'));
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toMatch(/^taxon_mp_events_total,outcome=sent counter=2i \d{19}$/m);
    const guarded = lineProtocolHandler(metrics, { token: 't' });
    expect((await guarded(new Request('http://localhost/x'))).status).toBe(401);
  });
});
