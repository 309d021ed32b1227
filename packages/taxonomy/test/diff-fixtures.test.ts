/**
 * The diff corpus: every folder under diff-fixtures/ holds a minimal `base/` and `head/` taxonomy
 * that differ by one intended change, and an expect.json listing every change the diff must
 * report, no more and no less:
 *
 *   { "note": "for people", "changes": [{ "rule": "event-removed", "subject": "plan_compared",
 *     "severity": "warn", "side": "base", "line": 38 }] }
 *
 * `side` and `line` say where the change points: the head file, or the base file for something
 * removed. Every diff rule must be the subject of at least one fixture.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffRules, diffTaxonomies, hasErrors, lintTaxonomy, loadTaxonomySources, type Taxonomy } from '../src/index.js';

interface Expected {
  rule: string;
  subject: string;
  severity: string;
  side: 'base' | 'head';
  line: number;
}

const FIXTURES = fileURLToPath(new URL('./diff-fixtures/', import.meta.url));
const cases = readdirSync(FIXTURES)
  .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
  .sort()
  .map((name) => ({
    name,
    dir: join(FIXTURES, name),
    expected: JSON.parse(readFileSync(join(FIXTURES, name, 'expect.json'), 'utf8')) as { note: string; changes: Expected[] },
  }));

async function load(dir: string): Promise<Taxonomy> {
  const result = lintTaxonomy(await loadTaxonomySources(dir, dir));
  expect(hasErrors(result.findings), `${dir} must lint without errors: ${JSON.stringify(result.findings)}`).toBe(false);
  return result.taxonomy;
}

describe('diff fixture corpus', () => {
  it('has a fixture named after, and reporting, every diff rule', () => {
    const names = new Set(cases.map((c) => c.name));
    const reported = new Set(cases.flatMap((c) => c.expected.changes.map((e) => e.rule)));
    for (const rule of diffRules) {
      expect(names.has(rule.id), `no fixture folder for ${rule.id}`).toBe(true);
      expect(reported.has(rule.id), `no fixture expects ${rule.id}`).toBe(true);
    }
  });

  it.each(cases)('$name', async ({ dir, expected }) => {
    const report = diffTaxonomies(await load(join(dir, 'base')), await load(join(dir, 'head')));
    const actual = report.changes.map((c) => ({
      rule: c.rule,
      subject: c.subject,
      severity: c.severity,
      side: c.at.side,
      line: c.at.line,
    }));
    const key = (e: Expected) => `${e.rule} ${e.subject}`;
    expect([...actual].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...expected.changes].sort((a, b) => key(a).localeCompare(key(b))),
    );
    for (const change of report.changes) {
      const rule = diffRules.find((r) => r.id === change.rule)!;
      expect(change.category).toBe(rule.category);
      expect(change.producerBreaking).toBe(rule.producerBreaking);
      expect(change.consumerBreaking).toBe(rule.consumerBreaking);
      expect(change.title.length).toBeGreaterThan(10);
      if (rule.producerBreaking) expect(change.producer, `${change.rule} says what code must do`).toBeTruthy();
      if (rule.consumerBreaking) expect(change.consumer, `${change.rule} says what happens to reports`).toBeTruthy();
    }
    expect(report.failed).toBe(expected.changes.some((e) => e.severity === 'error'));
  });
});
