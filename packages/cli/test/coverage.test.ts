import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { lintTaxonomy, loadTaxonomySources } from '@taxon/taxonomy';
import { coverageCallSites } from '../src/commands/coverage.js';
import { findConfig } from '../src/config.js';
import type { CoverageReport } from '../src/coverage/coverage-report.js';
import { createSideOf } from '../src/coverage/file-side.js';
import { globToRegExp } from '../src/coverage/lib/glob.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const fixture = fileURLToPath(new URL('./fixtures/coverage-workspace', import.meta.url));
const temps: string[] = [];

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function report(cwd: string, ...extra: string[]): Promise<{ code: number; report: CoverageReport }> {
  const result = await run(cwd, 'coverage', '--format', 'json', ...extra);
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) as CoverageReport };
}

/** A copy of the fixture workspace with extra or replaced files. */
function variant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-coverage-'));
  temps.push(dir);
  cpSync(fixture, dir, { recursive: true });
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('taxon coverage on the fixture workspace', () => {
  it('indexes every emission with file:line, through wrappers, re-exports and packages', async () => {
    const { report: r } = await report(fixture);
    expect(r.callSites).toEqual({
      checkout_completed: [{ file: 'packages/api/app/api/checkout/route.ts', line: 6 }],
      generation_completed: [{ file: 'packages/api/app/api/generate/route.ts', line: 4 }],
      // The browser's handle.fail() of this server-owned terminal sends nothing, so it is not a site.
      generation_failed: [{ file: 'packages/api/app/api/generate/route.ts', line: 4 }],
      generation_started: [{ file: 'packages/app/src/generate.ts', line: 4 }],
      landing_viewed: [{ file: 'packages/app/src/landing.ts', line: 4 }],
      paywall_viewed: [
        { file: 'packages/app/src/paywall.ts', line: 5 },
        { file: 'packages/app/src/paywall.ts', line: 14 },
      ],
      signup_completed: [
        { file: 'packages/app/src/signup.ts', line: 8 },
        { file: 'packages/app/src/signup.ts', line: 15 },
      ],
      signup_failed: [{ file: 'packages/app/src/signup.ts', line: 9 }],
      signup_started: [{ file: 'packages/app/src/signup.ts', line: 4 }],
      upgrade_clicked: [
        { file: 'packages/app/src/paywall.ts', line: 9 },
        { file: 'packages/app/src/paywall.ts', line: 14 },
      ],
    });
  });

  it('says how each call was recognised, including the wrapper chain across packages', async () => {
    const { report: r } = await report(fixture);
    const via = (event: string) => r.calls.filter((c) => c.event === event).map((c) => c.via);
    expect(via('landing_viewed')).toEqual(['track (packages/analytics/src/wrappers.ts:5) -> tracker.trackEvent']);
    expect(via('signup_started')).toEqual([
      'trackSignupStep (packages/analytics/src/wrappers.ts:12) -> track (packages/analytics/src/wrappers.ts:5) -> tracker.trackEvent',
    ]);
    expect(via('paywall_viewed')).toEqual(['trackEvent', 'tracker.trackEvent']);
    expect(via('checkout_completed')).toEqual(['mp.send']);
    expect(via('generation_started')).toEqual(['startGeneration']);
    expect(via('generation_completed')).toEqual(['instrumentGeneration']);
    // fail() of a handle whose terminal is server-owned emits nothing (the server sends it).
    expect(r.calls.find((c) => c.file === 'packages/app/src/generate.ts' && c.event === 'generation_failed')).toBeUndefined();
    // A handle kept in a ref: the stem comes from its type, LifecycleHandle<'signup'>.
    expect(r.calls.find((c) => c.line === 15 && c.event === 'signup_completed')?.via).toBe('complete of a lifecycle handle');
  });

  it('does not count functions that merely take an EventName, nor typed non-emitters named send', async () => {
    const { report: r } = await report(fixture);
    // isClientEvent('refund_processed') and res.send('checkout_completed') are not emissions.
    expect(r.callSites.refund_processed).toBeUndefined();
    expect(r.callSites.checkout_completed).toHaveLength(1);
  });

  it('lists bypasses with their location, except in allowBypass files', async () => {
    const { report: r } = await report(fixture);
    expect(r.bypasses).toEqual([
      { file: 'packages/app/src/legacy.ts', line: 7, column: 3, call: 'gtag', callee: 'gtag' },
      { file: 'packages/app/src/legacy.ts', line: 8, column: 3, call: 'dataLayer.push', callee: 'dataLayer.push' },
      { file: 'packages/app/src/legacy.ts', line: 9, column: 3, call: 'dataLayer.push', callee: 'window.dataLayer.push' },
      { file: 'packages/app/src/legacy.ts', line: 10, column: 3, call: 'sendGAEvent', callee: 'sendGa' },
    ]);
  });

  it('reports a name typed as the whole EventName as dynamic, never guessed', async () => {
    const { report: r } = await report(fixture);
    expect(r.dynamic).toEqual([
      {
        file: 'packages/app/src/dynamic.ts',
        line: 6,
        column: 3,
        side: 'client',
        call: 'tracker.trackEvent(name, {} as never)',
        type: 'keyof EventMap',
      },
    ]);
  });

  it('splits unused events by side and exits 1 for the funnel step never emitted', async () => {
    const { code, report: r } = await report(fixture);
    expect(r.unused).toEqual({ client: ['onboarding_completed', 'help_opened'], server: ['refund_processed'] });
    expect(r.missingFunnelSteps).toEqual([{ funnel: 'activation', step: 'onboarding_completed', owner: 'client' }]);
    expect(r.files).toEqual({ client: 7, server: 2, shared: 5 });
    expect(code).toBe(1);
  });

  it('prints a report for people naming the missing step, the bypasses and the dynamic call', async () => {
    const { code, stdout } = await run(fixture, 'coverage');
    expect(code).toBe(1);
    expect(stdout).toContain('activation: onboarding_completed (client event, not emitted in client code)');
    expect(stdout).toContain('client (looked for in client and shared code): onboarding_completed, help_opened');
    expect(stdout).toContain('packages/app/src/legacy.ts:9:3  window.dataLayer.push(...)  (dataLayer.push)');
    expect(stdout).toContain('packages/app/src/dynamic.ts:6:3  tracker.trackEvent(name, {} as never)  (name typed keyof EventMap)');
    expect(stdout).toMatch(/10\/13 events emitted; 1 missing funnel step, 0 unknown event names, 3 unused events, 1 dynamic name, 4 bypasses/);
  });

  it('gives taxon diff the same call-site index as --format json', async () => {
    const config = await findConfig(fixture);
    const { taxonomy } = lintTaxonomy(await loadTaxonomySources(join(fixture, 'taxonomy'), fixture));
    const { report: r } = await report(fixture);
    expect(await coverageCallSites(config, taxonomy)).toEqual(r.callSites);
  });

  it('prints GitHub annotations: errors on the funnel definition, warnings on unused definitions and calls', async () => {
    const { code, stdout } = await run(fixture, 'coverage', '--format', 'github');
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('::error file=taxonomy/funnels.yaml,line=2,title=taxon coverage::Funnel activation: step onboarding_completed is never emitted in client code.');
    expect(lines).toContain('::warning file=taxonomy/events.yaml,line=27,title=taxon coverage::help_opened (client) is defined but never emitted in client code.');
    expect(lines).toContain('::warning file=packages/app/src/legacy.ts,line=10,col=3,title=taxon coverage::sendGa() sends to analytics past the taxonomy (sendGAEvent). Use the typed trackEvent.');
    expect(lines).toHaveLength(1 + 3 + 1 + 4);
  });
});

describe('generated code older than the taxonomy', () => {
  /** The fixture with landing_viewed renamed in the YAML only, before `taxon gen`: edit, then review. */
  const renamedInYamlOnly = () =>
    variant(Object.fromEntries(['taxonomy/events.yaml', 'taxonomy/funnels.yaml'].map((file) => [
      file,
      readFileSync(join(fixture, file), 'utf8').replaceAll('landing_viewed', 'landing_page_viewed'),
    ])));

  it('refuses with exit 2 and names the events that differ, instead of reporting the typed calls as missing', async () => {
    const dir = renamedInYamlOnly();
    const { code, stdout, stderr } = await run(dir, 'coverage');
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(stderr).toContain('generated code is stale: run `taxon gen`');
    expect(stderr).toContain('in the taxonomy only: landing_page_viewed; in generated/ only: landing_viewed');
  });

  it('after `taxon gen`, reports the call that still sends the old name as unknown (exit 1), every other emission kept', async () => {
    const dir = renamedInYamlOnly();
    expect((await run(dir, 'gen')).code).toBe(0);
    const { code, report: r } = await report(dir);
    expect(code).toBe(1);
    expect(r.unknown).toEqual([expect.objectContaining({ event: 'landing_viewed', file: 'packages/app/src/landing.ts', line: 4 })]);
    const { report: before } = await report(fixture);
    const { landing_viewed: _renamed, ...others } = before.callSites;
    expect(r.callSites).toEqual(others);
  });
});

describe('taxon coverage exit policy and configuration', () => {
  const onboarding = {
    'packages/app/src/onboarding.ts': "import { track } from '@shop/analytics';\n\nexport const done = () => track('onboarding_completed', {});\n",
  };

  it('exits 0 once every funnel step is emitted, and 1 with --strict while warnings remain', async () => {
    const dir = variant(onboarding);
    const { code, report: r } = await report(dir);
    expect(r.missingFunnelSteps).toEqual([]);
    expect(r.callSites.onboarding_completed).toEqual([{ file: 'packages/app/src/onboarding.ts', line: 3 }]);
    expect(code).toBe(0);
    expect((await run(dir, 'coverage', '--strict')).code).toBe(1);
  });

  it('a client event emitted only from server code is still unused on the client, and noted', async () => {
    const dir = variant({
      'packages/api/app/api/help/route.ts': "import { track } from '@shop/analytics';\n\nexport function GET() {\n  track('help_opened', {});\n}\n",
    });
    const { report: r } = await report(dir);
    expect(r.unused.client).toContain('help_opened');
    expect(r.wrongSide).toEqual([
      { event: 'help_opened', owner: 'client', sites: [{ file: 'packages/api/app/api/help/route.ts', line: 4 }] },
    ]);
  });

  const elsewhereConfig = (elsewhere: string) => `export default {
  taxonomy: 'taxonomy', outDir: 'generated', docs: 'generated/tracking-plan.md',
  coverage: { client: ['packages/app/**'], allowBypass: ['packages/app/src/**'], emittedElsewhere: ${elsewhere} },
};\n`;

  it('lists events explained by emittedElsewhere with their reason, not as unused; a funnel step too', async () => {
    const dir = variant({
      'taxon.config.mjs': elsewhereConfig("{ help_opened: 'the help widget, a third-party iframe', " +
        "refund_processed: 'billing-service, on Stripe charge.refunded', onboarding_completed: 'the mobile app' }"),
      'packages/app/src/dynamic.ts': 'export {};\n',
    });
    const { code, report: r } = await report(dir);
    expect(r.unused).toEqual({ client: [], server: [] });
    expect(r.missingFunnelSteps).toEqual([]);
    expect(r.explained).toEqual([
      { event: 'onboarding_completed', reason: 'the mobile app' },
      { event: 'help_opened', reason: 'the help widget, a third-party iframe' },
      { event: 'refund_processed', reason: 'billing-service, on Stripe charge.refunded' },
    ]);
    expect(code).toBe(0);
    const text = await run(dir, 'coverage', '--strict');
    expect(text.stdout).toContain('Emitted elsewhere (coverage.emittedElsewhere):');
    expect(text.stdout).toMatch(/refund_processed {2,}billing-service, on Stripe charge.refunded/);
    expect(text.stdout).toContain('10/13 events emitted (3 more emitted elsewhere); 0 missing funnel steps');
    expect(text.code).toBe(0);
  });

  it('reports an emittedElsewhere entry for an event emitted here as stale (--strict exits 1), and an unknown one as a usage error', async () => {
    const stale = variant({
      'taxon.config.mjs': elsewhereConfig("{ landing_viewed: 'the marketing site' }"),
      'packages/app/src/dynamic.ts': 'export {};\n',
    });
    const { report: r } = await report(stale);
    expect(r.staleExplanations).toEqual([{ event: 'landing_viewed', sites: [{ file: 'packages/app/src/landing.ts', line: 4 }] }]);
    const text = await run(stale, 'coverage', '--strict');
    expect(text.stdout).toContain('Stale coverage.emittedElsewhere entries');
    expect(text.code).toBe(1);
    const unknown = await run(variant({ 'taxon.config.mjs': elsewhereConfig("{ landing_view: 'typo' }") }), 'coverage');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('coverage.emittedElsewhere names "landing_view", which is not an event of the taxonomy. Did you mean "landing_viewed"?');
    const bad = await run(variant({ 'taxon.config.mjs': elsewhereConfig("['help_opened']") }), 'coverage');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('coverage.emittedElsewhere must map event names to a reason');
  });

  it('uses configured emitters (name argument or fixed events) and reports unknown names (exit 1)', async () => {
    const dir = variant({
      ...onboarding,
      'taxon.config.mjs': `export default {
  taxonomy: 'taxonomy', outDir: 'generated', docs: 'generated/tracking-plan.md',
  coverage: {
    client: ['packages/app/**'],
    allowBypass: ['packages/app/src/**'],
    emitters: [{ name: 'logEvent', nameArgument: 1 }, { name: 'billing.refund', emits: ['refund_processed'] }],
  },
};\n`,
      'packages/api/src/jobs.ts': [
        'declare function logEvent(level: string, name: string): void;',
        'declare const billing: { refund(id: string): void };',
        "logEvent('info', 'help_opened');",
        "billing.refund('re_1');",
        "logEvent('info', 'help_openned');",
      ].join('\n'),
    });
    const { code, report: r } = await report(dir);
    expect(r.callSites.help_opened).toEqual([{ file: 'packages/api/src/jobs.ts', line: 3 }]);
    expect(r.callSites.refund_processed).toEqual([{ file: 'packages/api/src/jobs.ts', line: 4 }]);
    expect(r.unknown).toEqual([{ file: 'packages/api/src/jobs.ts', line: 5, column: 1, event: 'help_openned', call: "logEvent('info', 'help_openned')" }]);
    expect(r.bypasses).toEqual([]);
    expect(code).toBe(1);
  });

  it('falls back to callee names only when the type is unavailable', async () => {
    const dir = variant({
      ...onboarding,
      'packages/app/src/untyped.js': [
        "import { trackEvent, send } from 'some-untyped-sdk';",
        "trackEvent('help_opened');",
        "send('not an event');",
        'trackEvent(window.location.hash);',
      ].join('\n'),
    });
    const { report: r } = await report(dir);
    expect(r.callSites.help_opened).toEqual([{ file: 'packages/app/src/untyped.js', line: 2 }]);
    expect(r.unknown).toEqual([]);
    expect(r.dynamic.map((d) => `${d.file}:${d.line}`)).toEqual(['packages/app/src/dynamic.ts:6', 'packages/app/src/untyped.js:4']);
  });

  it('resolves packages through tsconfig paths when there is no workspace file', async () => {
    const dir = variant({
      'pnpm-workspace.yaml': 'packages: []\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true, paths: { '@shop/analytics': ['./packages/analytics/src/index.ts'] } },
      }),
    });
    const { report: r } = await report(dir);
    expect(r.callSites.landing_viewed).toEqual([{ file: 'packages/app/src/landing.ts', line: 4 }]);
    expect(r.callSites.signup_started).toEqual([{ file: 'packages/app/src/signup.ts', line: 4 }]);
  });

  it('without workspace file or paths, unresolved imports count only through the name fallback', async () => {
    const dir = variant({ 'pnpm-workspace.yaml': 'packages: []\n' });
    const { report: r } = await report(dir);
    // track('landing_viewed') from an unresolved module: untyped, so the fallback name `track` applies.
    expect(r.calls.filter((c) => c.event === 'landing_viewed').map((c) => c.via)).toEqual(['track']);
    // signupStep(...) is neither typed nor a fallback name: not counted, so the funnel step is missing.
    expect(r.callSites.signup_started).toBeUndefined();
    expect(r.missingFunnelSteps.map((m) => m.step)).toEqual(['signup_started', 'signup_completed', 'onboarding_completed']);
  });

  it('exits 2 when no source file matches', async () => {
    const dir = variant({ 'taxon.config.mjs': "export default { outDir: 'generated', coverage: { include: ['src/**/*.ts'] } };\n" });
    const result = await run(dir, 'coverage');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No source files to index under .* \(coverage\.include: src\/\*\*\/\*\.ts\)/);
  });

  it('rejects a bad coverage config with a usage error (exit 2)', async () => {
    const dir = variant({ 'taxon.config.mjs': "export default { outDir: 'generated', coverage: { clients: ['x'] } };\n" });
    const result = await run(dir, 'coverage');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown coverage option "clients"\. Expected: include, exclude, client, server/);
  });
});

describe('file sides and globs', () => {
  const sf = (text: string) => ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022);
  const sideOf = createSideOf({ client: ['apps/web/**'], server: ['apps/web/lib/stripe.ts'] });

  it('applies config globs, then directives, then folder conventions, else shared', () => {
    expect(sideOf('apps/web/lib/stripe.ts', sf("'use client';"))).toBe('server');
    expect(sideOf('apps/web/components/a.tsx', sf(''))).toBe('client');
    expect(sideOf('lib/a.ts', sf("'use client';\nexport {};"))).toBe('client');
    expect(sideOf('lib/b.ts', sf("'use server';"))).toBe('server');
    expect(sideOf('lib/c.ts', sf("import 'server-only';"))).toBe('server');
    expect(sideOf('apps/site/app/api/chat/route.ts', sf(''))).toBe('server');
    expect(sideOf('apps/site/app/checkout/route.ts', sf(''))).toBe('server');
    expect(sideOf('apps/site/pages/api/hook.ts', sf(''))).toBe('server');
    expect(sideOf('lib/d.ts', sf('export {};'))).toBe('shared');
  });

  it('matches **, *, ? and {a,b}; a bare pattern matches the file name at any depth', () => {
    expect(globToRegExp('packages/*/src/**').test('packages/web/src/a/b.ts')).toBe(true);
    expect(globToRegExp('packages/*/src/**').test('packages/web/test/a.ts')).toBe(false);
    expect(globToRegExp('**/*.{ts,tsx}').test('a.tsx')).toBe(true);
    expect(globToRegExp('*.test.ts').test('deep/x.test.ts')).toBe(true);
    expect(globToRegExp('src/?.ts').test('src/ab.ts')).toBe(false);
  });
});
