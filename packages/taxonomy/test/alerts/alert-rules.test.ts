import { describe, expect, it } from 'vitest';
import { lintTaxonomy, type Finding } from '@taxon/taxonomy';

// Each rule is shown failing on a one-line change to a valid alert, at the line and column of
// the offending value, and the valid alert is shown clean: without the rule the finding is absent.

const manifest = `taxonomy: t
version: 1.0.0
description: Test taxonomy.
params:
  feature:
    description: Feature.
    type: enum
    values: [rewrite, summarize]
  model:
    description: Model.
    type: enum
    values: [gpt-4.1]
  error_type:
    description: Error.
    type: enum
    values: [ai_timeout]
`;

const valid = `alerts:
  ai_error_rate:
    description: Share of failed AI calls.
    signal:
      ratio:
        numerator: { metric: aiErrors }
        denominator: { metric: generations }
    window: 5m
    condition: above
    labels: [feature]
    severity:
      warning: { threshold: 0.03, for: 5m }
      critical: { threshold: 0.07, for: 2m }
    summary: AI error rate {{ value }} over {{ window }} for {{ labels.feature }} (release {{ release }})
`;

function lint(alerts: string): Finding[] {
  return lintTaxonomy([
    { path: 'taxonomy/taxonomy.yaml', contents: manifest },
    { path: 'taxonomy/alerts.yaml', contents: alerts },
  ]).findings.filter((f) => f.file === 'taxonomy/alerts.yaml');
}

/** The findings of `rule` on the valid alert with `from` replaced by `to`. */
function findingsOf(rule: string, from: string | RegExp, to: string, base = valid): Finding[] {
  const changed = base.replace(from, to);
  expect(changed, `the test's replacement of ${String(from)} applies`).not.toBe(base);
  return lint(changed).filter((f) => f.rule === rule);
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('alert lint rules', () => {
  it('the valid alert has no finding', () => {
    expect(lint(valid)).toEqual([]);
  });

  it('alerts/unknown-metric names the metric ids and guesses the Prometheus-name mistake', () => {
    const [f] = findingsOf('alerts/unknown-metric', '{ metric: aiErrors }', '{ metric: taxon_ai_errors_total }');
    expect(f).toMatchObject({ severity: 'error', line: 6, column: 30 });
    expect(f!.message).toContain('Did you mean "aiErrors"?');
  });

  it('alerts/unknown-label: a group-by label must be a label of every metric of the signal', () => {
    const found = findingsOf('alerts/unknown-label', 'labels: [feature]', 'labels: [feature, outcome]');
    // `outcome` is a label of generations but not of aiErrors: the ratio could not match its sides.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 10, column: 23 });
    expect(lint(valid.replace('labels: [feature]', 'labels: [feature, model]'))).toEqual([]);
  });

  it('alerts/unknown-label: a matcher key must be a label of its metric', () => {
    const found = findingsOf('alerts/unknown-label', '{ metric: aiErrors }', '{ metric: aiErrors, where: { status_class: 5xx } }');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('"status_class" is not a label of aiErrors');
  });

  it('alerts/high-cardinality-label rejects id-like labels, and unknown-label stays quiet about them', () => {
    const changed = valid.replace('labels: [feature]', 'labels: [feature, user_id]');
    const found = lint(changed);
    expect(found.map((f) => f.rule)).toEqual(['alerts/high-cardinality-label']);
    expect(found[0]).toMatchObject({ line: 10, column: 23 });
  });

  it('alerts/unknown-label-value: matcher values come from the fixed list or the taxonomy enum', () => {
    const fixed = findingsOf('alerts/unknown-label-value', '{ metric: generations }', '{ metric: generations, where: { outcome: failure } }');
    expect(fixed[0]!.message).toContain('one of: success, error');
    const fromEnum = findingsOf('alerts/unknown-label-value', '{ metric: aiErrors }', '{ metric: aiErrors, where: { feature: translate } }');
    expect(fromEnum[0]!.message).toContain('one of: rewrite, summarize');
  });

  it('alerts/unknown-label-value points at the bad item of a list, not at its bracket', () => {
    const changed = valid.replace('{ metric: generations }', '{ metric: generations, where: { outcome: [success, failure] } }');
    const found = lint(changed).filter((f) => f.rule === 'alerts/unknown-label-value');
    expect(found).toHaveLength(1);
    const line = lineOf(changed, 'failure');
    expect(found[0]).toMatchObject({ line, column: changed.split('\n')[line - 1]!.indexOf('failure') + 1 });
  });

  it('alerts/severity-order is direction-aware', () => {
    const above = findingsOf('alerts/severity-order', 'threshold: 0.03', 'threshold: 0.08');
    expect(above[0]).toMatchObject({ line: lineOf(valid, 'warning:'), column: 29 });
    // The same numbers are right for a `below` alert (warning at 8%, critical at 7%)...
    const below = valid.replace('condition: above', 'condition: below').replace('threshold: 0.03', 'threshold: 0.08');
    expect(lint(below).filter((f) => f.rule === 'alerts/severity-order')).toEqual([]);
    // ...and the valid ones are wrong for it.
    expect(findingsOf('alerts/severity-order', 'condition: above', 'condition: below')).toHaveLength(1);
  });

  it('alerts/unknown-severity with a did-you-mean', () => {
    const [f] = findingsOf('alerts/unknown-severity', 'critical:', 'critcal:');
    expect(f).toMatchObject({ line: 13, column: 7 });
    expect(f!.message).toContain('Did you mean "critical"?');
  });

  it('alerts/invalid-duration: `for`, window and keep_firing_for need a unit', () => {
    const bare = findingsOf('alerts/invalid-duration', 'for: 2m', 'for: 2');
    expect(bare[0]).toMatchObject({ line: 13, column: 41 });
    expect(findingsOf('alerts/invalid-duration', 'window: 5m', 'window: 5 minutes')).toHaveLength(1);
    expect(findingsOf('alerts/invalid-duration', 'window: 5m', 'window: 5m\n    keep_firing_for: soon')).toHaveLength(1);
  });

  it('alerts/baseline-beyond-retention warns when a baseline reaches further back than `retention` (default 15d)', () => {
    const zscore = valid.replace('    window: 5m\n', '    baseline: { type: average, over: 30d, step: 1d, compare: zscore, min_stddev: 1 }\n    window: 1d\n');
    const found = lint(zscore).filter((f) => f.rule === 'alerts/baseline-beyond-retention');
    expect(found).toHaveLength(1);
    const line = lineOf(zscore, 'baseline:');
    expect(found[0]).toMatchObject({ severity: 'warning', line, column: zscore.split('\n')[line - 1]!.indexOf('30d') + 1 });
    expect(found[0]!.message).toContain('32d');
    expect(found[0]!.message).toContain('15d');
    expect(lint(`retention: 35d\n${zscore}`).filter((f) => f.rule === 'alerts/baseline-beyond-retention')).toEqual([]);
    const sameHour = valid.replace('    window: 5m\n', '    baseline: { type: same_hour, days: 14, compare: ratio, min_baseline: 1 }\n    window: 1h\n');
    expect(lint(`retention: 14d\n${sameHour}`).filter((f) => f.rule === 'alerts/baseline-beyond-retention')).toHaveLength(1);
    expect(lint(`retention: 15d\n${sameHour}`).filter((f) => f.rule === 'alerts/baseline-beyond-retention')).toEqual([]);
    expect(lint(`retention: forever\n${valid}`).filter((f) => f.rule === 'alerts/invalid-duration')).toHaveLength(1);
  });

  it('alerts/window-too-short: a window shorter than scrape_interval (set in the file, default 15s)', () => {
    expect(findingsOf('alerts/window-too-short', 'window: 5m', 'window: 10s')).toHaveLength(1);
    const slow = `scrape_interval: 10m\n${valid}`;
    const found = lint(slow).filter((f) => f.rule === 'alerts/window-too-short');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 9, column: 13 });
  });

  it('alerts/rate-window warns below 4 scrape intervals, never for a gauge', () => {
    const [f] = findingsOf('alerts/rate-window', 'window: 5m', 'window: 45s');
    expect(f!.severity).toBe('warning');
    const gauge = valid.replace(/ratio:\n.*\n.*\n/, 'gauge: { metric: mpQueueSize }\n').replace('labels: [feature]', 'labels: []').replace('{{ labels.feature }}', '').replace('window: 5m', 'window: 45s');
    expect(lint(gauge)).toEqual([]);
  });

  it('alerts/duplicate-name: two alerts exporting as one Prometheus name; the same name in two files', () => {
    const twice = valid + valid.replace('alerts:\n', '').replace('ai_error_rate:', 'ai-error-rate:');
    const found = lint(twice).filter((f) => f.rule === 'alerts/duplicate-name');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('exports as AiErrorRate');
    const files = lintTaxonomy([
      { path: 'taxonomy/taxonomy.yaml', contents: manifest },
      { path: 'taxonomy/alerts.yaml', contents: valid },
      { path: 'taxonomy/more-alerts.yaml', contents: valid },
    ]).findings;
    expect(files.filter((f) => f.rule === 'ref/duplicate-definition').map((f) => f.file)).toEqual(['taxonomy/more-alerts.yaml']);
  });

  it('alerts/quantile-needs-histogram', () => {
    const quantile = valid.replace(/ratio:\n.*\n.*\n/, 'quantile: { metric: aiTokens, q: 0.95 }\n');
    const found = lint(quantile).filter((f) => f.rule === 'alerts/quantile-needs-histogram');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('a counter');
    expect(lint(quantile.replace('aiTokens', 'genAiOperationDuration'))).toEqual([]);
  });

  it('alerts/ratio-needs-counters: a gauge in a ratio; a histogram counts', () => {
    const [f] = findingsOf('alerts/ratio-needs-counters', '{ metric: generations }', '{ metric: mpQueueSize }');
    expect(f).toMatchObject({ line: 7, column: 32 });
    const histogram = valid.replace('{ metric: aiErrors }', '{ metric: httpRouteDuration, where: { status_class: 5xx } }').replace('{ metric: generations }', '{ metric: httpRouteDuration }').replace(/feature/g, 'http_route');
    expect(lint(histogram)).toEqual([]);
  });

  it('alerts/gauge-needs-gauge', () => {
    const gauge = valid.replace(/ratio:\n.*\n.*\n/, 'gauge: { metric: aiCost }\n');
    expect(lint(gauge).filter((f) => f.rule === 'alerts/gauge-needs-gauge')).toHaveLength(1);
  });

  it('alerts/summary-placeholder: unknown placeholders and labels that are not grouped by', () => {
    expect(findingsOf('alerts/summary-placeholder', '{{ value }}', '{{ valeu }}')[0]!.message).toContain('{{ valeu }}');
    expect(findingsOf('alerts/summary-placeholder', '{{ labels.feature }}', '{{ labels.model }}')[0]!.message).toContain('not one of its group-by labels');
  });

  it('a structural mistake in an alert is a schema finding with a did-you-mean', () => {
    const found = lint(valid.replace('condition: above', 'conditon: above'));
    expect(found.map((f) => f.rule)).toContain('schema/unknown-key');
    expect(found.find((f) => f.rule === 'schema/unknown-key')!.message).toContain('did you mean "condition"');
  });
});
