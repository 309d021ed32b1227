export { main, mainHelp, VERSION } from './main.js';
export { findConfig, type CollectorConfig, type TaxonConfig, type ResolvedConfig } from './config.js';
export { processIO, UsageError, EXIT, type CliIO } from './io.js';
export type { Command, CommandArgs } from './command.js';
export type { CoverageConfig, EmitterSpec } from './coverage/coverage-options.js';
export type { CoverageReport } from './coverage/coverage-report.js';
export type { CallSite, DynamicCall, BypassCall, UnknownEventCall, Location } from './coverage/index-call-sites.js';
export type { VerifyConfig } from './verify/verify-config.js';
