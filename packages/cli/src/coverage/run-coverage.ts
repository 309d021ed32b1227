import { dirname, join, resolve } from 'node:path';
import { lifecycleGroups, type Taxonomy } from '@taxon/taxonomy';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../io.js';
import { buildCoverageReport, type CoverageReport } from './coverage-report.js';
import { resolveCoverageOptions } from './coverage-options.js';
import { createSideOf } from './file-side.js';
import { indexCallSites } from './index-call-sites.js';
import { findFiles, matcher } from './lib/glob.js';
import { createIndexProgram } from './lib/program.js';
import { assertGeneratedCurrent } from './stale-generated.js';

/** `coverage.include` matches no source file (a repository holding only the taxonomy). */
export class NoSourceFilesError extends UsageError {
  override name = 'NoSourceFilesError';
}

/**
 * Indexes the project's sources against `taxonomy` and builds the coverage report. Paths come
 * from the config's `coverage` section, relative to the config file's folder. Throws
 * `StaleGeneratedCodeError` when the generated code names other events than the taxonomy.
 */
export function runCoverage(config: ResolvedConfig, taxonomy: Taxonomy): CoverageReport {
  const generatedDir = dirname(config.outputs.index);
  const options = resolveCoverageOptions(config.coverage, generatedDir);
  const relFiles = findFiles(config.root, options.include, options.exclude);
  if (relFiles.length === 0) {
    throw new NoSourceFilesError(`No source files to index under ${config.root} (coverage.include: ${options.include.join(', ')}).`);
  }
  const files = relFiles.map((f) => join(config.root, f));
  const program = createIndexProgram(config.root, files, options.tsconfig);
  // Trackers are recognised by the generated event-name type: against stale types the index
  // would silently miss calls, so it refuses instead.
  assertGeneratedCurrent(program, config.root, resolve(config.root, generatedDir), taxonomy.events.keys());
  const sideOf = createSideOf(options);
  const index = indexCallSites({
    program,
    root: config.root,
    files,
    events: taxonomy.events,
    lifecycles: lifecycleGroups(taxonomy),
    emitters: options.emitters,
    sideOf,
    allowBypass: matcher(options.allowBypass),
  });
  const counts = { client: 0, server: 0, shared: 0 };
  for (const [i, file] of files.entries()) {
    const sf = program.getSourceFile(file);
    if (sf) counts[sideOf(relFiles[i]!, sf)]++;
  }
  return buildCoverageReport(taxonomy, index, counts, options.emittedElsewhere);
}
