import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiffCommand } from '../src/commands/diff.js';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');
const fixtures = join(repo, 'packages/taxonomy/test/diff-fixtures');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-diff-'));
  temps.push(dir);
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A project holding a fixture's base/ and head/ folders, and a config with `diff` settings. */
function fixtureProject(name: string, diff?: string): string {
  const dir = tempDir();
  cpSync(join(fixtures, name), dir, { recursive: true });
  writeFileSync(join(dir, 'taxon.config.mjs'), `export default { taxonomy: 'head'${diff ? `, diff: ${diff}` : ''} };\n`);
  return dir;
}

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, stdio: 'pipe' });

/** A git repository with the reference taxonomy committed, then a commit renaming checkout_started. */
function renameRepo(): string {
  const dir = tempDir();
  cpSync(join(repo, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
  writeFileSync(join(dir, 'taxon.config.mjs'), "export default { taxonomy: 'taxonomy' };\n");
  // App code that still sends the old name after the rename: the call site a reviewer must see.
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/analytics.ts'), 'export function trackEvent(name: string, params: Record<string, unknown>): void {\n  void name; void params;\n}\n');
  writeFileSync(join(dir, 'src/checkout.ts'), "import { trackEvent } from './analytics';\n\n" +
    "export function startCheckout(plan: 'pro' | 'team') {\n  trackEvent('checkout_started', { target_plan: plan, billing_interval: 'monthly' });\n}\n");
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  for (const file of ['taxonomy/events/monetization.yaml', 'taxonomy/funnels.yaml']) {
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('checkout_started', 'checkout_begun'));
  }
  git(dir, 'commit', '-qam', 'rename checkout_started');
  return dir;
}

describe('taxon diff <base> <head>', () => {
  it('prints the Markdown report and exits 1 when an error reaches the gate', async () => {
    const dir = fixtureProject('removed-without-deprecation');
    const { code, stdout } = await run(dir, 'diff', 'base', 'head');
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^\*\*taxon diff failed: 1 breaking change, 1 release problem/);
    expect(stdout).toContain('`plan_compared` was removed.');
    expect(stdout).toContain('At `base/taxonomy.yaml:40` in the base version.');
  });

  it('exits 0 for a breaking change released with a major bump, and 1 with --fail-on warn', async () => {
    const dir = fixtureProject('event-renamed');
    const passed = await run(dir, 'diff', 'base', 'head');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('`paywall_viewed` was renamed to `paywall_shown`.');
    expect((await run(dir, 'diff', 'base', 'head', '--fail-on', 'warn')).code).toBe(1);
  });

  it('prints JSON and GitHub annotations', async () => {
    const dir = fixtureProject('removed-without-deprecation');
    const json = await run(dir, 'diff', 'base', 'head', '--format', 'json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.changes.map((c: { rule: string }) => c.rule)).toEqual(['event-removed', 'removed-without-deprecation']);
    expect(json.stderr).toMatch(/^taxon diff failed/);
    const github = await run(dir, 'diff', 'base', 'head', '--format', 'github');
    expect(github.stdout.split('\n')[0]).toBe(
      '::warning file=base/taxonomy.yaml,line=40,col=3,title=taxon diff event-removed::plan_compared was removed. ' +
        'Code: Code that sends plan_compared no longer compiles against the generated types; remove those calls. ' +
        'Reports: plan_compared stops arriving from the deploy on: reports, audiences and conversions built on it go flat. ' +
        '(Position in the base version; removed in head.)',
    );
    expect(github.stdout).toContain('::error file=base/taxonomy.yaml,line=40,col=3,title=taxon diff removed-without-deprecation::');
  });

  it('applies severity overrides and the gate from taxon.config.mjs; --fail-on wins over the config', async () => {
    const lowered = fixtureProject('removed-without-deprecation', "{ rules: { 'removed-without-deprecation': 'warn', 'event-removed': 'off' } }");
    const result = await run(lowered, 'diff', 'base', 'head');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('`event-removed`');
    expect(result.stdout).toContain('**warn** `removed-without-deprecation`');

    const strict = fixtureProject('event-renamed', "{ failOn: 'warn' }");
    expect((await run(strict, 'diff', 'base', 'head')).code).toBe(1);
    expect((await run(strict, 'diff', 'base', 'head', '--fail-on', 'error')).code).toBe(0);
  });

  it('rejects an unknown rule in the config with a did-you-mean (exit 2)', async () => {
    const dir = fixtureProject('event-renamed', "{ rules: { 'event-renamd': 'off' } }");
    const { code, stderr } = await run(dir, 'diff', 'base', 'head');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown rule "event-renamd". Did you mean "event-renamed"?');
  });

  it('lists call sites from --coverage, and rejects a malformed index', async () => {
    const dir = fixtureProject('removed-without-deprecation');
    writeFileSync(join(dir, 'coverage.json'), JSON.stringify({ plan_compared: [{ file: 'src/plans.tsx', line: 7 }] }));
    const { code, stdout } = await run(dir, 'diff', 'base', 'head', '--coverage', 'coverage.json');
    expect(code).toBe(1);
    expect(stdout).toContain('  - Call sites: `src/plans.tsx:7` (plan_compared)');
    // The whole output of `taxon coverage --format json` works too: its callSites are the index.
    writeFileSync(join(dir, 'report.json'), JSON.stringify({ taxonomy: { name: 'shop' }, callSites: { plan_compared: [{ file: 'src/b.ts', line: 9 }] }, calls: [] }));
    expect((await run(dir, 'diff', 'base', 'head', '--coverage', 'report.json')).stdout).toContain('`src/b.ts:9` (plan_compared)');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ plan_compared: [{ file: 'src/plans.tsx' }] }));
    const bad = await run(dir, 'diff', 'base', 'head', '--coverage', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the call sites of "plan_compared" are not a list of { file, line }');
  });

  it('uses the coverage hook when one is provided and no --coverage is given', async () => {
    const dir = fixtureProject('removed-without-deprecation');
    const seen: string[] = [];
    const command = createDiffCommand({
      coverageIndex: (_config, head) => {
        seen.push(head.name);
        return { plan_compared: [{ file: 'src/hooked.ts', line: 2 }] };
      },
    });
    let stdout = '';
    const io: CliIO = { cwd: dir, color: false, stdout: (t) => (stdout += t), stderr: () => {} };
    const { findConfig } = await import('../src/config.js');
    const code = await command.run(io, { values: {}, positionals: ['base', 'head'] }, await findConfig(dir));
    expect(code).toBe(1);
    expect(seen).toEqual(['shop']);
    expect(stdout).toContain('`src/hooked.ts:2` (plan_compared)');

    // A failing index leaves the report intact, without call sites, and says why on stderr.
    const failing = createDiffCommand({ coverageIndex: () => { throw new Error('no sources'); } });
    let out = '';
    let err = '';
    const io2: CliIO = { cwd: dir, color: false, stdout: (t) => (out += t), stderr: (t) => (err += t) };
    expect(await failing.run(io2, { values: {}, positionals: ['base', 'head'] }, await findConfig(dir))).toBe(1);
    expect(out).toContain('`plan_compared` was removed.');
    expect(err).toBe('taxon diff: call sites not listed, the coverage index failed: no sources\n');
  });

  it('refuses to compare a side with lint errors, naming the side, and exits 1', async () => {
    const dir = fixtureProject('event-renamed');
    writeFileSync(join(dir, 'head/extra.yaml'), 'events:\n  SignupStarted:\n    description: Bad name.\n    owner: client\n');
    const { code, stdout, stderr } = await run(dir, 'diff', 'base', 'head');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('head/extra.yaml:2:3  error  naming/snake-case');
    expect(stderr).toContain('the head taxonomy (head) has 1 lint error, so it cannot be compared');
  });

  it('exits 2 on usage and I/O errors', async () => {
    const dir = fixtureProject('event-renamed');
    const cases: [string[], RegExp][] = [
      [['diff', 'base'], /Expected two taxonomy folders/],
      [['diff', 'base', 'head', '--base', 'HEAD'], /not both/],
      [['diff', 'base', 'head', '--format', 'xml'], /Expected markdown, json or github/],
      [['diff', 'base', 'head', '--fail-on', 'info'], /Expected error or warn/],
      [['diff', 'base', 'nowhere'], /Taxonomy folder not found/],
      [['diff', 'base', 'head', '--coverage', 'missing.json'], /Cannot read the coverage index missing.json/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(dir, ...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('lists every diff rule with its severity in --help', async () => {
    const { code, stdout } = await run(repo, 'diff', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/breaking-without-major-bump\s+error\s+Breaking changes need a major version bump/);
    expect(stdout).toMatch(/enum-value-added\s+info/);
  });
});

describe('taxon diff --base <git-ref>', () => {
  it('reads the base from git and reports the renamed funnel event as a suspected rename (exit 1)', async () => {
    const dir = renameRepo();
    const { code, stdout } = await run(dir, 'diff', '--base', 'HEAD~1');
    expect(code).toBe(1);
    expect(stdout).toContain('1.0.0 (HEAD~1) → 1.0.0 (working tree)');
    expect(stdout).toContain('`event-rename-suspected`');
    expect(stdout).toContain('Funnels: the `monetization` funnel, step 3 of 4');
    // Found by `taxon coverage` without --coverage: the code still sends the old name.
    expect(stdout).toContain('Call sites: `src/checkout.ts:4` (checkout_started)');
    expect(stdout).toContain('At `taxonomy/events/monetization.yaml:16` in the base version.');
    expect(stdout).toContain('`breaking-without-major-bump`');
    // docs/pr-review.md pastes this very report; it must stay what the command prints.
    expect(readFileSync(join(repo, 'docs/pr-review.md'), 'utf8')).toContain(`---\n\n${stdout.trimEnd()}\n\n---`);
  });

  it('refuses (exit 2) while the generated code is older than the taxonomy; after `taxon gen` lists the call site', async () => {
    // The coverage fixture: typed tracker calls, recognised through the generated types.
    const dir = tempDir();
    cpSync(join(repo, 'packages/cli/test/fixtures/coverage-workspace'), dir, { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    // Edit, then review: the YAML is renamed, `taxon gen` has not run yet.
    for (const file of ['taxonomy/events.yaml', 'taxonomy/funnels.yaml']) {
      writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('landing_viewed', 'landing_page_viewed'));
    }
    const stale = await run(dir, 'diff', '--base', 'HEAD');
    expect(stale.stdout).toBe('');
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('generated code is stale: run `taxon gen`');
    expect((await run(dir, 'gen')).code).toBe(0);
    const { code, stdout } = await run(dir, 'diff', '--base', 'HEAD');
    expect(code).toBe(1);
    expect(stdout).toContain('`event-rename-suspected`');
    expect(stdout).toContain('Call sites: `packages/app/src/landing.ts:4` (landing_viewed)');
  });

  it('indexes the sources only when the head side is the configured taxonomy', async () => {
    const dir = tempDir();
    cpSync(join(repo, 'packages/cli/test/fixtures/coverage-workspace'), dir, { recursive: true });
    cpSync(join(dir, 'taxonomy'), join(dir, 'old'), { recursive: true });
    cpSync(join(dir, 'taxonomy'), join(dir, 'other'), { recursive: true });
    for (const file of ['other/events.yaml', 'other/funnels.yaml']) {
      writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('landing_viewed', 'landing_page_viewed'));
    }
    // Two folders unrelated to the working tree's generated code: a report, without call sites.
    const unrelated = await run(dir, 'diff', 'old', 'other');
    expect(unrelated.code).toBe(1);
    expect(unrelated.stdout).toContain('`event-rename-suspected`');
    expect(unrelated.stdout).toContain('Call sites are not listed');
    // The configured folder as head: its sources are indexed (and the generated code is current).
    const configured = await run(dir, 'diff', 'other', 'taxonomy');
    expect(configured.stderr).toBe('');
    expect(configured.stdout).toContain('Call sites: `packages/app/src/landing.ts:4` (landing_viewed)');
  });

  it('refuses an oversized file of the base ref from its size in git, as a lint finding of the base (exit 1)', async () => {
    const dir = tempDir();
    cpSync(join(repo, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
    writeFileSync(join(dir, 'taxon.config.mjs'), "export default { taxonomy: 'taxonomy' };\n");
    writeFileSync(join(dir, 'taxonomy/big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base with a big file');
    rmSync(join(dir, 'taxonomy/big.yaml'));
    const { code, stderr } = await run(dir, 'diff', '--base', 'HEAD');
    expect(stderr).toContain('taxonomy/big.yaml:1:1  error  file/too-large');
    expect(stderr).toContain('the base taxonomy (HEAD) has 1 lint error');
    expect(code).toBe(1);
  });

  it('sees uncommitted edits of the working tree, from a subfolder too', async () => {
    const dir = renameRepo();
    const file = join(dir, 'taxonomy/events/monetization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  checkout_begun:\n', '  checkout_begun:\n    renamed_from: checkout_started\n'));
    const manifest = join(dir, 'taxonomy/taxonomy.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 1.0.0', 'version: 2.0.0'));
    mkdirSync(join(dir, 'src'), { recursive: true });
    const { code, stdout } = await run(join(dir, 'src'), 'diff', '--base', 'HEAD~1');
    expect(stdout).toContain('`checkout_started` was renamed to `checkout_begun`.');
    expect(stdout).toContain('Where: `../taxonomy/events/monetization.yaml:16`');
    expect(code).toBe(0);
    // Against HEAD the event already had its new name: the added renamed_from is history, not a change.
    expect((await run(dir, 'diff', '--base', 'HEAD')).stdout).toContain('taxon diff passed: no changes between HEAD and working tree.');
  });

  it('exits 2 for an unknown ref, outside a repository, and when the ref has no taxonomy', async () => {
    const dir = renameRepo();
    const unknown = await run(dir, 'diff', '--base', 'origin/nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('git ref "origin/nope" not found');
    expect(unknown.stderr).toContain('fetch-depth: 0');
    const option = await run(dir, 'diff', '--base=--output=/tmp/x');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('"--output=/tmp/x" is not a git ref');

    const plain = tempDir();
    cpSync(join(repo, 'taxonomy'), join(plain, 'taxonomy'), { recursive: true });
    writeFileSync(join(plain, 'taxon.config.mjs'), "export default { taxonomy: 'taxonomy' };\n");
    const outside = await run(plain, 'diff', '--base', 'HEAD');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--base needs a git repository');

    writeFileSync(join(dir, 'README.md'), 'x');
    git(dir, 'add', 'README.md');
    git(dir, 'commit', '-qm', 'readme');
    git(dir, 'checkout', '-q', '--orphan', 'empty');
    git(dir, 'rm', '-rq', '--cached', 'taxonomy');
    git(dir, 'commit', '-qm', 'no taxonomy');
    const none = await run(dir, 'diff', '--base', 'empty');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No taxonomy at taxonomy in empty');
  });

  it('runs through the built binary (pnpm --filter @taxon/cli build)', () => {
    const dir = renameRepo();
    const result = spawnSync(process.execPath, [bin, 'diff', '--base', 'HEAD~1'], { cwd: dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe(
      '**taxon diff failed: 1 breaking change, 2 release problems, 0 additions, 0 cosmetic changes (2 errors, 1 warning; gate: --fail-on error).**',
    );
  });
});
