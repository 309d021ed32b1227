// Production bundle size of a Taxon integration beside @next/third-parties and react-ga4, each
// bundled the same way in this run: esbuild, minified ESM for the browser, production
// NODE_ENV, with the app's framework and optional peers external. Goals (issue 13): the Next.js
// integration as the README sets it up (runtime with the lifecycles and crossDomain features +
// React provider + RouteTracker + the reference taxonomy's data) <= 8,000 bytes gzip, and the
// lean setup (GA4 + consent + scrubbing + page views, no optional feature) <= 4,500.
// Taxon is bundled from the packages' built `dist/` (`pnpm bench` builds first). A second table
// prices each optional part (fixtures lean-*.ts[x]) as its increment over the lean setup.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { table } from './lib.mjs';

const BUDGET = 8000;
const LEAN_BUDGET = 4500;
const path = (p) => fileURLToPath(new URL(p, import.meta.url));
const fixture = (name) => path(`./fixtures/bundle/${name}`);

// What the app resolves `@taxon/*` to: the published entry points.
const dist = {
  '@taxon/web': path('../packages/web/dist/index.js'),
  '@taxon/react/next': path('../packages/react/dist/next.js'),
  '@taxon/react': path('../packages/react/dist/index.js'),
};
for (const file of Object.values(dist)) {
  if (!existsSync(file)) throw new Error(`bundle bench: ${file} is missing; run \`pnpm build\` first.`);
}
// The same from sources, for a per-file breakdown (dist files are one bundle per entry).
const sources = {
  '@taxon/core': path('../packages/core/src/index.ts'),
  '@taxon/web': path('../packages/web/src/index.ts'),
  '@taxon/react/next': path('../packages/react/src/next.ts'),
  '@taxon/react': path('../packages/react/src/index.ts'),
};

const entries = [
  { name: '@next/third-parties/google (GoogleAnalytics, sendGAEvent)', file: 'next-third-parties.tsx', baseline: true },
  { name: '  the same, ga.js module alone (perfect tree-shaking)', file: 'next-third-parties-ga-only.tsx' },
  { name: 'react-ga4 (initialize, send, event)', file: 'react-ga4.ts' },
  { name: 'Taxon runtime (createTracker, ga4, lifecycles, cross-domain, taxonomy)', file: 'taxon-web.ts' },
  { name: 'Taxon React (+ AnalyticsProvider, hooks)', file: 'taxon-react.tsx' },
  { name: 'Taxon Next (+ RouteTracker): the goal', file: 'taxon-next.tsx', goal: true },
  { name: 'Taxon lean (GA4, consent, scrubbing, page views)', file: 'taxon-lean.ts', lean: true },
  { name: '  generated taxonomy data alone (ai-writer: 25 events, app code)', file: 'taxonomy-data.ts' },
];

async function bundle(file, alias = dist) {
  const result = await build({
    entryPoints: [fixture(file)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react', 'react-dom', 'next', '@sentry/browser', 'web-vitals'],
    alias,
    outdir: path('./.bundle-out'),
  });
  const output = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const meta = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  return { bytes: output.contents.byteLength, gzip: gzipSync(output.contents, { level: 9 }).byteLength, meta };
}

const results = [];
for (const entry of entries) results.push({ ...entry, ...(await bundle(entry.file)) });
const base = results.find((r) => r.baseline);
const goal = results.find((r) => r.goal);
const lean = results.find((r) => r.lean);

const externals = 'react, react-dom, next, @sentry/browser, web-vitals';
table(`Production bundle (esbuild, minified ESM, gzip -9; external: ${externals})`, [
  ['bundle', 'minified', 'gzip', 'gzip vs @next/third-parties'],
  ...results.map((r) => [r.name, `${r.bytes} B`, `${r.gzip} B`, `${(r.gzip / base.gzip).toFixed(2)}x`]),
]);
const verdict = goal.gzip <= BUDGET ? 'met' : `NOT met, over by ${goal.gzip - BUDGET} B`;
console.log(`\nGoal: Taxon Next integration <= ${BUDGET} B gzip: ${goal.gzip} B, ${verdict}.`);
const leanVerdict = lean.gzip <= LEAN_BUDGET ? 'met' : `NOT met, over by ${lean.gzip - LEAN_BUDGET} B`;
console.log(`Goal: Taxon lean setup <= ${LEAN_BUDGET} B gzip: ${lean.gzip} B, ${leanVerdict}.`);

// What each optional part costs: the lean setup, then each opt-in added to it alone, bundled in
// this run. gzip is not additive (shared strings compress once), so increments of several parts
// together differ a little from the sum of their rows. The floors are what every setup ships.
const increments = [
  { name: '+ lifecycles()', file: 'lean-lifecycles.ts' },
  { name: '+ crossDomain()', file: 'lean-cross-domain.ts' },
  { name: '+ collector() destination, beside ga4()', file: 'lean-collector.ts' },
  { name: 'gtm() instead of ga4()', file: 'lean-gtm.ts' },
  { name: '+ sentryBridge (Sentry SDK external)', file: 'lean-sentry.ts' },
  { name: '+ React AnalyticsProvider, useTrackEvent', file: 'lean-react.tsx' },
  { name: '+ <RouteTracker /> (Next), over lean + React', file: 'lean-next.tsx', over: 'lean-react.tsx' },
];
const floors = [
  { name: 'PII and URL scrubbers alone (scrubPii, createUrlScrubber)', file: 'scrubber.ts' },
  { name: 'generated taxonomy data alone (ai-writer)', file: 'taxonomy-data.ts' },
];
const sizes = new Map(results.map((r) => [r.file, r]));
for (const { file } of [...increments, ...floors]) if (!sizes.has(file)) sizes.set(file, await bundle(file));
const delta = (n) => `${n >= 0 ? '+' : ''}${n} B`;
table(`Cost of each option on top of the lean setup (${lean.gzip} B gzip), gzip -9`, [
  ['option', 'bundle gzip', 'increment', 'over fixture'],
  ...increments.map(({ name, file, over = lean.file }) => {
    const gzip = sizes.get(file).gzip;
    return [name, `${gzip} B`, delta(gzip - sizes.get(over).gzip), over];
  }),
  ...floors.map(({ name, file }) => {
    const gzip = sizes.get(file).gzip;
    return [`floor: ${name}`, `${gzip} B`, `${((gzip / lean.gzip) * 100).toFixed(0)}% of lean`, ''];
  }),
]);
const floorBytes = floors.reduce((sum, { file }) => sum + sizes.get(file).gzip, 0);
console.log(`\nLean setup without its floors (the tracker, GA4 destination, consent, page views, wire builder): ~${lean.gzip - floorBytes} B gzip.`);

// Where the Taxon bytes come from: the same bundle built from sources, minified bytes per input
// file before gzip (gzip does not split by file; shares of minified bytes are a fair proxy).
const fromSources = await bundle(goal.file, sources);
const contributors = Object.entries(fromSources.meta.inputs)
  .map(([file, { bytesInOutput }]) => [file.replace(/^.*?(packages|generated|bench)\//, '$1/'), bytesInOutput])
  .filter(([, n]) => n > 0)
  .sort((a, b) => b[1] - a[1]);
const byArea = new Map();
for (const [file, n] of contributors) {
  const area = /^packages\/[^/]+/.exec(file)?.[0] ?? file.split('/')[0];
  byArea.set(area, (byArea.get(area) ?? 0) + n);
}
const share = (n) => `${((n / fromSources.bytes) * 100).toFixed(0)}%`;
table(`Taxon Next bundle by package, built from sources (${fromSources.bytes} B minified, ${fromSources.gzip} B gzip)`, [
  ['package', 'minified', 'share', '~gzip share'],
  ...[...byArea]
    .sort((a, b) => b[1] - a[1])
    .map(([area, n]) => [area, `${n} B`, share(n), `~${Math.round((n / fromSources.bytes) * fromSources.gzip)} B`]),
]);
table('Largest files in it (minified bytes before gzip)', [
  ['file', 'minified', 'share'],
  ...contributors.slice(0, 15).map(([file, n]) => [file, `${n} B`, share(n)]),
]);
