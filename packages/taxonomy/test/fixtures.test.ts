/**
 * The broken-taxonomy corpus: every folder under fixtures/ is a small, complete taxonomy that is
 * valid except for one intended problem, described by its expect.json:
 *
 *   { "rule": "naming/tense", "file": "events.yaml", "line": 7, "column": 3,
 *     "message": "optional substring of the message",
 *     "also": [optional findings that necessarily come with it, same shape],
 *     "note": "optional free text for people" }
 *
 * Each fixture must produce that finding at that position, and no error of any other rule (the
 * fixture is isolated), so a rule that starts firing where it should not, or stops firing, or moves
 * its position, fails here. Every rule must be covered by at least one fixture.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatFindingsText,
  hasErrors,
  lintTaxonomy,
  loadTaxonomySources,
  MAX_FILE_BYTES,
  rules,
  structuralRules,
  type Finding,
  type Severity,
} from '../src/index.js';

interface ExpectedFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  message?: string;
}

interface Expectation extends ExpectedFinding {
  also?: ExpectedFinding[];
  note?: string;
}

interface FixtureCase {
  name: string;
  dir: string;
  expected: Expectation;
}

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

const severities = new Map<string, Severity>(
  [...structuralRules, ...rules].map((rule) => [rule.id, rule.severity]),
);

const cases: FixtureCase[] = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(FIXTURES, name);
    const expected = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expectation;
    return { name, dir, expected };
  });

/** Paths use / on every platform, as written in expect.json. */
const posix = (path: string): string => path.replace(/\\/g, '/');

function matches(finding: Finding, want: ExpectedFinding): boolean {
  return (
    finding.rule === want.rule &&
    posix(finding.file) === want.file &&
    finding.line === want.line &&
    finding.column === want.column &&
    (want.message === undefined || finding.message.includes(want.message))
  );
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.length === 0 ? '(no findings)' : `findings:\n${formatFindingsText(findings)}`;
}

describe('broken taxonomy corpus', () => {
  it('holds at least 30 fixtures, each with a well-formed expect.json', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const { name, expected } of cases) {
      const wants = [expected, ...(expected.also ?? [])];
      for (const want of wants) {
        expect(severities.has(want.rule), `${name}: unknown rule "${want.rule}"`).toBe(true);
        expect(typeof want.file, `${name}: file`).toBe('string');
        expect(Number.isInteger(want.line) && want.line >= 1, `${name}: line`).toBe(true);
        expect(Number.isInteger(want.column) && want.column >= 1, `${name}: column`).toBe(true);
      }
    }
  });

  it('covers every rule id with at least one fixture (add a fixture with every new rule)', () => {
    const covered = new Set(cases.map((c) => c.expected.rule));
    // file/too-large is covered by the in-memory test below rather than a committed 1 MiB file.
    covered.add('file/too-large');
    // Pipes, devices and looping symlinks cannot be committed: packages/cli/test/lint-files.test.ts
    // makes them (mkfifo, /dev/zero, /dev/urandom) and runs the CLI on them in a child process.
    covered.add('file/not-regular');
    covered.add('file/unreadable');
    const missing = [...severities.keys()].filter((id) => !covered.has(id));
    expect(missing, `rules without a fixture: ${missing.join(', ')}`).toEqual([]);
  });

  it.each(cases)('$name', async ({ dir, expected }) => {
    const sources = await loadTaxonomySources(dir, dir);
    const result = lintTaxonomy(sources);
    const { findings } = result;
    const context = describeFindings(findings);

    // (a) The intended finding, at the intended position, with the intended message.
    expect(
      findings.some((f) => matches(f, expected)),
      `expected ${expected.rule} at ${expected.file}:${expected.line}:${expected.column}` +
        `${expected.message ? ` with "${expected.message}"` : ''}; ${context}`,
    ).toBe(true);
    for (const also of expected.also ?? []) {
      expect(
        findings.some((f) => matches(f, also)),
        `expected also ${also.rule} at ${also.file}:${also.line}:${also.column}; ${context}`,
      ).toBe(true);
    }

    // (b) Isolation: every error comes from the intended rule (or a declared companion finding).
    const allowed = [expected, ...(expected.also ?? [])];
    const stray = findings.filter(
      (f) => f.severity === 'error' && !(f.rule === expected.rule || allowed.some((want) => matches(f, want))),
    );
    expect(stray, `errors from other rules; ${context}`).toEqual([]);

    // (c) Severity: an error rule makes the taxonomy fail; a warning rule alone does not.
    const severity = severities.get(expected.rule);
    expect(findings.find((f) => matches(f, expected))?.severity).toBe(severity);
    expect(hasErrors(findings), context).toBe(severity === 'error');

    // Nothing crashed while linting the broken input.
    expect(findings.filter((f) => f.rule.startsWith('internal/')), context).toEqual([]);
  });

  describe('file/too-large (generated in memory, never committed)', () => {
    it('refuses a 10 MB source at 1:1 before parsing it', () => {
      const line = '# padding line of a generated taxonomy file that is far too large\n';
      const contents = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
      expect(Buffer.byteLength(contents)).toBeGreaterThan(10 * 1024 * 1024 - 1);

      const { findings } = lintTaxonomy([{ path: 'big.yaml', contents }]);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        rule: 'file/too-large',
        severity: 'error',
        file: 'big.yaml',
        line: 1,
        column: 1,
      });
      expect(findings[0]!.message).toContain('10.0 MiB');
      expect(hasErrors(findings)).toBe(true);
    });

    it('counts bytes, not characters, and applies to byte contents too', () => {
      const contents = new TextEncoder().encode(`# ${'é'.repeat(MAX_FILE_BYTES / 2)}\n`);
      expect(contents.byteLength).toBeGreaterThan(MAX_FILE_BYTES);
      const { findings } = lintTaxonomy([{ path: 'big.yaml', contents }]);
      expect(findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`)).toEqual([
        'file/too-large big.yaml:1:1',
      ]);
    });

    it('is refused by the loader from the file size, before any byte is read', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'taxon-large-'));
      try {
        writeFileSync(join(dir, 'big.yaml'), '');
        truncateSync(join(dir, 'big.yaml'), MAX_FILE_BYTES + 1);
        writeFileSync(join(dir, 'limit.yaml'), `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n`);
        const [big, limit] = await loadTaxonomySources(dir, dir);
        expect(big).toMatchObject({ path: 'big.yaml', contents: '', unread: { kind: 'too-large', bytes: MAX_FILE_BYTES + 1 } });
        expect(limit!.unread).toBeUndefined();
        expect(limit!.contents).toHaveLength(MAX_FILE_BYTES);
        expect(lintTaxonomy([big!]).findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`)).toEqual(['file/too-large big.yaml:1:1']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('accepts a file of exactly the limit', () => {
      const contents = `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n`;
      expect(Buffer.byteLength(contents)).toBe(MAX_FILE_BYTES);
      const { findings } = lintTaxonomy([{ path: 'big.yaml', contents }]);
      expect(findings.map((f) => f.rule)).not.toContain('file/too-large');
    });
  });
});
