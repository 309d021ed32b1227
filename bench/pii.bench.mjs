// PII scrubber: recall on packages/core/test/corpus/pii.tsv (the personal part gone whole),
// false-positive rate on safe.txt (any change), throughput against baselines measured in the same
// run (a plain String.prototype.replace of an email pattern, JSON.stringify of the same strings),
// and the browser cost: esbuild minified ESM of core's scrubPii + scrubUrl and of scrubPii alone, gzip -9.
// `PII_BASELINE_REF=<git ref> pnpm bench` adds the scrubber at that ref (e.g. main) as a column.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measure, ratio, table } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = (name) =>
  readFileSync(join(root, 'packages/core/test/corpus', name), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
const safe = corpus('safe.txt');
const pii = corpus('pii.tsv').map((line) => {
  const [country, kind, text, personal] = line.replaceAll('\\n', '\n').split('\t');
  return { country, kind, text, personal };
});
const all = [...safe, ...pii.map((p) => p.text)];

// Minified ESM for the browser of `contents` (imports relative to a source tree).
async function bundleOf(srcDir, contents) {
  const result = await build({
    stdin: { contents, resolveDir: srcDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

// Bundles the scrubber of a source tree and loads it; also weighs scrubPii on its own.
async function scrubberOf(srcDir, label) {
  const code = await bundleOf(srcDir, "export { scrubPii } from './scrub.ts'; export { scrubUrl } from './scrub-url.ts';");
  const alone = await bundleOf(srcDir, "export { scrubPii } from './scrub.ts';");
  const dir = mkdtempSync(join(tmpdir(), 'taxon-pii-'));
  const file = join(dir, 'scrub.mjs');
  writeFileSync(file, code);
  const mod = await import(pathToFileURL(file).href);
  rmSync(dir, { recursive: true, force: true });
  const gzip = (bytes) => gzipSync(bytes, { level: 9 }).byteLength;
  return { label, ...mod, bytes: code.byteLength, gzip: gzip(code), aloneBytes: alone.byteLength, aloneGzip: gzip(alone) };
}

const pieces = (personal) => personal.match(/[\p{L}\p{N}]{4,}/gu) ?? [];
const removed = (scrub, { text, personal }) => {
  const out = scrub(text);
  return ![personal, ...pieces(personal)].some((piece) => out.includes(piece));
};

const scrubbers = [await scrubberOf(join(root, 'packages/core/src'), 'this branch')];
const baseRef = process.env.PII_BASELINE_REF;
if (baseRef) {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-pii-base-'));
  const tar = execFileSync('git', ['-C', root, 'archive', baseRef, 'packages/core/src']);
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  scrubbers.push(await scrubberOf(join(dir, 'packages/core/src'), baseRef));
  rmSync(dir, { recursive: true, force: true });
}

const kinds = [...new Set(pii.map((p) => p.kind))].sort();
const pct = (n, d) => `${((n / d) * 100).toFixed(1)}%`;
table(`PII recall by class (${pii.length} strings, ${new Set(pii.map((p) => p.country)).size} countries; personal part gone whole)`, [
  ['class', 'strings', ...scrubbers.map((s) => s.label)],
  ...kinds.map((kind) => {
    const rows = pii.filter((p) => p.kind === kind);
    return [kind, rows.length, ...scrubbers.map((s) => pct(rows.filter((r) => removed(s.scrubPii, r)).length, rows.length))];
  }),
  ['all', pii.length, ...scrubbers.map((s) => pct(pii.filter((r) => removed(s.scrubPii, r)).length, pii.length))],
]);
table(`False positives (${safe.length} safe values that must stay unchanged)`, [
  ['scrubber', 'changed', 'rate', 'examples'],
  ...scrubbers.map((s) => {
    const changed = safe.filter((v) => s.scrubPii(v) !== v);
    return [s.label, changed.length, pct(changed.length, safe.length), changed.slice(0, 3).map((v) => JSON.stringify(v).slice(0, 40)).join(' ')];
  }),
]);

// Throughput over the whole corpus (safe and PII strings alike), repeated to a measurable size.
const REPEAT = 50;
const inputs = Array.from({ length: REPEAT }, () => all).flat();
let sink = 0;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const contenders = [
  { name: 'baseline: String.prototype.replace (one email pattern)', fn: (s) => s.replace(EMAIL, '[email]'), baseline: true },
  { name: 'baseline: JSON.stringify', fn: (s) => JSON.stringify(s) },
  ...scrubbers.map((s) => ({ name: `scrubPii (${s.label})`, fn: s.scrubPii })),
];
for (const c of contenders) {
  c.ms = await measure(() => {
    for (const s of inputs) sink += c.fn(s).length;
  });
}
const base = contenders.find((c) => c.baseline);
table(`Throughput (${inputs.length} strings, median of 7 runs)`, [
  ['contender', 'strings/s', 'time vs replace baseline'],
  ...contenders.map((c) => [c.name, Math.round(inputs.length / (c.ms / 1000)).toLocaleString('en-US'), ratio(c.ms, base.ms)]),
]);
table('Browser cost (esbuild, minified ESM, gzip -9)', [
  ['scrubber', 'scrubPii + scrubUrl', 'gzip', 'scrubPii alone', 'gzip'],
  ...scrubbers.map((s) => [s.label, `${s.bytes} B`, `${s.gzip} B`, `${s.aloneBytes} B`, `${s.aloneGzip} B`]),
]);
if (sink < 0) console.log(sink);
