// Alert rules of taxonomy/alerts.yaml rendered for Prometheus and Grafana.
export { alertLevelExpr, alertValueExpr, scaledDuration, selectorText, signalExpr, signalMetricNames, type PromqlOptions } from './promql.js';
export { prometheusRules, renderPrometheusRules, summaryTemplate, type PrometheusAlertingRule, type PrometheusRulesOptions } from './prometheus-rules.js';
export { DASHBOARD_ROWS, DATASOURCE, grafanaDashboard, renderGrafanaDashboard, type GrafanaDashboardOptions } from './grafana-dashboard.js';
export { formatThreshold, grafanaUnit, valueTemplate } from './format-value.js';
