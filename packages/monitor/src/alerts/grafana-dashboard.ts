import type { AlertDef, AlertDisplay, AlertSignal } from '@taxon/taxonomy';
import { grafanaUnit } from './format-value.js';
import { alertValueExpr, signalExpr, type PromqlOptions } from './promql.js';

// Seed 000's one screen: reliability, throughput, financial. A panel shows the value of the alert
// it is named after (with that alert's thresholds as lines) when the alerts file declares it, else
// its own default query. Revenue and margin have no metric yet: their panels are present and say
// they fill in once revenue tracking lands (issue 15).

/** The Grafana datasource input every panel uses; Grafana asks for it on import. */
export const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' } as const;

interface PanelSpec {
  title: string;
  description: string;
  /** The alert whose value and thresholds this panel shows, when declared. */
  alert?: string;
  /** The query when the alert is absent (or for panels without an alert). */
  fallback?: { signal: AlertSignal; window: string; labels: string[] };
  /** Legend, with `{{label}}` placeholders. */
  legend?: string;
  display: AlertDisplay;
  /** Not yet measurable: the panel is present and says when it fills in. */
  pending?: string;
}

const sel = (metric: string, where: Record<string, string[]> = {}) => ({ metric, where, path: [] });
const REVENUE_PENDING = 'Fills in once revenue tracking lands (the revenue issue: Stripe renewals into a revenue metric and ledger).';

/** The rows of the dashboard, top to bottom. */
export const DASHBOARD_ROWS: readonly { title: string; panels: readonly PanelSpec[] }[] = [
  {
    title: 'Reliability',
    panels: [
      { title: 'AI latency p95', description: '95th percentile duration of AI calls, per feature.', alert: 'ai_latency_p95', display: 'seconds', legend: '{{feature}}',
        fallback: { signal: { kind: 'quantile', quantile: 0.95, of: sel('genAiOperationDuration') }, window: '5m', labels: ['feature'] } },
      { title: 'AI error rate', description: 'Failed AI calls / all AI calls, per feature and model.', alert: 'ai_error_rate', display: 'percent', legend: '{{feature}} {{model}}',
        fallback: { signal: { kind: 'ratio', numerator: sel('aiErrors'), denominator: sel('generations') }, window: '5m', labels: ['feature', 'model'] } },
      { title: 'API response time p95', description: 'API routes Taxon wraps, separately from AI latency.', alert: 'api_latency_p95', display: 'seconds', legend: '{{http_route}}',
        fallback: { signal: { kind: 'quantile', quantile: 0.95, of: sel('httpRouteDuration') }, window: '5m', labels: ['http_route'] } },
    ],
  },
  {
    title: 'Throughput',
    panels: [
      { title: 'Generations per minute', description: 'AI calls per minute, by outcome.', display: 'number', legend: '{{outcome}}',
        fallback: { signal: { kind: 'rate', of: sel('generations'), per: '1m', perMs: 60_000 }, window: '5m', labels: ['outcome'] } },
      { title: 'Tokens per minute', description: 'Tokens per minute, by type (input, output, cache).', display: 'number', legend: '{{token_type}}',
        fallback: { signal: { kind: 'rate', of: sel('aiTokens'), per: '1m', perMs: 60_000 }, window: '5m', labels: ['token_type'] } },
      { title: 'MP queue size', description: 'Measurement Protocol events waiting to be sent (largest in 5m).', alert: 'mp_queue_backlog', display: 'number', legend: 'queue',
        fallback: { signal: { kind: 'gauge', of: sel('mpQueueSize'), aggregate: 'max' }, window: '5m', labels: [] } },
    ],
  },
  {
    title: 'Financial',
    panels: [
      { title: 'AI cost per day', description: 'AI cost of the trailing day in USD, from the usage log\'s exact cost.', display: 'usd', legend: 'AI cost',
        fallback: { signal: { kind: 'increase', of: sel('aiCost') }, window: '1d', labels: [] } },
      { title: 'Revenue per day', description: REVENUE_PENDING, display: 'usd', pending: REVENUE_PENDING },
      { title: 'Gross margin', description: `(revenue - AI cost - infra cost) / revenue. ${REVENUE_PENDING}`, display: 'percent', pending: REVENUE_PENDING },
    ],
  },
];

/** Options of {@link renderGrafanaDashboard}. */
export interface GrafanaDashboardOptions extends PromqlOptions {
  /** @default 'Taxon: operator view' */
  title?: string;
  /** @default 'taxon-operator' */
  uid?: string;
}

const PANEL_WIDTH = 8;
const PANEL_HEIGHT = 8;

/**
 * Grafana threshold steps: ascending values, each colouring from its value up. `above`: green
 * base, then each level's colour from its threshold. `below`: the most severe colour as base, and
 * from each threshold up the colour of the next milder level (green from the mildest up).
 */
function thresholds(alert: AlertDef | undefined) {
  // A baseline alert compares a ratio or z-score, not the charted signal: no line for it.
  if (!alert || alert.baseline) return { mode: 'absolute', steps: [{ color: 'green', value: null }] };
  const colorOf = (severity: string) => ({ warning: 'orange', critical: 'red' })[severity] ?? 'red';
  const sorted = [...alert.levels].sort((a, b) => a.threshold - b.threshold);
  const steps: { color: string; value: number | null }[] =
    alert.condition === 'above'
      ? [{ color: 'green', value: null }, ...sorted.map((l) => ({ color: colorOf(l.severity), value: l.threshold }))]
      : [
          { color: colorOf(sorted[0]!.severity), value: null },
          ...sorted.map((l, i) => ({ color: sorted[i + 1] ? colorOf(sorted[i + 1]!.severity) : 'green', value: l.threshold })),
        ];
  return { mode: 'absolute', steps };
}

/**
 * A Grafana dashboard (classic JSON model) importable through Dashboards > Import: `__inputs`
 * asks for the Prometheus datasource (`${DS_PROMETHEUS}`), `__requires` names the plugins, and
 * the panels are seed 000's one screen in three rows, 3 panels of 8 columns each.
 */
export function grafanaDashboard(alerts: readonly AlertDef[], options: GrafanaDashboardOptions = {}): Record<string, unknown> {
  const byName = new Map(alerts.map((a) => [a.name, a]));
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const row of DASHBOARD_ROWS) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    row.panels.forEach((spec, i) => {
      const alert = spec.alert ? byName.get(spec.alert) : undefined;
      let expr: string | undefined;
      if (alert) expr = alertValueExpr(alert, options);
      else if (spec.fallback) expr = signalExpr(spec.fallback.signal, spec.fallback.window, spec.fallback.labels, 0, options);
      panels.push({
        id: id++,
        type: 'timeseries',
        title: spec.pending ? `${spec.title} (pending revenue tracking)` : spec.title,
        description: alert ? `${spec.description} Alert: ${alert.name}.` : spec.description,
        datasource: DATASOURCE,
        gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: i * PANEL_WIDTH, y },
        targets: expr ? [{ refId: 'A', datasource: DATASOURCE, expr, legendFormat: spec.legend ?? '__auto', range: true }] : [],
        fieldConfig: {
          defaults: {
            unit: grafanaUnit(spec.display),
            thresholds: thresholds(alert),
            custom: { thresholdsStyle: { mode: alert && !alert.baseline ? 'line' : 'off' } },
          },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
      });
    });
    y += PANEL_HEIGHT;
  }
  return {
    __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', description: 'The Prometheus that scrapes your app\'s Taxon metrics.', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' }],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
      { type: 'panel', id: 'timeseries', name: 'Time series', version: '' },
    ],
    annotations: { list: [] },
    editable: true,
    graphTooltip: 1,
    id: null,
    uid: options.uid ?? 'taxon-operator',
    title: options.title ?? 'Taxon: operator view',
    tags: ['taxon'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    refresh: '1m',
    time: { from: 'now-24h', to: 'now' },
    templating: { list: [] },
    panels,
  };
}

/** {@link grafanaDashboard} as the JSON text Grafana imports. */
export function renderGrafanaDashboard(alerts: readonly AlertDef[], options: GrafanaDashboardOptions = {}): string {
  return `${JSON.stringify(grafanaDashboard(alerts, options), null, 2)}\n`;
}
