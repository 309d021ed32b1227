// @taxon/web runtime costs, measured against baselines in the same run (build first: `pnpm build`).
// (b) trackEvent for a typical event (enum, boolean and bucket params) beside a raw dataLayer.push
//     and react-ga4's event(); (c) page_view with URL scrubbing, and scrubPii throughput.
// Every contender runs against the same minimal fake window/document (no jsdom: its DOM cost
// would dwarf what is measured).
import { measure, table } from './lib.mjs';

process.env.NODE_ENV = 'production';

// A minimal browser: the window is globalThis (react-ga4 calls the global `gtag`), with a
// document that accepts one script tag and a history that updates location.href.
const scripts = [];
const fakeDocument = {
  title: 'Rewrite - AI Writer',
  referrer: '',
  cookie: '',
  visibilityState: 'visible',
  scripts,
  head: { appendChild: (el) => scripts.push(el) },
  body: { appendChild: (el) => scripts.push(el) },
  documentElement: { appendChild: (el) => scripts.push(el) },
  createElement: () => ({ setAttribute() {}, addEventListener() {}, getAttribute(name) { return this[name]; } }),
  addEventListener() {},
  removeEventListener() {},
};
const fakeLocation = { href: 'https://app.writer.ai/app/rewrite', protocol: 'https:', search: '' };
Object.assign(globalThis, {
  window: globalThis,
  document: fakeDocument,
  location: fakeLocation,
  history: {
    state: null,
    pushState(_s, _t, url) { fakeLocation.href = new URL(url, fakeLocation.href).href; },
    replaceState(_s, _t, url) { fakeLocation.href = new URL(url, fakeLocation.href).href; },
  },
  addEventListener() {},
  removeEventListener() {},
});

const { createTracker, ga4, scrubPii, scrubUrl } = await import('../packages/web/dist/index.js');
const { default: ReactGA } = await import('react-ga4');

// The reference taxonomy's event, inlined so the bench runs on plain Node (generated/ is TypeScript).
// generation_completed is server-owned in the reference taxonomy; here it is client-owned so the
// browser tracker sends it: it is the event that has enum, boolean and bucket params together.
const taxonomy = {
  events: {
    generation_completed: {
      owner: 'client',
      required: ['feature', 'model', 'token_bucket', 'duration_bucket', 'success'],
      optional: ['plan_type', 'correlation_id'],
    },
  },
  enums: {
    feature: ['rewrite', 'summarize', 'expand', 'translate', 'tone_adjust'],
    model: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-haiku-4-5'],
    plan_type: ['free', 'pro', 'enterprise'],
  },
  buckets: {
    tokens: { param: 'token_bucket', toLabel: bucketOf([0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000], ['0-250', '250-500', '500-1k', '1k-2k', '2k-4k', '4k-8k', '8k-16k', '16k-32k', '32k+']) },
    duration_ms: { param: 'duration_bucket', toLabel: bucketOf([0, 500, 1000, 2000, 5000, 10000, 20000, 30000, 60000], ['0-500ms', '500ms-1s', '1s-2s', '2s-5s', '5s-10s', '10s-20s', '20s-30s', '30s-1m', '1m+']) },
  },
};

function bucketOf(edges, labels) {
  return (value) => {
    let index = 0;
    for (let i = edges.length - 1; i > 0; i--) if (value >= edges[i]) { index = i; break; }
    return labels[index];
  };
}

const callSite = { feature: 'rewrite', model: 'gpt-4.1', tokens: 1532, duration_ms: 1840, success: true, plan_type: 'pro' };
const wire = { feature: 'rewrite', model: 'gpt-4.1', token_bucket: '1k-2k', duration_bucket: '1s-2s', success: true, plan_type: 'pro' };

const tracker = createTracker({
  taxonomy,
  destinations: [ga4({ measurementId: 'G-BENCH123' })],
  pageViews: { auto: false },
});
tracker.start();
ReactGA.initialize('G-BENCH123');

const N = 20_000;
const layer = () => globalThis.dataLayer;
const reset = () => { layer().length = 0; };
function rawPush() {
  for (let i = 0; i < N; i++) layer().push({ event: 'generation_completed', ...wire });
  reset();
}
function rawGtag() {
  // Google's snippet: function gtag(){dataLayer.push(arguments)}
  for (let i = 0; i < N; i++) globalThis.gtag('event', 'generation_completed', { ...wire });
  reset();
}
function reactGa() {
  for (let i = 0; i < N; i++) ReactGA.event('generation_completed', { ...wire });
  reset();
}
function taxon() {
  for (let i = 0; i < N; i++) tracker.trackEvent('generation_completed', callSite);
  reset();
}
// Part of Taxon's cost that no implementation of its contract avoids: every event records when it
// was tracked (`TaxonEvent.time`), and reading the clock is slow on some hosts (VMs, Firefox).
let clockSink = 0;
function clock() {
  for (let i = 0; i < N; i++) clockSink += Date.now();
}

// Sanity: each contender puts one entry per call on the same dataLayer.
taxon();
tracker.trackEvent('generation_completed', callSite);
const [, sentName, sentParams] = Array.from(layer().at(-1));
if (sentName !== 'generation_completed' || sentParams.token_bucket !== '1k-2k' || 'tokens' in sentParams) {
  throw new Error(`bench: unexpected Taxon output ${JSON.stringify(sentParams)}`);
}
reset();

// The machine is shared: contenders are measured in interleaved rounds, each keeps the median
// of its rounds, and a ratio is the median of the per-round ratios (both sides of a ratio come
// from the same round), so a burst of load elsewhere hits both sides alike.
async function compare(fns, rounds = 11) {
  const samples = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, fn] of fns.entries()) samples[i].push(await measure(fn, { runs: 3, warmup: r === 0 ? 3 : 1 }));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return samples.map((s) => ({ ms: median(s), vs: (base) => median(s.map((v, r) => v / samples[base][r])) }));
}
const ns = (sample, n) => `${((sample.ms * 1e6) / n).toFixed(0)} ns`;
const x = (sample, base = 0) => `${sample.vs(base).toFixed(1)}x`;
const [tRaw, tGtag, tReactGa, tTaxon, tClock] = await compare([rawPush, rawGtag, reactGa, taxon, clock]);
table(`(b) trackEvent, typical event (enum, boolean, bucket params), per call, ${N} calls`, [
  ['contender', 'per call', 'vs raw dataLayer.push'],
  ['raw dataLayer.push({ event, ...wire })', ns(tRaw, N), '1.0x'],
  ['gtag snippet (push(arguments))', ns(tGtag, N), x(tGtag)],
  ['react-ga4 ReactGA.event(name, params)', ns(tReactGa, N), x(tReactGa)],
  ['Taxon trackEvent (bucketing, enum check, limits, gtag)', ns(tTaxon, N), `${x(tTaxon)} (goal <= 3x)`],
  ['  of which the event timestamp (Date.now())', ns(tClock, N), x(tClock)],
]);
console.log(`\nTaxon trackEvent vs react-ga4 event(): ${tTaxon.vs(2).toFixed(2)}x the time.`);

// (c) page views: each call a new route whose URL carries PII and linker params to scrub.
const P = 5_000;
const urls = Array.from({ length: 64 }, (_, i) =>
  `https://app.writer.ai/app/docs/${i}/edit?tab=history&email=jane${i}%40example.com&_gl=1*abc*_ga*MTIz&ref=newsletter#section-${i}`);
let route = 0;
function rawPageView() {
  for (let i = 0; i < P; i++) globalThis.gtag('event', 'page_view', { page_location: urls[i % 64], page_title: fakeDocument.title });
  reset();
}
function taxonPageView() {
  for (let i = 0; i < P; i++) tracker.pageView({ location: urls[route++ % 64], title: fakeDocument.title });
  reset();
}
function scrubOnly() {
  for (let i = 0; i < P; i++) scrubUrl(urls[i % 64]);
}
const [tRawPv, tTaxonPv, tScrubUrl] = await compare([rawPageView, taxonPageView, scrubOnly], 7);
table(`(c) page_view, per call, ${P} calls (new route each call, URL with PII and _gl)`, [
  ['contender', 'per call', 'ratio'],
  ['raw gtag page_view (no scrubbing)', ns(tRawPv, P), '1.0x'],
  ['Taxon pageView (scrubUrl, dedupe, limits)', ns(tTaxonPv, P), x(tTaxonPv)],
  ['  of which scrubUrl(url) alone', ns(tScrubUrl, P), x(tScrubUrl)],
]);

// scrubPii throughput on realistic mixed text: support-ticket-like prose with some PII.
const lines = [
  'The rewrite of my blog post came back too formal, can you make the tone friendlier?',
  'Please contact me at jane.doe@example.com or call +1 415 555 2671 about the invoice.',
  'Generation failed after 30 seconds with a timeout on the summarize feature.',
  'I pasted https://app.writer.ai/share/abc?token=sk-proj-abcdefghijklmnop1234 into the doc.',
  'Our office is at 221 Baker Street, the card on file is 4111 1111 1111 1111.',
  'Translate this paragraph into German and keep the product names as they are.',
  'Release 2026-11-23 fixed the editor; version 1.4.2 is live for 12,000 users.',
  'Server 10.0.3.17 logged a 502 while the model gpt-4.1-mini was answering.',
];
let text = '';
while (text.length < 1_000_000) text += `${lines[text.length % lines.length]} `;
// Param-sized strings without digits, `@`, `=` or `:`: what most free text looks like.
const plain = [lines[0], lines[5]].join(' ').repeat(6000).slice(0, 1_000_000).split('. ');
const plainBytes = plain.reduce((n, s) => n + s.length, 0);
const mb = text.length / 1e6;
const tScrub = await measure(() => scrubPii(text), { runs: 7, warmup: 2 });
const tPlain = await measure(() => plain.map(scrubPii), { runs: 7, warmup: 2 });
table('(c) scrubPii throughput', [
  ['input', 'size', 'time', 'throughput'],
  ['mixed text (1 line in 2 with PII)', `${mb.toFixed(2)} MB`, `${tScrub.toFixed(1)} ms`, `${(mb / (tScrub / 1000)).toFixed(1)} MB/s`],
  ['plain sentences, one call each (prefilter only)', `${(plainBytes / 1e6).toFixed(2)} MB`, `${tPlain.toFixed(1)} ms`, `${(plainBytes / 1e6 / (tPlain / 1000)).toFixed(1)} MB/s`],
]);
tracker.shutdown();
