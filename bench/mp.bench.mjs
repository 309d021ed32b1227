// Measurement Protocol client throughput into a local HTTP endpoint (issue 4 goal: >= 20k events/s
// with bounded memory). The endpoint runs in a child process so it does not share the client's
// event loop; it parses every body and counts events. Baseline, measured in the same run: raw
// `fetch` POSTs of one pre-serialized 25-event body, at the client's concurrency (the HTTP cost
// alone, without building, bucketing, scrubbing, limits, dedupe or queueing).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMeasurementProtocol } from '../packages/edge/dist/index.js';
import { ratio, table } from './lib.mjs';

const EVENTS = 200_000;
const SMALL = 50_000;
const CHUNK = 10_000;
const CONCURRENCY = 2;
const MEMORY_EVENTS = 400_000;

// A gc() for the retained-memory probe, without needing `node --expose-gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const serverCode = `
const http = require('node:http');
let events = 0, requests = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(JSON.stringify({ events, requests })); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    events += body.events.length; requests++;
    res.statusCode = 204; res.end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer() {
  const child = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [data] = await once(child.stdout, 'data');
  return { child, url: `http://127.0.0.1:${String(data).trim()}` };
}

async function stats(url) {
  return (await fetch(`${url}/stats`)).json();
}

/** Runs `fn`, sampling rss and heapUsed every 20 ms; returns seconds and the peaks in MB. */
async function sampled(fn) {
  gc();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const start = performance.now();
  await fn();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  const mb = (v) => v / 1024 / 1024;
  return { seconds, rss: mb(rss), heap: mb(heap), heapGrowth: mb(heap - base.heapUsed) };
}

const tokenEdges = [0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000];
const tokenLabels = ['0-250', '250-500', '500-1k', '1k-2k', '2k-4k', '4k-8k', '8k-16k', '16k-32k', '32k+'];
const durationEdges = [0, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000];
const durationLabels = ['0-500ms', '500ms-1s', '1s-2s', '2s-5s', '5s-10s', '10s-20s', '20s-30s', '30s-1m', '1m+'];
const bucket = (edges, labels) => (v) => labels[edges.findLastIndex((e) => v >= e)] ?? labels[0];
// The shape of the generated eventDefinitions / bucketSources / enumValues for generation_completed.
const taxonomy = {
  events: {
    generation_completed: {
      owner: 'server',
      required: ['feature', 'model', 'token_bucket', 'duration_bucket', 'success'],
      optional: ['plan_type', 'correlation_id'],
    },
  },
  buckets: {
    tokens: { param: 'token_bucket', toLabel: bucket(tokenEdges, tokenLabels) },
    duration_ms: { param: 'duration_bucket', toLabel: bucket(durationEdges, durationLabels) },
  },
  enums: {
    feature: ['rewrite', 'summarize', 'expand', 'translate', 'tone_adjust'],
    model: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
    plan_type: ['free', 'pro', 'enterprise'],
  },
};
const features = taxonomy.enums.feature;
const models = taxonomy.enums.model;

async function runClient(url, total, afterChunk = () => {}) {
  const mp = createMeasurementProtocol({
    measurementId: 'G-BENCH',
    apiSecret: 'bench-secret',
    baseUrl: url,
    taxonomy,
    maxQueue: CHUNK,
    concurrency: CONCURRENCY,
  });
  let result;
  for (let sent = 0; sent < total; ) {
    for (const end = Math.min(total, sent + CHUNK); sent < end; sent++) {
      mp.send(
        'generation_completed',
        {
          feature: features[sent % 5],
          model: models[sent % 5],
          tokens: sent % 40_000,
          duration_ms: sent % 70_000,
          success: sent % 17 !== 0,
          plan_type: 'pro',
          correlation_id: `run_${sent.toString(36).padStart(8, '0')}`,
        },
        { clientId: `${1000 + (Math.floor(sent / 25) % 50)}.1700000000`, sessionId: '1700000000', engagementTimeMsec: 1 },
      );
    }
    result = await mp.flush();
    afterChunk(sent);
  }
  return result;
}

async function runBaseline(url, total) {
  const event = {
    name: 'generation_completed',
    params: {
      feature: 'rewrite', model: 'gpt-4.1', token_bucket: '1k-2k', duration_bucket: '1s-2s', success: true,
      plan_type: 'pro', correlation_id: 'run_00000001', session_id: '1700000000', engagement_time_msec: 1,
    },
    timestamp_micros: Date.now() * 1000,
  };
  const body = JSON.stringify({ client_id: '1000.1700000000', events: Array(25).fill(event) });
  const target = `${url}/mp/collect?measurement_id=G-BENCH&api_secret=bench-secret`;
  let next = 0;
  const requests = total / 25;
  const worker = async () => {
    while (next < requests) {
      next++;
      const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const { child, url } = await startServer();
try {
  await runBaseline(url, 25_000); // warm-up: connections, JIT
  await runClient(url, 25_000);
  const before = await stats(url);

  const baseline = await sampled(() => runBaseline(url, EVENTS));
  const afterBaseline = await stats(url);
  let delivered = 0;
  const small = await sampled(async () => {
    delivered += (await runClient(url, SMALL)).delivered;
  });
  const client = await sampled(async () => {
    delivered += (await runClient(url, EVENTS)).delivered;
  });
  const after = await stats(url);

  // Retained heap after a full GC at the end of each 10k chunk: flat when memory is bounded.
  const retained = [];
  await runClient(url, MEMORY_EVENTS, (sent) => {
    gc();
    retained.push([sent, process.memoryUsage().heapUsed / 1024 / 1024]);
  });
  const at = (n) => retained.find(([sent]) => sent >= n)?.[1] ?? NaN;

  const received = after.events - afterBaseline.events; // both client runs
  const baselineReceived = afterBaseline.events - before.events;
  const rate = (n, s) => n / s;
  const fmt = (v) => `${Math.round(v).toLocaleString('en-US')}/s`;
  const mb = (v) => `${v.toFixed(0)} MB`;
  const mb1 = (v) => `${v.toFixed(1)} MB`;
  table(`MP client throughput, ${EVENTS.toLocaleString('en-US')} events, 25/request, concurrency ${CONCURRENCY}`, [
    ['run', 'events', 'events/s', 'requests/s', 'peak rss', 'peak heap', 'heap growth', 'vs baseline'],
    ['baseline: raw fetch, pre-serialized 25-event body', baselineReceived, fmt(rate(EVENTS, baseline.seconds)), fmt(rate(EVENTS / 25, baseline.seconds)), mb(baseline.rss), mb(baseline.heap), mb(baseline.heapGrowth), '1.0x'],
    [`MP client, ${SMALL.toLocaleString('en-US')} events`, SMALL, fmt(rate(SMALL, small.seconds)), '', mb(small.rss), mb(small.heap), mb(small.heapGrowth), ratio(rate(SMALL, small.seconds), rate(EVENTS, baseline.seconds))],
    [`MP client, ${EVENTS.toLocaleString('en-US')} events`, EVENTS, fmt(rate(EVENTS, client.seconds)), fmt(rate(EVENTS / 25, client.seconds)), mb(client.rss), mb(client.heap), mb(client.heapGrowth), ratio(rate(EVENTS, client.seconds), rate(EVENTS, baseline.seconds))],
  ]);
  console.log(
    `\nendpoint received ${received.toLocaleString('en-US')} client events (client reported ${delivered.toLocaleString('en-US')} delivered); ` +
      `goal >= 20,000 events/s: ${rate(EVENTS, client.seconds) >= 20_000 ? 'met' : 'NOT met'}; ` +
      `peak heap at ${EVENTS / 1000}k vs ${SMALL / 1000}k events: ${ratio(client.heap, small.heap)}`,
  );
  table(`Retained heap after GC while one client sends ${MEMORY_EVENTS.toLocaleString('en-US')} events`, [
    ['after', '50k events', '200k events', '400k events', '400k vs 50k'],
    ['heap used', mb1(at(50_000)), mb1(at(200_000)), mb1(at(400_000)), ratio(at(400_000), at(50_000))],
  ]);
} finally {
  child.kill();
}
