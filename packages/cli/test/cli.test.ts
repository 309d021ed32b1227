import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { main } from '../src/main.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const bin = join(repo, 'packages/cli/dist/bin.js');
const temps: string[] = [];

/** A throwaway project: the reference taxonomy (or `files`) and a config file. */
function project(files?: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxon-cli-'));
  temps.push(dir);
  if (files) {
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
  } else {
    cpSync(join(repo, 'taxonomy'), join(dir, 'taxonomy'), { recursive: true });
  }
  writeFileSync(join(dir, 'taxon.config.mjs'), "export default { taxonomy: 'taxonomy', outDir: 'src/taxon', docs: 'docs/plan.md' };\n");
  return dir;
}

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { cwd, color: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const manifest = 'taxonomy: t\nversion: 1.0.0\ndescription: Test.\n';
const broken = {
  'taxonomy/taxonomy.yaml': manifest,
  'taxonomy/events.yaml': [
    'events:',
    '  SignupStarted:',
    '    description: Sign-up form opened.',
    '    owner: client',
    '    requried: [plan]',
  ].join('\n'),
};

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('taxon lint', () => {
  it('passes on the reference taxonomy from the project root with no flags', async () => {
    const { code, stdout } = await run(repo, 'lint');
    // Every YAML file of the reference taxonomy is read (counted here, so adding one needs no edit).
    const yamlFiles = readdirSync(join(repo, 'taxonomy'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
    expect(stdout).toContain(`0 errors, 0 warnings in ${yamlFiles} files`);
    expect(code).toBe(0);
  });

  it('reports every finding of a run with file:line:column, and exits 1', async () => {
    const dir = project(broken);
    const { code, stdout } = await run(dir, 'lint');
    expect(code).toBe(1);
    expect(stdout).toContain('taxonomy/events.yaml:2:3  error  naming/snake-case');
    expect(stdout).toContain('taxonomy/events.yaml:5:5  error  schema/unknown-key');
    expect(stdout).toContain('did you mean "required"?');
    expect(stdout).toMatch(/Example: signup_started/);
  });

  it('prints findings as JSON with exactly the documented fields', async () => {
    const dir = project(broken);
    const { code, stdout } = await run(dir, 'lint', '--format', 'json');
    expect(code).toBe(1);
    const findings = JSON.parse(stdout) as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThanOrEqual(2);
    for (const f of findings) expect(Object.keys(f)).toEqual(['file', 'line', 'column', 'rule', 'severity', 'message']);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['naming/snake-case', 'schema/unknown-key']));
  });

  it('finds the config from a subfolder', async () => {
    const dir = project();
    mkdirSync(join(dir, 'src/deep'), { recursive: true });
    const { code } = await run(join(dir, 'src/deep'), 'lint');
    expect(code).toBe(0);
  });

  it('exits 2 with a clear message for a missing folder, a bad flag or an unknown command', async () => {
    const missing = await run(repo, 'lint', 'no-such-folder');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Taxonomy folder not found: .*no-such-folder/);
    const flag = await run(repo, 'lint', '--colour');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--colour/);
    const format = await run(repo, 'lint', '--format', 'xml');
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Expected text or json/);
    const command = await run(repo, 'lnt');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command "lnt"/);
  });
});

describe('taxon gen', () => {
  it('writes every output where the config says, then --check passes', async () => {
    const dir = project();
    const gen = await run(dir, 'gen');
    expect(gen.code).toBe(0);
    for (const f of ['index.ts', 'validators.js', 'validators.d.ts']) {
      expect(existsSync(join(dir, `src/taxon/${f}`))).toBe(true);
    }
    expect(readFileSync(join(dir, 'docs/plan.md'), 'utf8')).toMatch(/# Tracking plan: ai-writer 1\.0\.0/);
    expect((await run(dir, 'gen', '--check')).code).toBe(0);
  });

  it('--check fails naming the stale file when generated code was edited', async () => {
    const dir = project();
    await run(dir, 'gen');
    writeFileSync(join(dir, 'src/taxon/validators.js'), '// edited by hand\n');
    const check = await run(dir, 'gen', '--check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('src/taxon/validators.js');
    expect(check.stderr).not.toContain('src/taxon/index.ts');
  });

  it('--check fails after a taxonomy change until gen runs again', async () => {
    const dir = project();
    await run(dir, 'gen');
    const path = join(dir, 'taxonomy/params.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('values: [free, pro, enterprise]', 'values: [free, pro, team, enterprise]'));
    expect((await run(dir, 'gen', '--check')).code).toBe(1);
    await run(dir, 'gen');
    expect((await run(dir, 'gen', '--check')).code).toBe(0);
    expect(readFileSync(join(dir, 'src/taxon/index.ts'), 'utf8')).toMatch(/PlanType = .*["']team["']/);
  });

  it('writes nothing when the taxonomy has errors', async () => {
    const dir = project(broken);
    const gen = await run(dir, 'gen');
    expect(gen.code).toBe(1);
    expect(gen.stderr).toMatch(/Nothing was written/);
    expect(existsSync(join(dir, 'src'))).toBe(false);
    expect(existsSync(join(dir, 'docs'))).toBe(false);
  });

  it('taxon docs writes only the tracking plan', async () => {
    const dir = project();
    expect((await run(dir, 'docs')).code).toBe(0);
    expect(existsSync(join(dir, 'docs/plan.md'))).toBe(true);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });
});

describe('help', () => {
  it('lists the commands and each command explains its options', async () => {
    const top = await run(repo, '--help');
    expect(top.code).toBe(0);
    for (const c of ['lint', 'gen', 'docs', 'rules']) expect(top.stdout).toContain(`  ${c}`);
    for (const [c, option] of [['lint', '--format json'], ['gen', '--check'], ['docs', '--check'], ['rules', '--format']]) {
      const help = await run(repo, c!, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: taxon ${c}`);
      expect(help.stdout).toContain(option);
    }
  });

  it('taxon rules lists every rule id with its severity', async () => {
    const { code, stdout } = await run(repo, 'rules', '--format', 'json');
    expect(code).toBe(0);
    const ids = (JSON.parse(stdout) as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['naming/tense', 'privacy/pii', 'ga4/reserved-event', 'syntax/duplicate-key']));
  });
});

describe('the built binary on malformed input', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['binary garbage', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x00, 0x01]), 'file/binary'],
    ['an empty file', '', 'file/empty'],
    ['broken YAML', 'events:\n  a_started: [unclosed\n', 'syntax/yaml'],
    ['wrong types', 'events:\n  signup_started:\n    description: 42\n    owner: [client]\n', 'schema/invalid-value'],
    ['a 10 MB file', `# ${'x'.repeat(10 * 1024 * 1024)}\n`, 'file/too-large'],
  ];
  it.each(cases)('%s: clear finding, exit 1, no stack trace, nothing written', (_name, contents, rule) => {
    const dir = project({ 'taxonomy/taxonomy.yaml': manifest, 'taxonomy/bad.yaml': contents });
    const result = spawnSync(process.execPath, [bin, 'gen'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`taxonomy/bad.yaml:`);
    expect(result.stderr).toContain(rule);
    expect(result.stderr + result.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(existsSync(join(dir, 'src'))).toBe(false);
  });

  it('prints its version', () => {
    // The build takes it from package.json, so a release (changesets) moves it.
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });
});
