export { main, mainHelp, VERSION } from './main.js';
export { findConfig, type TaxonConfig, type ResolvedConfig } from './config.js';
export { processIO, UsageError, EXIT, type CliIO } from './io.js';
export type { Command, CommandArgs } from './command.js';
