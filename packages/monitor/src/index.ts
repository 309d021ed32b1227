// @taxon/monitor: the operator layer. Prometheus exposition and InfluxDB line protocol from the
// metrics Taxon records (the table in @taxon/core/telemetry), and alert rules from
// `taxonomy/alerts.yaml` exported for Prometheus and Grafana.

// Metrics export: the registry (a MetricsSink), the Prometheus and line-protocol endpoints, Influx push.
export { createMetrics, type CreateMetricsOptions, type TaxonMetrics } from './metrics/create-metrics.js';
export type { MetricsTaxonomy } from './metrics/label-guard.js';
export { SAMPLE_DROP_REASONS, SELF_METRICS, type SampleDropReason } from './metrics/self-metrics.js';
export type { MetricsAccessOptions } from './http/bearer-token.js';
export { metricsHandler, PROMETHEUS_CONTENT_TYPE, type MetricsHandlerOptions } from './prometheus/metrics-handler.js';
export { formatLine, escapeKey, escapeMeasurement, quoteString, sanitizeIdentifier, integer, type LinePoint, type LineFieldValue, type LineInteger } from './line-protocol/format-line.js';
export { encodeLineProtocol, type EncodeLineProtocolOptions } from './line-protocol/encode-line-protocol.js';
export { lineProtocolHandler, type LineProtocolHandlerOptions } from './line-protocol/line-protocol-handler.js';
export { pushToInflux, type PushToInfluxOptions, type InfluxPushResult } from './line-protocol/push-to-influx.js';

// Alert rules (taxonomy/alerts.yaml) for Prometheus and Grafana.
export * from './alerts/index.js';
