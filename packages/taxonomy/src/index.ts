export { compileTaxonomy, type CompileResult } from './compile.js';
export { lintTaxonomy, type LintResult } from './lint.js';
export { loadTaxonomySources, readSourceFile, TaxonomyIOError } from './load.js';
export { parseSource, locate, MAX_ALIAS_COUNT, MAX_FILE_BYTES, type SourceFile, type ParsedFile, type UnreadReason } from './source.js';
export {
  formatFindingsText,
  hasErrors,
  sortFindings,
  type Finding,
  type Severity,
  type SourcePosition,
} from './findings.js';
export { rules, structuralRules, type Rule, type RuleContext } from './rules/index.js';
export { RESERVED_EVENTS, RESERVED_PARAMS, RESERVED_PREFIXES, MAX_PARAMS_PER_EVENT, MAX_PARAM_VALUE_LENGTH } from './rules/ga4.js';
export { bucketLabels, bucketOf, formatEdge, windowToMs } from './buckets.js';
export { didYouMean } from './didyoumean.js';
export {
  eventParams,
  lifecycleGroups,
  type BucketSpec,
  type EventDef,
  type EventOwner,
  type FunnelDef,
  type LifecycleGroup,
  type ModelPrices,
  type ParamDef,
  type ParamType,
  type PricePoint,
  type PriceTable,
  type Taxonomy,
} from './model.js';
export { generate, defaultOutputs, type GeneratedFile, type GenerateOptions, type OutputPaths } from './codegen/index.js';
export type { Lifecycle } from './model.js';
export * from './diff/index.js';
export { parseDuration, formatDuration } from './alerts/duration.js';
export {
  ALERT_SEVERITIES,
  SUMMARY_PLACEHOLDERS,
  signalSelectors,
  type AlertBaseline,
  type AlertCondition,
  type AlertDef,
  type AlertDisplay,
  type AlertingSettings,
  type AlertLevel,
  type AlertSeverity,
  type AlertSignal,
  type MetricSelector,
} from './alerts/model.js';
export { prometheusAlertName } from './rules/alerts.js';
export { DEFAULT_SCRAPE_INTERVAL } from './compile.js';
