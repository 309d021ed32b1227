import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createInitCommand } from '../src/commands/init.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';
import { unifiedDiff } from '../src/init/unified-diff.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const next15Fixture = join(repo, 'test/outside-app/fixtures/next15-app');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway app tree from `files` (path -> contents), or a copy of a fixture folder. */
function app(files: Record<string, string> | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-init-'));
  temps.push(dir);
  if (typeof files === 'string') {
    cpSync(files, dir, { recursive: true });
    return dir;
  }
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Every file of the tree (but node_modules) with its contents and modification time. */
function snapshot(dir: string): Map<string, { text: string; mtime: number }> {
  const out = new Map<string, { text: string; mtime: number }>();
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, entry);
    if (entry.includes('node_modules') || !statSync(path).isFile()) continue;
    out.set(relative(dir, path), { text: readFileSync(path, 'utf8'), mtime: statSync(path).mtimeMs });
  }
  return out;
}

/** The unified diff `taxon init` printed, as printed. */
function printedDiff(stdout: string): string {
  const start = stdout.indexOf('--- a/');
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  return `${stdout.slice(start, stdout.indexOf('\nNext steps:'))}`;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

const tsconfig = (paths: Record<string, string[]>) => `{
  // comments and trailing commas, as create-next-app and Vite write them
  "compilerOptions": {
    "strict": true,
    "paths": ${JSON.stringify(paths)},
  },
}
`;

describe('taxon init', () => {
  it('wires a Next.js App Router app: starter taxonomy that lints clean, config, tracker, providers, and the layout edit as a diff', async () => {
    const dir = app(next15Fixture);
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    const layoutBefore = read(dir, 'app/layout.tsx');

    const { code, stdout } = await run(dir, 'init', '--yes');
    expect(code).toBe(0);
    expect(stdout).toContain('Next.js App Router app, no src/ folder, alias @/* -> ., npm, consent tool: none found');
    for (const path of ['taxonomy/taxonomy.yaml', 'taxonomy/events.yaml', 'taxonomy/params.yaml', 'taxonomy/funnels.yaml', 'taxon.config.mjs', 'lib/analytics.ts', 'app/taxon-providers.tsx']) {
      expect(stdout).toContain(`create  ${path}`);
      expect(existsSync(join(dir, path)), path).toBe(true);
    }
    // The layout itself is never edited: the edit is printed.
    expect(read(dir, 'app/layout.tsx')).toBe(layoutBefore);

    const lint = await run(dir, 'lint');
    expect(lint.stdout).toContain('0 errors, 0 warnings');
    expect(read(dir, 'taxonomy/taxonomy.yaml')).toContain('taxonomy: acme-notes');
    expect(read(dir, 'taxonomy/funnels.yaml')).toMatch(/upgrade:[\s\S]*pricing_viewed[\s\S]*plan_selected[\s\S]*checkout_started/);
    const gen = await run(dir, 'gen');
    expect(gen.code).toBe(0);
    expect(existsSync(join(dir, 'generated/taxon/index.ts'))).toBe(true);

    const tracker = read(dir, 'lib/analytics.ts');
    expect(tracker).toContain("from '../generated/taxon'");
    // No consent tool: the decision is explicit, analytics granted and ads denied.
    expect(tracker).toMatch(/CONSENT: analytics storage is granted by default/);
    expect(tracker).toContain("default: { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }");
    expect(tracker).not.toContain('validators');
    const providers = read(dir, 'app/taxon-providers.tsx');
    expect(providers.startsWith("'use client';")).toBe(true);
    expect(providers).toContain("import { tracker } from '@/lib/analytics';");
    expect(providers).toContain('<RouteTracker />');

    // The printed diff applies with patch(1) as printed, and wraps the page content.
    const diff = printedDiff(stdout);
    execFileSync('patch', ['-p1', '--silent'], { cwd: dir, input: diff });
    const layout = read(dir, 'app/layout.tsx');
    expect(layout).toContain("import { TaxonProviders } from './taxon-providers';");
    expect(layout).toContain('<main><TaxonProviders>{children}</TaxonProviders></main>');
    // The function's `{ children }` parameter is untouched.
    expect(layout).toContain('export default function RootLayout({ children }: { children: ReactNode })');
  });

  it('changes nothing when run twice, and says the layout is already wrapped', async () => {
    const dir = app(next15Fixture);
    const first = await run(dir, 'init', '--yes');
    execFileSync('patch', ['-p1', '--silent'], { cwd: dir, input: printedDiff(first.stdout) });
    const before = snapshot(dir);

    const second = await run(dir, 'init', '--yes');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to write: every file is already there.');
    expect(second.stdout).toContain('app/layout.tsx already wraps the app in <TaxonProviders>: nothing to edit.');
    expect(second.stdout).not.toContain('--- a/');
    expect(second.stdout).not.toMatch(/^\s+create\s/m);
    expect(snapshot(dir)).toEqual(before);
  });

  it('never overwrites: an existing tracker module is left alone and reported', async () => {
    const dir = app(next15Fixture);
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib/analytics.ts'), 'export const mine = true;\n');
    const { code, stdout } = await run(dir, 'init', '--yes');
    expect(code).toBe(0);
    expect(stdout).toMatch(/exists\s+lib\/analytics\.ts \(left alone\)/);
    expect(read(dir, 'lib/analytics.ts')).toBe('export const mine = true;\n');
    expect(existsSync(join(dir, 'app/taxon-providers.tsx'))).toBe(true);
  });

  it('does not add the starter to a taxonomy folder that already has one', async () => {
    const dir = app(next15Fixture);
    mkdirSync(join(dir, 'taxonomy'));
    writeFileSync(join(dir, 'taxonomy/mine.yaml'), 'taxonomy: mine\nversion: 1.0.0\n');
    const { stdout } = await run(dir, 'init', '--yes');
    expect(stdout).toMatch(/skip\s+taxonomy\/events\.yaml \(taxonomy\/ already holds a taxonomy\)/);
    expect(readdirSync(join(dir, 'taxonomy'))).toEqual(['mine.yaml']);
  });

  it('--dry-run prints the plan and the diff and writes nothing', async () => {
    const dir = app(next15Fixture);
    const before = snapshot(dir);
    const { code, stdout } = await run(dir, 'init', '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toContain('would create  lib/analytics.ts');
    expect(stdout).toContain('+        <main><TaxonProviders>{children}</TaxonProviders></main>');
    expect(snapshot(dir)).toEqual(before);
  });

  it('asks before writing; without a terminal it refuses and names --yes; a "no" writes nothing', async () => {
    const dir = app(next15Fixture);
    const before = snapshot(dir);
    const noTerminal = await run(dir, 'init');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('Pass --yes to write (CI), or --dry-run to see the plan.');
    expect(snapshot(dir)).toEqual(before);

    const questions: string[] = [];
    const declining = createInitCommand({ confirm: async (q) => (questions.push(q), false) });
    let out = '';
    const code = await declining.run({ cwd: dir, color: false, stdout: (t) => (out += t), stderr: () => {} }, { values: {}, positionals: [] }, undefined);
    expect(questions).toEqual(['Write 7 files?']);
    expect(code).toBe(1);
    expect(out).toContain('Nothing was written.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('detects a src/ layout, another alias, pnpm and a consent tool: tracker starts denied and names the tool', async () => {
    const dir = app({
      'package.json': JSON.stringify({ name: '@acme/Web App', dependencies: { next: '16.0.0', react: '19.0.0', 'vanilla-cookieconsent': '3.1.0' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'tsconfig.json': tsconfig({ '~/*': ['./src/*'] }),
      'src/app/layout.tsx': "export default function Layout({ children }: { children: React.ReactNode }) {\n  return (\n    <html>\n      <body>{children}</body>\n    </html>\n  );\n}\n",
    });
    const { code, stdout } = await run(dir, 'init', '--yes');
    expect(code).toBe(0);
    expect(stdout).toContain('Next.js App Router app, src/ layout, alias ~/* -> src, pnpm, consent tool: vanilla-cookieconsent');
    expect(read(dir, 'taxon.config.mjs')).toContain("outDir: 'src/generated/taxon'");
    expect(read(dir, 'taxon.config.mjs')).toContain("collector: { allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'] }");
    expect(read(dir, 'taxonomy/taxonomy.yaml')).toContain('taxonomy: web-app');
    const tracker = read(dir, 'src/lib/analytics.ts');
    expect(tracker).toContain("from '../generated/taxon'");
    expect(tracker).toContain('denied until your consent tool (vanilla-cookieconsent) says otherwise');
    expect(tracker).toContain("tracker.setConsent({ analytics_storage: 'granted' })");
    expect(tracker).toContain("default: { analytics_storage: 'denied'");
    expect(read(dir, 'src/app/taxon-providers.tsx')).toContain("import { tracker } from '~/lib/analytics';");
    expect(stdout).toContain('+      <body><TaxonProviders>{children}</TaxonProviders></body>');
    expect(stdout).toContain('pnpm add @taxon/web @taxon/react');
    expect(stdout).toContain('pnpm taxon gen');
    // --consent overrides the detected default.
    const other = app({ 'package.json': read(dir, 'package.json'), 'tsconfig.json': read(dir, 'tsconfig.json'), 'src/app/layout.tsx': read(dir, 'src/app/layout.tsx') });
    await run(other, 'init', '--yes', '--consent', 'granted');
    expect(read(other, 'src/lib/analytics.ts')).toContain("default: { analytics_storage: 'granted'");
    expect((await run(other, 'init', '--consent', 'maybe')).stderr).toContain('--consent "maybe" is not a choice. Expected granted or denied');
  });

  it('wires a Pages Router app through pages/_app without RouteTracker', async () => {
    const dir = app({
      'package.json': JSON.stringify({ name: 'pages-app', dependencies: { next: '15.5.0', react: '19.0.0' } }),
      'yarn.lock': '',
      'tsconfig.json': tsconfig({}),
      'pages/_app.tsx': "import type { AppProps } from 'next/app';\n\nexport default function App({ Component, pageProps }: AppProps) {\n  return <Component {...pageProps} />;\n}\n",
      'pages/index.tsx': 'export default function Home() { return <h1>Home</h1>; }\n',
    });
    const { code, stdout } = await run(dir, 'init', '--yes');
    expect(code).toBe(0);
    expect(stdout).toContain('Next.js Pages Router app, no src/ folder, no path alias, yarn');
    const providers = read(dir, 'components/taxon-providers.tsx');
    expect(providers).toContain("import { tracker } from '../lib/analytics';");
    expect(providers).not.toContain('RouteTracker');
    execFileSync('patch', ['-p1', '--silent'], { cwd: dir, input: printedDiff(stdout) });
    expect(read(dir, 'pages/_app.tsx')).toBe("import type { AppProps } from 'next/app';\nimport { TaxonProviders } from '../components/taxon-providers';\n\n" +
      'export default function App({ Component, pageProps }: AppProps) {\n  return <TaxonProviders><Component {...pageProps} /></TaxonProviders>;\n}\n');
  });

  it('wires a Vite React app through src/main with import.meta.env', async () => {
    const dir = app({
      'package.json': JSON.stringify({ name: 'vite-app', dependencies: { react: '19.0.0', 'react-dom': '19.0.0' }, devDependencies: { vite: '7.0.0' } }),
      'bun.lock': '',
      'tsconfig.json': tsconfig({ '@/*': ['./src/*'] }),
      'src/main.tsx': "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\nimport App from './App';\n\n" +
        "createRoot(document.getElementById('root')!).render(\n  <StrictMode>\n    <App />\n  </StrictMode>,\n);\n",
    });
    const { stdout } = await run(dir, 'init', '--yes');
    expect(stdout).toContain('Vite React app, src/ layout, alias @/* -> src, bun');
    expect(read(dir, 'src/lib/analytics.ts')).toContain('import.meta.env.VITE_TAXON_COLLECTOR_URL ?? (import.meta.env.PROD ? undefined');
    execFileSync('patch', ['-p1', '--silent'], { cwd: dir, input: printedDiff(stdout) });
    const main = read(dir, 'src/main.tsx');
    expect(main).toContain("import App from './App';\nimport { TaxonProviders } from '@/taxon-providers';\n");
    expect(main).toContain('<TaxonProviders><App /></TaxonProviders>');
  });

  it('refuses a folder that is not an app it knows, saying what it expected', async () => {
    const plain = app({ 'package.json': JSON.stringify({ name: 'lib', dependencies: { lodash: '4.0.0' } }), 'tsconfig.json': '{}' });
    const result = await run(plain, 'init', '--yes');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Found neither Next.js (next) nor Vite with React (vite and react) in package.json');
    const noTs = app({ 'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }), 'app/layout.tsx': '' });
    expect((await run(noTs, 'init', '--yes')).stderr).toContain('No tsconfig.json');
    expect(readdirSync(noTs).sort()).toEqual(['app', 'package.json']);
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context and line numbers that patch(1) applies', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line 2\ninserted\n').replace('line 15', 'line fifteen');
    const diff = unifiedDiff('f.txt', before, after);
    expect(diff).toBe('--- a/f.txt\n+++ b/f.txt\n@@ -1,5 +1,6 @@\n line 1\n line 2\n+inserted\n line 3\n line 4\n line 5\n' +
      '@@ -12,7 +13,7 @@\n line 12\n line 13\n line 14\n-line 15\n+line fifteen\n line 16\n line 17\n line 18\n');
    const dir = app({ 'f.txt': before });
    execFileSync('patch', ['-p1', '--silent'], { cwd: dir, input: diff });
    expect(read(dir, 'f.txt')).toBe(after);
    expect(unifiedDiff('f.txt', before, before)).toBe('');
  });
});
