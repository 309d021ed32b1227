/**
 * Hostile taxonomy entries (issue 12): special files, oversized files and YAML alias bombs are
 * findings at their path, never a hang or an "unexpected error". The CLI runs in a child process
 * with a timeout, so a regression (a blocking read of a pipe, an endless read of /dev/zero)
 * fails the test instead of hanging it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
// The built binary (pnpm --filter @taxon/cli build): a child process can be killed, a blocked read in-process cannot.
const bin = join(repo, 'packages/cli/dist/bin.js');
const validTaxonomy = join(repo, 'packages/cli/test/fixtures/coverage-workspace/taxonomy');
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project whose taxonomy/ folder is valid, plus `add(taxonomyDir)`'s entries. */
function project(add: (dir: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'taxon-lint-files-'));
  temps.push(root);
  cpSync(validTaxonomy, join(root, 'taxonomy'), { recursive: true });
  add(join(root, 'taxonomy'));
  return root;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

/** Runs `taxon lint --format json` in a child; fails (never hangs) if it does not exit within 20 s. */
function lint(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'lint', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(result.signal, `taxon lint did not exit: ${result.stderr}`).toBeNull();
  const findings = result.status === 2 ? [] : (JSON.parse(result.stdout) as JsonFinding[]);
  const at = findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`).sort();
  return { status: result.status, stderr: result.stderr, findings, at };
}

/** `a` expands to 9 nodes, `b` to 81 ... `i` to 9^9: a billion nodes from a few hundred bytes. */
function aliasBomb(): string {
  const names = 'abcdefghi';
  const lines = [`a: &a [${Array(9).fill('lol').join(', ')}]`];
  for (let i = 1; i < names.length; i++) {
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('taxon lint reads regular files only, with a size cap and bounded aliases', () => {
  it('refuses a named pipe, /dev/zero, /dev/urandom and a symlinked directory at their paths (exit 1)', () => {
    const root = project((dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
      symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
      symlinkSync('/dev/urandom', join(dir, 'random.yaml'));
      symlinkSync(tmpdir(), join(dir, 'folder.yaml'));
    });
    const { status, findings, at } = lint(root);
    expect(at).toEqual([
      'file/not-regular taxonomy/folder.yaml:1:1',
      'file/not-regular taxonomy/pipe.yaml:1:1',
      'file/not-regular taxonomy/random.yaml:1:1',
      'file/not-regular taxonomy/zero.yaml:1:1',
    ]);
    expect(findings.find((f) => f.file === 'taxonomy/pipe.yaml')!.message).toContain('a named pipe (FIFO), not a regular file');
    expect(findings.find((f) => f.file === 'taxonomy/zero.yaml')!.message).toContain('a character device');
    expect(status).toBe(1);
  });

  it('refuses a pipe given as the path argument, and a self-looping symlink, as findings', () => {
    const root = project((dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
      symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    });
    expect(lint(root, 'taxonomy/pipe.yaml')).toMatchObject({ status: 1, at: ['file/not-regular taxonomy/pipe.yaml:1:1'] });
    const loop = lint(root);
    expect(loop.at).toEqual(['file/not-regular taxonomy/pipe.yaml:1:1', 'file/unreadable taxonomy/loop.yaml:1:1']);
    expect(loop.findings.find((f) => f.file === 'taxonomy/loop.yaml')!.message).toContain('ELOOP');
  });

  it('refuses a 4 GiB file from its size, without reading it', () => {
    // Sparse: it takes no disk space, and reading it would take far longer than the timeout.
    const root = project((dir) => {
      writeFileSync(join(dir, 'huge.yaml'), '');
      truncateSync(join(dir, 'huge.yaml'), 4 * 1024 ** 3);
    });
    const { status, findings, at } = lint(root);
    expect(at).toEqual(['file/too-large taxonomy/huge.yaml:1:1']);
    expect(findings[0]!.message).toContain('4096.0 MiB, over the 1 MiB limit');
    expect(status).toBe(1);
  });

  it('reports an alias bomb as a finding at its first alias, not an unexpected error', () => {
    const root = project((dir) => writeFileSync(join(dir, 'bomb.yaml'), aliasBomb()));
    const { status, stderr, findings, at } = lint(root);
    expect(stderr).not.toContain('unexpected error');
    expect(at).toEqual(['syntax/alias-limit taxonomy/bomb.yaml:2:8']);
    expect(findings[0]!.message).toContain('aliases expand to too many nodes');
    expect(status).toBe(1);
  });

  it('walks a real directory named x.yaml as a folder, linting the files inside', () => {
    const root = project((dir) => {
      mkdirSync(join(dir, 'x.yaml'));
      writeFileSync(join(dir, 'x.yaml', 'more.yaml'), 'events:\n  help_closed:\n    description: Closed.\n    owner: client\n');
    });
    const { status, at } = lint(root);
    expect(at).toEqual([]);
    expect(status).toBe(0);
  });
});
