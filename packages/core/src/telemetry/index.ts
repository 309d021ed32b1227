// @taxon/core/telemetry: the names and the metric table shared by what records metrics and spans
// (@taxon/edge), what exports them (@taxon/monitor) and what lints alert rules (@taxon/taxonomy).
// A separate entry, so browser bundles (which import @taxon/core) never carry it.
export * from './semconv.js';
export * from './metric-catalog.js';
export type * from './metrics-sink.js';
