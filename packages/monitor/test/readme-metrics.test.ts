// README "## Monitoring" lists every metric; each row is rendered from the table in
// @taxon/core/telemetry, so a renamed metric, a new label or a changed description fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS, type MetricDefinition } from '@taxon/core/telemetry';
import { SELF_METRICS } from '@taxon/monitor';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Monitoring'), readme.indexOf('\n## ', readme.indexOf('## Monitoring') + 1));

/** The README row of one metric. */
function metricRow(metric: MetricDefinition): string {
  const name = metric.kind === 'histogram' ? `\`${metric.promName}\` (\`_bucket\`, \`_sum\`, \`_count\`)` : `\`${metric.promName}\``;
  const labels = metric.labels.map((label) => `\`${label.key}\``).join(', ') || '-';
  return `| ${name} | ${metric.kind} | ${metric.unit} | ${labels} | ${metric.description.replaceAll('|', '\\|')} |`;
}

describe('README Monitoring section', () => {
  it('has a row rendered from METRICS for every metric', () => {
    const missing = Object.values(METRICS).map(metricRow).filter((row) => !section.includes(row));
    expect(missing).toEqual([]);
  });

  it("lists the registry's self-metrics", () => {
    for (const metric of Object.values(SELF_METRICS)) expect(section).toContain(`\`${metric.promName}\``);
  });
});
