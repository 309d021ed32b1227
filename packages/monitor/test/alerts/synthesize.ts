import { METRICS, type MetricDefinition } from '@taxon/core/telemetry';
import { formatDuration, type AlertDef, type MetricSelector } from '@taxon/taxonomy';

// Synthetic series for `promtool test rules`: for an alert and a target value, counters (or
// histogram buckets, or a gauge) that sit at a harmless level until `onset`, then hold the alert's
// value at `target`. Rates are linear, so Prometheus' rate()/increase() read them exactly.

export const GROUP_VALUE = 'synthetic';
const metricOf = (id: string) => (METRICS as Record<string, MetricDefinition>)[id]!;

/** One input series: labels and a per-step increase (or a gauge value) before and after the onset. */
interface Piece {
  name: string;
  labels: Record<string, string>;
  before: number;
  after: number;
  gauge?: boolean;
}

/** The timeline of a test: step, onset and length, all in steps. */
export interface Timeline {
  stepMs: number;
  onset: number;
  steps: number;
}

export function timelineFor(alert: AlertDef): Timeline {
  const longestFor = Math.max(...alert.levels.map((l) => l.forMs));
  const shortestFor = Math.min(...alert.levels.map((l) => l.forMs));
  // promtool evaluates every step from 0: a baseline's days of history get coarser steps (still 2+
  // samples per window and whole steps per `for`).
  const stepMs = alert.baseline ? Math.min(alert.windowMs / 2, shortestFor) : alert.windowMs >= 86_400_000 ? 600_000 : 60_000;
  let historyMs = 2 * alert.windowMs;
  if (alert.baseline?.type === 'same_hour') historyMs = alert.baseline.days * 86_400_000 + 2 * alert.windowMs;
  // Whole days, so the baseline's daily subquery samples fall on the onset.
  if (alert.baseline?.type === 'average') historyMs = Math.ceil((alert.baseline.overMs + 2 * alert.baseline.stepMs + alert.windowMs) / 86_400_000) * 86_400_000;
  const onset = Math.ceil(historyMs / stepMs);
  return { stepMs, onset, steps: onset + Math.ceil((alert.windowMs + longestFor) / stepMs) + 10 };
}

/** A label value of `key` on `metric` that is not in `avoid` (to build series a matcher excludes). */
function otherValue(metric: MetricDefinition, key: string, avoid: readonly string[]): string {
  const source = metric.labels.find((l) => l.key === key)?.source;
  const candidates = source?.kind === 'fixed' ? source.values : ['other'];
  return candidates.find((v) => !avoid.includes(v)) ?? 'other';
}

function labelsFor(alert: AlertDef, selector: MetricSelector, pick: (key: string, values: string[]) => string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of alert.labels) labels[key] = GROUP_VALUE;
  for (const [key, values] of Object.entries(selector.where)) labels[key] = pick(key, values);
  return labels;
}

/** The signal's raw pieces for a signal value before and after the onset. */
function signalPieces(alert: AlertDef, before: number, after: number, stepS: number): Piece[] {
  const s = alert.signal;
  const R = 100; // events per step in the denominator
  const windowS = alert.windowMs / 1000;
  switch (s.kind) {
    case 'ratio': {
      const num = s.numerator;
      const den = s.denominator;
      const countName = (sel: MetricSelector) => metricOf(sel.metric).promName + (metricOf(sel.metric).kind === 'histogram' ? '_count' : '');
      if (num.metric !== den.metric) {
        return [
          { name: countName(num), labels: labelsFor(alert, num, (_, v) => v[0]!), before: before * R, after: after * R },
          { name: countName(den), labels: labelsFor(alert, den, (_, v) => v[0]!), before: R, after: R },
        ];
      }
      // One metric: series A matches both sides, series B only the denominator.
      const metric = metricOf(num.metric);
      const inBoth = labelsFor(alert, num, (key, values) => values.find((v) => !den.where[key] || den.where[key]!.includes(v)) ?? values[0]!);
      for (const [key, values] of Object.entries(den.where)) inBoth[key] ??= values[0]!;
      const onlyDen: Record<string, string> = { ...inBoth };
      for (const [key, values] of Object.entries(num.where)) {
        // A key both sides restrict alike (outcome: first deliveries) keeps its value in both series.
        if (den.where[key]?.every((v) => values.includes(v))) continue;
        onlyDen[key] = den.where[key]?.find((v) => !values.includes(v)) ?? otherValue(metric, key, [...values]);
      }
      const name = countName(num);
      return [
        { name, labels: inBoth, before: before * R, after: after * R },
        { name, labels: onlyDen, before: (1 - before) * R, after: (1 - after) * R },
      ];
    }
    case 'quantile': {
      const metric = metricOf(s.of.metric);
      const bounds = [...(metric.buckets ?? [])];
      const base = labelsFor(alert, s.of, (_, v) => v[0]!);
      const cumulative = (value: number): number[] => histogramFor(bounds, s.quantile, value, R);
      const beforeCounts = cumulative(before);
      const afterCounts = cumulative(after);
      const name = `${metric.promName}_bucket`;
      return [...bounds.map(String), '+Inf'].map((le, i) => ({ name, labels: { ...base, le }, before: beforeCounts[i]!, after: afterCounts[i]! }));
    }
    case 'rate': {
      const name = metricOf(s.of.metric).promName;
      const perStep = (v: number) => (v * stepS) / (s.perMs / 1000);
      return [{ name, labels: labelsFor(alert, s.of, (_, v) => v[0]!), before: perStep(before), after: perStep(after) }];
    }
    case 'increase': {
      const name = metricOf(s.of.metric).promName;
      const perStep = (v: number) => (v * stepS) / windowS;
      return [{ name, labels: labelsFor(alert, s.of, (_, v) => v[0]!), before: perStep(before), after: perStep(after) }];
    }
    case 'gauge':
      return [{ name: metricOf(s.of.metric).promName, labels: labelsFor(alert, s.of, (_, v) => v[0]!), before, after, gauge: true }];
  }
}

/**
 * Cumulative bucket counts (per step; last is +Inf = n) whose `q`-quantile, as
 * histogram_quantile interpolates it, is `value`: all of the rank's bucket lies at or below.
 */
export function histogramFor(bounds: readonly number[], q: number, value: number, n: number): number[] {
  const j = bounds.findIndex((b) => value <= b);
  if (j < 0) throw new Error(`${value} is beyond the last bucket ${bounds.at(-1)}: histogram_quantile cannot reach it.`);
  const a = j === 0 ? 0 : bounds[j - 1]!;
  const f = (value - a) / (bounds[j]! - a);
  const rank = q * n;
  // Below the bucket: nothing (f >= q), or just enough at its lower edge to move the rank into it.
  const below = f >= q ? 0 : (rank - f * n) / (1 - f);
  const upTo = f >= q ? rank / f : n;
  return [...bounds.map((_, i) => (i < j - 1 ? 0 : i === j - 1 ? below : i === j ? upTo : n)), n];
}

/** The signal value that gives the alert `value` (undoing the baseline comparison). */
function signalFor(alert: AlertDef, value: number): { before: number; after: number } {
  const b = alert.baseline;
  const s = alert.signal;
  // Harmless levels: no errors, every observation in the first bucket, 10 units per window.
  const normal = s.kind === 'quantile' ? metricOf(s.of.metric).buckets![0]! : s.kind === 'ratio' ? 0 : 10;
  if (!b) return { before: normal, after: value };
  if (b.type === 'same_hour') {
    // A history above the floor, so the value is signal / history, not signal / floor.
    const base = Math.max(normal, 2 * b.minBaseline);
    return { before: base, after: b.compare === 'ratio' ? base * value : base * (1 - value) };
  }
  // A flat history has no spread: the z-score divides by the floor min_stddev.
  return { before: normal, after: normal + value * b.minStddev };
}

/** promtool `input_series` holding the alert's value at `value` from the onset on. */
export function inputSeries(alert: AlertDef, value: number, t: Timeline): { series: string; values: string }[] {
  const { before, after } = signalFor(alert, value);
  return signalPieces(alert, before, after, t.stepMs / 1000).map((p) => {
    const labels = Object.entries(p.labels).map(([k, v]) => `${k}="${v}"`).join(',');
    const tail = t.steps - t.onset - 1;
    const values = p.gauge
      ? `${p.before}+0x${t.onset} ${p.after}+0x${tail}`
      : `0+${p.before}x${t.onset} ${p.before * t.onset + p.after}+${p.after}x${tail}`;
    return { series: `${p.name}{${labels}}`, values };
  });
}

export const at = (t: Timeline, steps: number) => formatDuration(steps * t.stepMs);
