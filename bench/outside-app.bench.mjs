// What Taxon costs a third-party app: the gzip bytes it adds to each route's first-load
// JavaScript in the outside-app fixture (a Next.js 15 App Router app, webpack), read from the
// build manifest, beside @next/third-parties' <GoogleAnalytics> added to the same app. Three
// production builds of one npm install made from the packed tarballs, outside the repository:
//   baseline   the fixture as committed (no analytics)
//   Taxon      `taxon init --yes`, its printed layout diff applied, `taxon gen` (no tracking calls)
//   GA         <GoogleAnalytics gaId="G-..."/> from @next/third-parties/google in the root layout
// Each build runs `next build`; run `pnpm bench` while holding /tmp/taxon-heavy.lock on a shared machine.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packAll } from '../scripts/pack.mjs';
import { installApp, nextBuild, printedDiff, resetSources, run, taxon } from '../test/outside-app/lib/outside-app.mjs';
import { table } from './lib.mjs';

const NEXT = '15.5.29';
const THIRD_PARTIES = '@next/third-parties@15.5.26';

/** Gzip bytes of each route's first-load JS: its page chunks plus the root layout's, each file once. */
function firstLoadBytes(dir) {
  const { pages } = JSON.parse(readFileSync(join(dir, '.next/app-build-manifest.json'), 'utf8'));
  const gz = new Map();
  const size = (file) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dir, '.next', file)), { level: 9 }).length);
    return gz.get(file);
  };
  const routes = new Map();
  for (const [entry, files] of Object.entries(pages)) {
    if (!entry.endsWith('/page') || entry.startsWith('/_')) continue;
    const route = entry === '/page' ? '/' : entry.slice(0, -'/page'.length);
    const all = new Set([...(pages['/layout'] ?? []), ...files].filter((f) => f.endsWith('.js')));
    routes.set(route, [...all].reduce((sum, f) => sum + size(f), 0));
  }
  return routes;
}

function build(dir, label) {
  console.log(`  next build: ${label}`);
  nextBuild(dir);
  return firstLoadBytes(dir);
}

const tarballs = packAll({ out: mkdtempSync(join(tmpdir(), 'taxon-bench-tarballs-')), build: false });
const dir = installApp({ tarballs, next: NEXT, extra: [THIRD_PARTIES], log: (line) => console.log(`  ${line}`) });

resetSources(dir);
const baseline = build(dir, 'baseline (no analytics)');

resetSources(dir);
const init = taxon(dir, ['init', '--yes']);
if (init.code !== 0) throw new Error(`taxon init failed:\n${init.stdout}${init.stderr}`);
run('patch', ['-p1'], { cwd: dir, input: printedDiff(init.stdout) });
if (taxon(dir, ['gen']).code !== 0) throw new Error('taxon gen failed');
const withTaxon = build(dir, 'Taxon (taxon init + layout diff)');

resetSources(dir);
const layout = join(dir, 'app/layout.tsx');
writeFileSync(layout, readFileSync(layout, 'utf8')
  .replace("import Link from 'next/link';", "import Link from 'next/link';\nimport { GoogleAnalytics } from '@next/third-parties/google';")
  .replace('      </body>', '        <GoogleAnalytics gaId="G-XXXXXXXXXX" />\n      </body>'));
const withGa = build(dir, '@next/third-parties <GoogleAnalytics>');
resetSources(dir);

const rows = [['route', 'baseline', '+ Taxon', '+ GoogleAnalytics', 'Taxon / GoogleAnalytics']];
for (const [route, base] of baseline) {
  const taxonAdds = withTaxon.get(route) - base;
  const gaAdds = withGa.get(route) - base;
  rows.push([route, `${base} B`, `${taxonAdds} B`, `${gaAdds} B`, `${(taxonAdds / gaAdds).toFixed(1)}x`]);
}
table(`Outside app (Next ${NEXT}, webpack): gzip bytes added to each route's first-load JS`, rows);
