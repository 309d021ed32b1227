import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintTaxonomy, loadTaxonomySources } from '@taxon/taxonomy';

const referenceDir = fileURLToPath(new URL('../../../../taxonomy', import.meta.url));

describe('the reference alerts (taxonomy/alerts.yaml)', () => {
  it('lint without findings and declare seed 000 alerts', async () => {
    const result = lintTaxonomy(await loadTaxonomySources(referenceDir));
    expect(result.findings.filter((f) => f.file.endsWith('alerts.yaml'))).toEqual([]);
    const errorRate = result.taxonomy.alerts.get('ai_error_rate')!;
    expect(errorRate.signal.kind).toBe('ratio');
    expect(errorRate.levels.map((l) => [l.severity, l.threshold, l.forMs])).toEqual([
      ['warning', 0.03, 300_000],
      ['critical', 0.07, 120_000],
    ]);
    expect(result.taxonomy.alerting.scrapeIntervalMs).toBe(15_000);
  });
});
