// The metric table is read by emitters, exporters and the alert linter: its names must be valid
// where each of them uses them, and follow the naming rules it claims.
import { describe, expect, it } from 'vitest';
import { GEN_AI_METRICS, METRICS, type MetricDefinition } from '@taxon/core/telemetry';

const metrics = Object.entries(METRICS) as [string, MetricDefinition][];
const PROM_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe('METRICS', () => {
  it.each(metrics)('%s has valid Prometheus and OpenTelemetry names', (_id, m) => {
    expect(m.promName).toMatch(PROM_NAME);
    expect(m.otelName).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
    for (const l of m.labels) {
      expect(l.key).toMatch(PROM_LABEL);
      expect(l.key.startsWith('__')).toBe(false);
    }
    expect(new Set(m.labels.map((l) => l.key)).size).toBe(m.labels.length);
  });

  it.each(metrics)('%s follows Prometheus practice: _total on counters only, base-unit suffixes', (_id, m) => {
    expect(m.promName.endsWith('_total')).toBe(m.kind === 'counter');
    if (m.unit === 's') expect(m.promName).toMatch(/_seconds$/);
    if (m.unit === 'USD') expect(m.promName).toMatch(/_usd_total$/);
    if (m.kind === 'histogram') {
      expect(m.buckets!.length).toBeGreaterThan(0);
      expect([...m.buckets!].sort((a, b) => a - b)).toEqual(m.buckets);
    } else {
      expect(m.buckets).toBeUndefined();
    }
  });

  it('keeps the GenAI conventions names for the GenAI instruments', () => {
    expect(METRICS.genAiTokenUsage.otelName).toBe('gen_ai.client.token.usage');
    expect(METRICS.genAiOperationDuration.otelName).toBe('gen_ai.client.operation.duration');
    expect(Object.values(GEN_AI_METRICS)).toEqual(
      metrics.filter(([, m]) => m.otelName.startsWith('gen_ai.')).map(([, m]) => m.otelName),
    );
  });

  it('names each metric once', () => {
    expect(new Set(metrics.map(([, m]) => m.promName)).size).toBe(metrics.length);
    expect(new Set(metrics.map(([, m]) => m.otelName)).size).toBe(metrics.length);
  });
});
