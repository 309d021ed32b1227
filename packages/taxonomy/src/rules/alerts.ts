import { METRICS, type MetricDefinition } from '@taxon/core/telemetry';
import { didYouMean } from '../didyoumean.js';
import { formatDuration } from '../alerts/duration.js';
import { ALERT_SEVERITIES, signalSelectors, SUMMARY_PLACEHOLDERS, type AlertDef, type MetricSelector } from '../alerts/model.js';
import type { Rule, RuleContext } from './rule.js';

// Rules for `alerts:` (taxonomy/alerts.yaml). Metrics and their labels come from the one table in
// @taxon/core/telemetry, so an alert can only watch what Taxon records.

const metricOf = (id: string): MetricDefinition | undefined =>
  Object.hasOwn(METRICS, id) ? (METRICS as Record<string, MetricDefinition>)[id] : undefined;
const labelKeys = (metric: MetricDefinition) => metric.labels.map((l) => l.key);
const alertsOf = (ctx: RuleContext) => [...ctx.taxonomy.alerts.values()];
const durationExample = 'for: 5m   (also 30s, 1h, 1h30m, 7d)';

/** Label names that would make one series per user, request or text: never a metric label. */
const ID_LIKE = /(^|_)(id|ids|uuid|user|users|email|session|trace|span|request|prompt|completion|text|ip)($|_)/;

export const unknownMetric: Rule = {
  id: 'alerts/unknown-metric',
  severity: 'error',
  description: 'An alert reads a metric Taxon records (an id of METRICS in @taxon/core/telemetry).',
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) =>
      signalSelectors(alert.signal)
        .filter((s) => !metricOf(s.metric))
        .map((s) => {
          const byPromName = Object.entries(METRICS).find(([, m]) => m.promName === s.metric)?.[0];
          const guess = byPromName ?? didYouMean(s.metric, Object.keys(METRICS));
          return {
            at: ctx.at(alert.file, [...s.path, 'metric'], 'value'),
            problem: `Alert "${alert.name}" reads unknown metric "${s.metric}".${guess ? ` Did you mean "${guess}"?` : ''}`,
            expected: `a metric id: ${Object.keys(METRICS).join(', ')}`,
            example: `metric: ${guess ?? 'aiErrors'}`,
          };
        }),
    ),
};

function labelFindings(ctx: RuleContext, alert: AlertDef, wantIdLike: boolean) {
  const selectors = signalSelectors(alert.signal).filter((s) => metricOf(s.metric));
  const out: ReturnType<Rule['check']> = [];
  const report = (key: string, known: string[], at: ReturnType<RuleContext['at']>, metrics: string) => {
    const idLike = ID_LIKE.test(key);
    if (idLike !== wantIdLike) return;
    out.push(
      idLike
        ? {
            at,
            problem: `Alert "${alert.name}" groups or filters by "${key}", an id-like label: one series per user or request would overload Prometheus.`,
            expected: `labels from the taxonomy's enums and fixed lists only: ${known.join(', ') || '(this metric has none)'}`,
            example: `labels: [${known.slice(0, 2).join(', ')}]`,
          }
        : {
            at,
            problem: `"${key}" is not a label of ${metrics}.${didYouMean(key, known) ? ` Did you mean "${didYouMean(key, known)}"?` : ''}`,
            expected: `one of: ${known.join(', ') || '(no labels)'}`,
            example: `labels: [${known.slice(0, 2).join(', ')}]`,
          },
    );
  };
  if (selectors.length > 0) {
    // A group-by label must exist on every metric of the signal, or the ratio's sides cannot match.
    const shared = selectors.map((s) => labelKeys(metricOf(s.metric)!)).reduce((a, b) => a.filter((k) => b.includes(k)));
    alert.labels.forEach((key, i) => {
      if (!shared.includes(key)) report(key, shared, ctx.at(alert.file, [...alert.path, 'labels', i], 'value'), selectors.map((s) => s.metric).join(' and '));
    });
  }
  for (const s of selectors) {
    const known = labelKeys(metricOf(s.metric)!);
    for (const key of Object.keys(s.where)) {
      if (!known.includes(key)) report(key, known, ctx.at(alert.file, [...s.path, 'where', key]), s.metric);
    }
  }
  return out;
}

export const unknownLabel: Rule = {
  id: 'alerts/unknown-label',
  severity: 'error',
  description: "An alert's group-by labels and matchers are labels of its metric(s).",
  check: (ctx) => alertsOf(ctx).flatMap((alert) => labelFindings(ctx, alert, false)),
};

export const highCardinalityLabel: Rule = {
  id: 'alerts/high-cardinality-label',
  severity: 'error',
  description: 'An alert never groups or filters by an id-like label (user, session, request, prompt...).',
  check: (ctx) => alertsOf(ctx).flatMap((alert) => labelFindings(ctx, alert, true)),
};

/** The values a label accepts, when the set is closed (a fixed list or a taxonomy enum). */
function closedValues(ctx: RuleContext, metric: MetricDefinition, key: string): string[] | undefined {
  const source = metric.labels.find((l) => l.key === key)?.source;
  if (source?.kind === 'fixed') return [...source.values];
  if (source?.kind === 'enum') return ctx.taxonomy.params.get(source.param)?.values;
  return undefined;
}

export const unknownLabelValue: Rule = {
  id: 'alerts/unknown-label-value',
  severity: 'error',
  description: "A matcher's values are values the label can take (its fixed list or taxonomy enum).",
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) =>
      signalSelectors(alert.signal).flatMap((s) => {
        const metric = metricOf(s.metric);
        if (!metric) return [];
        return Object.entries(s.where).flatMap(([key, values]) => {
          const allowed = closedValues(ctx, metric, key);
          if (!allowed) return [];
          // The item's own path: a list (`[success, failure]`) reports at the bad item; a single
          // value has no item 0, so the position stays on the value.
          return values
            .map((v, i) => ({ v, i }))
            .filter(({ v }) => !allowed.includes(v))
            .map(({ v, i }) => ({
              at: ctx.at(alert.file, [...s.path, 'where', key, i], 'value'),
              problem: `"${v}" is not a value of label "${key}" of ${s.metric}; the alert would never see a sample.`,
              expected: `one of: ${allowed.join(', ')}`,
              example: `where: { ${key}: ${allowed[0]} }`,
            }));
        });
      }),
    ),
};

export const severityOrder: Rule = {
  id: 'alerts/severity-order',
  severity: 'error',
  description: "A warning threshold is milder than the critical one (below it for `above`, above it for `below`).",
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) => {
      const warning = alert.levels.find((l) => l.severity === 'warning');
      const critical = alert.levels.find((l) => l.severity === 'critical');
      if (!warning || !critical) return [];
      const milder = alert.condition === 'above' ? warning.threshold < critical.threshold : warning.threshold > critical.threshold;
      if (milder) return [];
      return [{
        at: ctx.at(alert.file, [...alert.path, 'severity', 'warning', 'threshold'], 'value'),
        problem: `Alert "${alert.name}" fires ${alert.condition} its thresholds, but the warning threshold ${warning.threshold} is not ${alert.condition === 'above' ? 'below' : 'above'} the critical ${critical.threshold}: warning would never come first.`,
        expected: alert.condition === 'above' ? 'warning.threshold < critical.threshold' : 'warning.threshold > critical.threshold',
        example: alert.condition === 'above' ? 'warning: { threshold: 0.03, for: 5m }\n  critical: { threshold: 0.07, for: 2m }' : 'warning: { threshold: 0.6, for: 1h }\n  critical: { threshold: 0.4, for: 1h }',
      }];
    }),
};

export const unknownSeverity: Rule = {
  id: 'alerts/unknown-severity',
  severity: 'error',
  description: `Severity levels are ${ALERT_SEVERITIES.join(' and ')}.`,
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) =>
      alert.levels
        .filter((l) => !(ALERT_SEVERITIES as readonly string[]).includes(l.severity))
        .map((l) => {
          const guess = didYouMean(l.severity, [...ALERT_SEVERITIES]);
          return {
            at: l.at,
            problem: `Unknown severity "${l.severity}" in alert "${alert.name}".${guess ? ` Did you mean "${guess}"?` : ''}`,
            expected: `one of: ${ALERT_SEVERITIES.join(', ')}`,
            example: 'severity:\n    warning: { threshold: 0.03, for: 5m }\n    critical: { threshold: 0.07, for: 2m }',
          };
        }),
    ),
};

/** Every duration of an alert with its YAML path. */
function durations(alert: AlertDef): { text: string; ms: number; path: readonly (string | number)[] }[] {
  const list = [{ text: alert.window, ms: alert.windowMs, path: [...alert.path, 'window'] }];
  alert.levels.forEach((l) => list.push({ text: l.for, ms: l.forMs, path: [...alert.path, 'severity', l.severity, 'for'] }));
  if (alert.keepFiringFor !== undefined) list.push({ text: alert.keepFiringFor, ms: alert.keepFiringForMs!, path: [...alert.path, 'keep_firing_for'] });
  if (alert.signal.kind === 'rate') list.push({ text: alert.signal.per, ms: alert.signal.perMs, path: [...alert.signal.of.path, 'per'] });
  if (alert.baseline?.type === 'average') {
    list.push({ text: alert.baseline.over, ms: alert.baseline.overMs, path: [...alert.path, 'baseline', 'over'] });
    list.push({ text: alert.baseline.step, ms: alert.baseline.stepMs, path: [...alert.path, 'baseline', 'step'] });
  }
  return list;
}

export const invalidDuration: Rule = {
  id: 'alerts/invalid-duration',
  severity: 'error',
  description: 'Windows, `for`, `keep_firing_for`, `scrape_interval` and `retention` are Prometheus durations (30s, 5m, 1h30m, 7d).',
  check: (ctx) => {
    const { alerting } = ctx.taxonomy;
    const findings = alertsOf(ctx).flatMap((alert) =>
      durations(alert)
        .filter((d) => Number.isNaN(d.ms))
        .map((d) => ({
          at: ctx.at(alert.file, d.path, 'value'),
          problem: `"${d.text}" in alert "${alert.name}" is not a duration.`,
          expected: 'a positive number with a unit: ms, s, m, h, d, w or y (a bare number has no unit)',
          example: durationExample,
        })),
    );
    if (alerting.at && Number.isNaN(alerting.scrapeIntervalMs)) {
      findings.push({ at: alerting.at, problem: `scrape_interval "${alerting.scrapeInterval}" is not a duration.`, expected: 'a Prometheus duration', example: 'scrape_interval: 15s' });
    }
    if (alerting.retentionAt && Number.isNaN(alerting.retentionMs)) {
      findings.push({ at: alerting.retentionAt, problem: `retention "${alerting.retention}" is not a duration.`, expected: 'a Prometheus duration, as in --storage.tsdb.retention.time', example: 'retention: 35d' });
    }
    return findings;
  },
};

export const windowTooShort: Rule = {
  id: 'alerts/window-too-short',
  severity: 'error',
  description: 'A window (and a baseline step) is at least the scrape interval, or it holds no sample.',
  check: (ctx) => {
    const scrape = ctx.taxonomy.alerting;
    if (Number.isNaN(scrape.scrapeIntervalMs)) return [];
    return alertsOf(ctx).flatMap((alert) => {
      const windows = [{ text: alert.window, ms: alert.windowMs, path: [...alert.path, 'window'] }];
      if (alert.baseline?.type === 'average') windows.push({ text: alert.baseline.step, ms: alert.baseline.stepMs, path: [...alert.path, 'baseline', 'step'] });
      return windows
        .filter((w) => w.ms < scrape.scrapeIntervalMs)
        .map((w) => ({
          at: ctx.at(alert.file, w.path, 'value'),
          problem: `Window ${w.text} of alert "${alert.name}" is shorter than the scrape interval ${scrape.scrapeInterval}: it would hold no sample.`,
          expected: `a window of at least ${scrape.scrapeInterval} (4x for rates: see alerts/rate-window)`,
          example: 'window: 5m',
        }));
    });
  },
};

export const rateWindow: Rule = {
  id: 'alerts/rate-window',
  severity: 'warning',
  description: 'A rate, ratio or quantile window spans at least 4 scrape intervals, so one missed scrape does not blank it.',
  check: (ctx) => {
    const scrape = ctx.taxonomy.alerting;
    if (Number.isNaN(scrape.scrapeIntervalMs)) return [];
    return alertsOf(ctx)
      .filter((a) => a.signal.kind !== 'gauge' && a.windowMs >= scrape.scrapeIntervalMs && a.windowMs < 4 * scrape.scrapeIntervalMs)
      .map((alert) => ({
        at: ctx.at(alert.file, [...alert.path, 'window'], 'value'),
        problem: `Window ${alert.window} of alert "${alert.name}" spans fewer than 4 scrape intervals (${scrape.scrapeInterval}): rate() needs two samples and one missed scrape empties it.`,
        expected: 'a window of at least 4x scrape_interval (Prometheus practice)',
        example: 'window: 2m   # with scrape_interval: 15s',
      }));
  },
};

const DAY_MS = 86_400_000;

export const baselineBeyondRetention: Rule = {
  id: 'alerts/baseline-beyond-retention',
  severity: 'warning',
  description: "A baseline reaches no further back than Prometheus keeps samples (`retention`, default 15d, Prometheus' own default).",
  check: (ctx) => {
    const { retention, retentionMs } = ctx.taxonomy.alerting;
    if (Number.isNaN(retentionMs)) return [];
    return alertsOf(ctx).flatMap((alert) => {
      const b = alert.baseline;
      if (!b || Number.isNaN(alert.windowMs)) return [];
      // How far back the oldest sample read lies. same_hour: the oldest day's offset plus the
      // signal's window. average: the history starts one window back (offset) and its oldest point
      // is itself the signal over a window: over + 2 windows ([30d:1d] offset 1d of a 1d increase: 32d).
      const [reachMs, path] = b.type === 'average' ? [b.overMs + 2 * alert.windowMs, 'over'] : [b.days * DAY_MS + alert.windowMs, 'days'];
      if (Number.isNaN(reachMs) || reachMs <= retentionMs) return [];
      const reach = formatDuration(reachMs);
      return [{
        at: ctx.at(alert.file, [...alert.path, 'baseline', path], 'value'),
        problem: `The baseline of alert "${alert.name}" reads ${reach} back (${b.type === 'average' ? `over ${b.over} plus twice the ${alert.window} window` : `${b.days} days plus the ${alert.window} window`}), beyond the ${retention} Prometheus keeps: it would compare against a partial history.`,
        expected: `retention (top-level, as set by --storage.tsdb.retention.time) of at least ${reach}, or a shorter baseline`,
        example: `retention: ${Math.ceil(reachMs / DAY_MS) + 3}d   # and run Prometheus with --storage.tsdb.retention.time=${Math.ceil(reachMs / DAY_MS) + 3}d`,
      }];
    });
  },
};

/** The Prometheus alert name: `ai_error_rate` -> `AiErrorRate`. Two alerts must not share one. */
export function prometheusAlertName(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

export const duplicateName: Rule = {
  id: 'alerts/duplicate-name',
  severity: 'error',
  description: 'No two alerts export under the same Prometheus alert name (ai_error_rate and ai-error-rate are both AiErrorRate).',
  check: (ctx) => {
    const seen = new Map<string, AlertDef>();
    return alertsOf(ctx).flatMap((alert) => {
      const exported = prometheusAlertName(alert.name);
      const earlier = seen.get(exported);
      if (!earlier) {
        seen.set(exported, alert);
        return [];
      }
      return [{
        at: alert.at,
        problem: `Alert "${alert.name}" exports as ${exported}, like "${earlier.name}" at ${earlier.at.file}:${earlier.at.line}:${earlier.at.column}.`,
        expected: 'alert names that differ by more than case and separators',
        example: `${alert.name}_api:`,
      }];
    });
  },
};

export const quantileNeedsHistogram: Rule = {
  id: 'alerts/quantile-needs-histogram',
  severity: 'error',
  description: 'A quantile is computed from a histogram metric.',
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) => {
      if (alert.signal.kind !== 'quantile') return [];
      const metric = metricOf(alert.signal.of.metric);
      if (!metric || metric.kind === 'histogram') return [];
      const histograms = Object.entries(METRICS).filter(([, m]) => m.kind === 'histogram').map(([id]) => id);
      return [{
        at: ctx.at(alert.file, [...alert.signal.of.path, 'metric'], 'value'),
        problem: `Alert "${alert.name}" takes a quantile of ${alert.signal.of.metric}, a ${metric.kind}: only a histogram has a distribution.`,
        expected: `a histogram: ${histograms.join(', ')}`,
        example: 'quantile: { metric: genAiOperationDuration, q: 0.95 }',
      }];
    }),
};

const counting = (m: MetricDefinition) => m.kind === 'counter' || m.kind === 'histogram';

export const ratioNeedsCounters: Rule = {
  id: 'alerts/ratio-needs-counters',
  severity: 'error',
  description: 'A ratio, rate or increase reads counters (or a histogram, by its count); a gauge is read with `gauge:`.',
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) => {
      if (alert.signal.kind === 'quantile' || alert.signal.kind === 'gauge') return [];
      const kind = alert.signal.kind;
      return signalSelectors(alert.signal)
        .filter((s: MetricSelector) => metricOf(s.metric) && !counting(metricOf(s.metric)!))
        .map((s) => ({
          at: ctx.at(alert.file, [...s.path, 'metric'], 'value'),
          problem: `Alert "${alert.name}" takes a ${kind} of ${s.metric}, a ${metricOf(s.metric)!.kind}: a gauge goes up and down, so its rate means nothing.`,
          expected: 'a counter (or a histogram, whose count is one); read a gauge with `gauge: { metric, aggregate: max }`',
          example: 'ratio: { numerator: { metric: aiErrors }, denominator: { metric: generations } }',
        }));
    }),
};

export const gaugeNeedsGauge: Rule = {
  id: 'alerts/gauge-needs-gauge',
  severity: 'error',
  description: '`gauge:` reads a gauge metric (a counter only ever grows).',
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) => {
      if (alert.signal.kind !== 'gauge') return [];
      const metric = metricOf(alert.signal.of.metric);
      if (!metric || metric.kind === 'gauge') return [];
      return [{
        at: ctx.at(alert.file, [...alert.signal.of.path, 'metric'], 'value'),
        problem: `Alert "${alert.name}" reads ${alert.signal.of.metric}, a ${metric.kind}, as a gauge: its raw value only grows.`,
        expected: 'a gauge (e.g. mpQueueSize), or rate/increase/ratio for a counter',
        example: 'gauge: { metric: mpQueueSize, aggregate: max }',
      }];
    }),
};

export const summaryPlaceholder: Rule = {
  id: 'alerts/summary-placeholder',
  severity: 'error',
  description: 'A summary uses known placeholders, and `labels.<key>` only for group-by labels.',
  check: (ctx) =>
    alertsOf(ctx).flatMap((alert) =>
      [...alert.summary.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].flatMap(([, name]) => {
        const key = name!.startsWith('labels.') ? name!.slice('labels.'.length) : undefined;
        if (key !== undefined ? alert.labels.includes(key) : (SUMMARY_PLACEHOLDERS as readonly string[]).includes(name!)) return [];
        return [{
          at: ctx.at(alert.file, [...alert.path, 'summary'], 'value'),
          problem: key !== undefined
            ? `Summary of "${alert.name}" uses {{ labels.${key} }}, but "${key}" is not one of its group-by labels (${alert.labels.join(', ') || 'none'}): it would be empty.`
            : `Summary of "${alert.name}" uses unknown placeholder {{ ${name} }}.`,
          expected: `placeholders among ${SUMMARY_PLACEHOLDERS.map((p) => `{{ ${p} }}`).join(', ')} and {{ labels.<group-by label> }}`,
          example: 'summary: AI error rate {{ value }} > {{ threshold }} over {{ window }} for {{ labels.feature }} (release {{ release }})',
        }];
      }),
    ),
};

export const alertRules = [
  unknownMetric,
  unknownLabel,
  highCardinalityLabel,
  unknownLabelValue,
  severityOrder,
  unknownSeverity,
  invalidDuration,
  windowTooShort,
  rateWindow,
  baselineBeyondRetention,
  duplicateName,
  quantileNeedsHistogram,
  ratioNeedsCounters,
  gaugeNeedsGauge,
  summaryPlaceholder,
];
