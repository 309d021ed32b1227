import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkDiffConfig,
  diffRules,
  diffTaxonomies,
  hasErrors,
  isMajorBump,
  lintTaxonomy,
  parseSemver,
  renderGithub,
  renderJson,
  renderMarkdown,
  type Taxonomy,
} from '../src/index.js';

/** A small taxonomy from YAML snippets: one file, manifest first. */
function taxonomy(version: string, body: string): Taxonomy {
  const contents = `taxonomy: shop\nversion: ${version}\ndescription: Test.\n${body}`;
  const result = lintTaxonomy([{ path: 'taxonomy.yaml', contents }]);
  expect(hasErrors(result.findings), JSON.stringify(result.findings, null, 2)).toBe(false);
  return result.taxonomy;
}

const params = `params:
  plan_type:
    description: Plan.
    type: enum
    values: [free, pro, enterprise]
  source:
    description: Where from.
    type: enum
    values: [home, pricing]
`;
const event = (name: string, extra = '', required = '[plan_type]') =>
  `  ${name}:\n    description: Something happened.\n    owner: client\n    required: ${required}\n${extra}`;
const funnel = (steps: string[], window = '1d') =>
  `funnels:\n  upgrade:\n    description: Paywall to checkout.\n    window: ${window}\n    steps: [${steps.join(', ')}]\n`;

const rules = (t: ReturnType<typeof diffTaxonomies>) => t.changes.map((c) => `${c.rule} ${c.subject}`).sort();

describe('renames', () => {
  it('suspects a rename by did-you-mean distance when the params are the same', () => {
    const base = taxonomy('1.0.0', `${params}events:\n${event('signup_completed')}${event('paywall_viewed')}`);
    const head = taxonomy('2.0.0', `${params}events:\n${event('signups_completed')}${event('paywall_viewed')}`);
    const report = diffTaxonomies(base, head);
    expect(rules(report)).toEqual(['event-rename-suspected signup_completed', 'removed-without-deprecation signup_completed']);
    expect(report.changes[0]!.title).toContain('add `renamed_from: signup_completed` to `signups_completed`');
  });

  it('suspects a rename of events without params too: same object, or same action and an object word', () => {
    const none = '[]';
    const base = taxonomy('1.0.0', `${params}events:\n${event('landing_viewed', '', none)}${event('checkout_started', '', none)}${event('paywall_viewed')}`);
    const head = taxonomy('2.0.0', `${params}events:\n${event('landing_page_viewed', '', none)}${event('checkout_begun', '', none)}${event('paywall_viewed')}`);
    const report = diffTaxonomies(base, head);
    expect(rules(report)).toEqual([
      'event-rename-suspected checkout_started',
      'event-rename-suspected landing_viewed',
      'removed-without-deprecation checkout_started',
      'removed-without-deprecation landing_viewed',
    ]);
    expect(report.changes.map((c) => c.title)).toContain(
      '`landing_viewed` disappeared and `landing_page_viewed` appeared with the same params: this looks like a rename. ' +
        'If it is, add `renamed_from: landing_viewed` to `landing_page_viewed` to confirm it.',
    );
  });

  it('does not suspect a rename of events without params whose names share nothing, or another owner', () => {
    const none = '[]';
    const base = taxonomy('1.0.0', `${params}events:\n${event('help_opened', '', none)}${event('paywall_viewed')}`);
    const unrelated = taxonomy('2.0.0', `${params}events:\n${event('invoice_paid', '', none)}${event('paywall_viewed')}`);
    expect(rules(diffTaxonomies(base, unrelated))).toEqual([
      'event-added invoice_paid',
      'event-removed help_opened',
      'removed-without-deprecation help_opened',
    ]);
    const server = taxonomy('2.0.0', `${params}events:\n${event('help_opened', '', none).replace('owner: client', 'owner: server').replace('help_opened', 'help_panel_opened')}${event('paywall_viewed')}`);
    expect(rules(diffTaxonomies(base, server))).toContain('event-removed help_opened');
  });

  it('does not suspect a rename when the params differ, or when the names share nothing', () => {
    const base = taxonomy('1.0.0', `${params}events:\n${event('checkout_started')}${event('paywall_viewed')}`);
    const otherParams = taxonomy('2.0.0', `${params}events:\n${event('checkout_begun', '', '[plan_type, source]')}${event('paywall_viewed')}`);
    expect(rules(diffTaxonomies(base, otherParams))).toEqual([
      'event-added checkout_begun',
      'event-removed checkout_started',
      'removed-without-deprecation checkout_started',
    ]);
    const unrelated = taxonomy('2.0.0', `${params}events:\n${event('invoice_paid')}${event('paywall_viewed')}`);
    expect(rules(diffTaxonomies(base, unrelated))).toContain('event-removed checkout_started');
  });

  it('compares a declared rename as one event: a new required param is reported under its new name', () => {
    const base = taxonomy('1.0.0', `${params}events:\n${event('checkout_started')}${event('paywall_viewed')}${funnel(['paywall_viewed', 'checkout_started'])}`);
    const head = taxonomy(
      '2.0.0',
      `${params}events:\n${event('checkout_begun', '    renamed_from: checkout_started\n', '[plan_type, source]')}${event('paywall_viewed')}${funnel(['paywall_viewed', 'checkout_begun'])}`,
    );
    const report = diffTaxonomies(base, head);
    // The funnel follows the rename: that is the rename's finding, not a change of steps.
    expect(rules(report)).toEqual(['event-renamed checkout_started', 'param-required-added checkout_begun']);
    const renamed = report.changes.find((c) => c.rule === 'event-renamed')!;
    expect(renamed.funnels).toEqual([{ funnel: 'upgrade', step: 2, steps: 2 }]);
    expect(renamed.events).toEqual(['checkout_started', 'checkout_begun']);
  });

  it('keeps a renamed_from from an earlier release as history, silently', () => {
    const both = `${params}events:\n${event('checkout_begun', '    renamed_from: checkout_started\n')}`;
    expect(diffTaxonomies(taxonomy('2.0.0', both), taxonomy('2.0.0', both)).changes).toEqual([]);
  });
});

describe('funnels and enums', () => {
  it('describes reordered steps and marks the funnel as affected', () => {
    const body = `${params}events:\n${event('paywall_viewed')}${event('upgrade_clicked')}${event('checkout_started')}`;
    const base = taxonomy('1.0.0', `${body}${funnel(['paywall_viewed', 'upgrade_clicked', 'checkout_started'])}`);
    const head = taxonomy('2.0.0', `${body}${funnel(['upgrade_clicked', 'paywall_viewed', 'checkout_started'])}`);
    const [change] = diffTaxonomies(base, head).changes;
    expect(change!.rule).toBe('funnel-steps-changed');
    expect(change!.title).toContain('the remaining steps were reordered');
    expect(change!.consumerBreaking && !change!.producerBreaking).toBe(true);
  });

  it('hints at the successor of a removed enum value', () => {
    const base = taxonomy('1.0.0', `${params}events:\n${event('paywall_viewed')}`);
    const head = taxonomy('2.0.0', `${params.replace('enterprise]', 'enterprises]')}events:\n${event('paywall_viewed')}`);
    const report = diffTaxonomies(base, head);
    expect(rules(report)).toEqual(['enum-value-added plan_type', 'enum-value-removed plan_type']);
    const removed = report.changes.find((c) => c.rule === 'enum-value-removed')!;
    expect(removed.title).toBe('`plan_type` no longer allows the value `enterprise` (it looks renamed to `enterprises`).');
    expect(removed.events).toEqual(['paywall_viewed']);
  });
});

describe('severities, the gate and the version rule', () => {
  const base = taxonomy('1.0.0', `${params}events:\n${event('paywall_viewed')}`);
  const added = taxonomy('1.1.0', `${params.replace('pricing]', 'pricing, email]')}events:\n${event('paywall_viewed')}`);
  const broken = taxonomy('1.1.0', `${params.replace('home, pricing]', 'home]')}events:\n${event('paywall_viewed')}`);

  it('silences, lowers and raises rules from the config', () => {
    expect(rules(diffTaxonomies(base, added))).toEqual(['enum-value-added source']);
    expect(diffTaxonomies(base, added, { config: { rules: { 'enum-value-added': 'off' } } }).changes).toEqual([]);
    const raised = diffTaxonomies(base, added, { config: { rules: { 'enum-value-added': 'error' } } });
    expect(raised.changes[0]!.severity).toBe('error');
    expect(raised.failed).toBe(true);
    const lowered = diffTaxonomies(base, broken, { config: { rules: { 'breaking-without-major-bump': 'warn' } } });
    expect(lowered.changes.map((c) => `${c.rule}:${c.severity}`)).toEqual(['enum-value-removed:warn', 'breaking-without-major-bump:warn']);
    expect(lowered.failed).toBe(false);
  });

  it('does not demand a major bump for a breaking rule that is off', () => {
    const report = diffTaxonomies(base, broken, { config: { rules: { 'enum-value-removed': 'off' } } });
    expect(report.changes).toEqual([]);
  });

  it('fails on warnings only with failOn warn', () => {
    const major = taxonomy('2.0.0', `${params.replace('home, pricing]', 'home]')}events:\n${event('paywall_viewed')}`);
    expect(diffTaxonomies(base, major).failed).toBe(false);
    expect(diffTaxonomies(base, major, { config: { failOn: 'warn' } }).failed).toBe(true);
    expect(diffTaxonomies(base, broken).failed).toBe(true);
  });

  it('treats a minor bump as major while the major is 0, and ignores pre-release suffixes', () => {
    expect(isMajorBump(parseSemver('0.3.1')!, parseSemver('0.4.0')!)).toBe(true);
    expect(isMajorBump(parseSemver('0.3.1')!, parseSemver('0.3.2')!)).toBe(false);
    expect(isMajorBump(parseSemver('1.3.1')!, parseSemver('1.4.0')!)).toBe(false);
    expect(isMajorBump(parseSemver('1.3.1')!, parseSemver('2.0.0-rc.1')!)).toBe(true);
    expect(parseSemver('1.0')).toBeUndefined();
  });

  it('suggests the next major version in the message', () => {
    const report = diffTaxonomies(base, broken);
    expect(report.changes.find((c) => c.rule === 'breaking-without-major-bump')!.title).toContain('`version: 2.0.0`');
  });
});

describe('checkDiffConfig', () => {
  it('accepts a valid config and undefined', () => {
    expect(checkDiffConfig(undefined)).toEqual([]);
    expect(checkDiffConfig({ rules: { 'enum-value-added': 'off', 'event-removed': 'error' }, failOn: 'warn' })).toEqual([]);
  });

  it('names unknown rules with a did-you-mean, bad severities, bad gates and unknown keys', () => {
    expect(checkDiffConfig({ rules: { 'enum-value-aded': 'off' } })).toEqual([
      'diff.rules: unknown rule "enum-value-aded". Did you mean "enum-value-added"? Run `taxon diff --help` for the list.',
    ]);
    expect(checkDiffConfig({ rules: { 'event-removed': 'warning' } })[0]).toContain('"warning" is not a severity. Expected error, warn, info, off.');
    expect(checkDiffConfig({ failOn: 'info' })[0]).toContain('Expected error or warn');
    expect(checkDiffConfig({ rule: {} })[0]).toContain('unknown option "rule"');
    expect(checkDiffConfig([])[0]).toContain('diff must be an object');
  });
});

describe('renderers', () => {
  const base = taxonomy('1.0.0', `${params}events:\n${event('checkout_started')}${event('paywall_viewed')}${funnel(['paywall_viewed', 'checkout_started'])}`);
  const head = taxonomy(
    '1.0.0',
    `${params}events:\n${event('checkout_begun', '    renamed_from: checkout_started\n')}${event('paywall_viewed')}${funnel(['paywall_viewed', 'checkout_begun'])}`,
  );
  const coverage = { checkout_started: [{ file: 'src/pay.ts', line: 12 }], checkout_begun: [{ file: 'src/new.ts', line: 3 }] };

  it('lists call sites of both names from the coverage index', () => {
    const report = diffTaxonomies(base, head, { coverage });
    const renamed = report.changes.find((c) => c.rule === 'event-renamed')!;
    expect(renamed.callSites).toEqual([
      { event: 'checkout_started', file: 'src/pay.ts', line: 12 },
      { event: 'checkout_begun', file: 'src/new.ts', line: 3 },
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('  - Call sites: `src/pay.ts:12` (checkout_started), `src/new.ts:3` (checkout_begun)');
    expect(md).not.toContain('Call sites are not listed');
    expect(renderMarkdown(diffTaxonomies(base, head))).toContain('Call sites are not listed: pass `--coverage <file.json>`');
  });

  it('puts the verdict first and breaking changes before release checks', () => {
    const md = renderMarkdown(diffTaxonomies(base, head, { labels: { base: 'origin/main', head: 'working tree' } }));
    expect(md.split('\n')[0]).toBe(
      '**taxon diff failed: 1 breaking change, 1 release problem, 0 additions, 0 cosmetic changes (1 error, 1 warning; gate: --fail-on error).**',
    );
    expect(md).toContain('1.0.0 (origin/main) → 1.0.0 (working tree)');
    expect(md.indexOf('### Breaking changes (1)')).toBeLessThan(md.indexOf('### Release checks (1)'));
    expect(md).toContain('Funnels: the `upgrade` funnel, step 2 of 2');
  });

  it('reports no changes as a pass', () => {
    const report = diffTaxonomies(base, base);
    expect(report.failed).toBe(false);
    expect(renderMarkdown(report).split('\n')[0]).toBe('**taxon diff passed: no changes between base and head.**');
  });

  it('writes GitHub workflow commands with escaped properties and data', () => {
    const report = diffTaxonomies(base, head);
    report.changes[0]!.at.file = 'tax,onomy:x.yaml';
    report.changes[0]!.title = '100% renamed\nsecond line';
    const lines = renderGithub(report).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::warning file=tax%2Conomy%3Ax\.yaml,line=\d+,col=\d+,title=taxon diff event-renamed::100%25 renamed%0Asecond line Code: /);
    expect(lines[1]).toMatch(/^::error file=taxonomy\.yaml,line=2,col=10,title=taxon diff breaking-without-major-bump::/);
    expect(lines.at(-1)).toMatch(/^taxon diff failed:/);
    expect(lines.join('\n')).not.toContain('`');
  });

  it('writes JSON with the counts and every change', () => {
    const json = JSON.parse(renderJson(diffTaxonomies(base, head, { coverage })));
    expect(json.failed).toBe(true);
    expect(json.summary).toMatchObject({ errors: 1, warnings: 1, breaking: 1, producerBreaking: 1, consumerBreaking: 1, release: 1 });
    expect(json.changes.map((c: { rule: string }) => c.rule)).toEqual(['event-renamed', 'breaking-without-major-bump']);
    expect(json.changes[0].at).toEqual({ side: 'head', file: 'taxonomy.yaml', line: expect.any(Number), column: 3 });
  });
});

describe('docs/pr-review.md', () => {
  it('lists every rule with its category, axes, default severity and description', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/pr-review.md', import.meta.url)), 'utf8');
    const axes = (r: (typeof diffRules)[number]) =>
      r.producerBreaking && r.consumerBreaking ? 'code + reports' : r.producerBreaking ? 'code' : r.consumerBreaking ? 'reports' : '-';
    for (const r of diffRules) {
      expect(doc).toContain(`| \`${r.id}\` | ${r.category} | ${axes(r)} | ${r.severity} | ${r.description} |`);
    }
  });
});
