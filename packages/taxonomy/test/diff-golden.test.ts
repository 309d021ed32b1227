/**
 * Golden reports: each scenario edits a copy of the reference taxonomy (diff-golden/reference/,
 * frozen so that edits to taxonomy/ do not move these reports) in memory, diffs it against the
 * original, and compares the rendered report with a file under diff-golden/ byte for byte.
 * Run with UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  diffTaxonomies,
  hasErrors,
  lintTaxonomy,
  loadTaxonomySources,
  renderGithub,
  renderMarkdown,
  type DiffOptions,
  type SourceFile,
  type Taxonomy,
} from '../src/index.js';

const GOLDEN = fileURLToPath(new URL('./diff-golden/', import.meta.url));
// Paths as they would be in a project: taxonomy/events/ai.yaml.
const reference = (await loadTaxonomySources(join(GOLDEN, 'reference'), GOLDEN)).map((s) => ({
  ...s,
  path: s.path.replace(/^reference/, 'taxonomy'),
}));
const text = (s: SourceFile) => (typeof s.contents === 'string' ? s.contents : new TextDecoder().decode(s.contents));

/** The reference taxonomy with `edits` applied: file suffix -> list of [search, replace]. */
function edited(edits: Record<string, [string | RegExp, string][]>): Taxonomy {
  const sources = reference.map((s) => {
    const file = Object.keys(edits).find((suffix) => s.path.replace(/\\/g, '/').endsWith(suffix));
    if (!file) return s;
    let contents = text(s);
    for (const [from, to] of edits[file]!) {
      const next = contents.replace(from, to);
      if (next === contents) throw new Error(`edit of ${file} did not apply: ${String(from)}`);
      contents = next;
    }
    return { path: s.path, contents };
  });
  const result = lintTaxonomy(sources);
  expect(hasErrors(result.findings), JSON.stringify(result.findings, null, 2)).toBe(false);
  return result.taxonomy;
}

const base = edited({});
const renameCheckout: Record<string, [string | RegExp, string][]> = {
  'events/monetization.yaml': [[/checkout_started/g, 'checkout_begun']],
  'funnels.yaml': [[/checkout_started/g, 'checkout_begun']],
};

const scenarios: { name: string; head: Taxonomy; options: DiffOptions; render?: typeof renderMarkdown }[] = [
  {
    name: 'funnel-event-renamed-undeclared.md',
    head: edited(renameCheckout),
    options: { labels: { base: 'HEAD~1', head: 'working tree' } },
  },
  {
    name: 'funnel-event-renamed-declared-major.md',
    head: edited({
      ...renameCheckout,
      'events/monetization.yaml': [
        [/checkout_started/g, 'checkout_begun'],
        ['  checkout_begun:\n', '  checkout_begun:\n    renamed_from: checkout_started\n'],
      ],
      'taxonomy.yaml': [['version: 1.0.0', 'version: 2.0.0']],
    }),
    options: {
      labels: { base: 'origin/main', head: 'working tree' },
      coverage: {
        checkout_started: [
          { file: 'apps/demo/app/pricing/page.tsx', line: 41 },
          { file: 'apps/demo/lib/checkout.ts', line: 18 },
        ],
      },
    },
  },
  {
    name: 'mixed-minor-release.md',
    head: edited({
      'taxonomy.yaml': [['version: 1.0.0', 'version: 1.1.0']],
      'params.yaml': [
        ['values: [free, pro, enterprise]\n\n  previous_plan', 'values: [free, pro, team]\n\n  previous_plan'],
        ['edges: [0, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000]', 'edges: [0, 500, 1000, 2000, 4000, 8000, 16000, 32000]'],
      ],
      'funnels.yaml': [['window: 14d', 'window: 7d']],
      'prices.yaml': [
        ['          input: "0.002"\n', '          input: "0.0025"\n'],
        [
          '          output: "0.0006"\n',
          '          output: "0.0006"\n        - effective: 2026-01-01\n          input: "0.0001"\n          cached_input: "0.00005"\n          output: "0.0004"\n',
        ],
      ],
      'events/monetization.yaml': [
        ['description: The user clicked an upgrade button.', 'description: The user clicked any upgrade button or link.'],
      ],
    }),
    options: { labels: { base: 'origin/main', head: 'working tree' }, config: { rules: { 'description-changed': 'info' } } },
  },
  {
    name: 'mixed-minor-release.github.txt',
    head: edited({
      'taxonomy.yaml': [['version: 1.0.0', 'version: 1.1.0']],
      'params.yaml': [['values: [free, pro, enterprise]\n\n  previous_plan', 'values: [free, pro, team]\n\n  previous_plan']],
    }),
    options: {},
    render: renderGithub,
  },
];

describe('golden diff reports', () => {
  it('finds no change between the reference taxonomy and itself', () => {
    const report = diffTaxonomies(base, edited({}));
    expect(report.changes).toEqual([]);
    expect(report.failed).toBe(false);
  });

  it.each(scenarios)('$name', ({ name, head, options, render = renderMarkdown }) => {
    const actual = render(diffTaxonomies(base, head, options));
    const file = join(GOLDEN, name);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      writeFileSync(file, actual);
      if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`${name} did not exist; written. Review it and run again.`);
    }
    expect(actual === readFileSync(file, 'utf8'), `${name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(true);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
