// @taxon/collector: a local GA4 Measurement Protocol collector that knows the taxonomy.
export { startCollector } from './start-collector.js';
export type { CollectorOptions, RunningCollector } from './start-collector.js';
export type { CompiledTaxonomy } from './load-taxonomy.js';
export { loadCollectorTaxonomy } from './load-taxonomy.js';
export type { ValidationCode, ValidationMessage } from './validation-message.js';
export type { StoredEvent } from './store/event-store.js';
export { funnelReport } from './funnels/funnel-report.js';
export type { FunnelOptions, FunnelReport, FunnelStepReport } from './funnels/funnel-report.js';
export { checkRequest } from './validate/check-request.js';
export type { CheckedEvent, CheckedRequest } from './validate/check-request.js';
export { BUILT_IN_EVENTS } from './built-in-events.js';
export { COLLECTOR_MIGRATIONS, COLLECTOR_MIGRATION_SCOPE } from './store/migrations.js';
