// @taxon/monitor: the operator layer. Prometheus exposition and InfluxDB line protocol from the
// metrics Taxon records (the table in @taxon/core/telemetry), and alert rules from
// `taxonomy/alerts.yaml` exported for Prometheus and Grafana.

// Alert rules (taxonomy/alerts.yaml) for Prometheus and Grafana.
export * from './alerts/index.js';
