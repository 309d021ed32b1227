import { resolve } from 'node:path';
import { lintTaxonomy, loadTaxonomySources, TaxonomyIOError, type LintResult } from '@taxon/taxonomy';
import type { ResolvedConfig } from '../config.js';
import { UsageError } from '../io.js';

/** Loads and lints the taxonomy folder (or `override`); I/O problems become usage errors. */
export async function lintFolder(config: ResolvedConfig, cwd: string, override?: string): Promise<LintResult> {
  const dir = override ? resolve(cwd, override) : resolve(config.root, config.taxonomy);
  try {
    return lintTaxonomy(await loadTaxonomySources(dir, cwd));
  } catch (error) {
    if (error instanceof TaxonomyIOError) throw new UsageError(error.message);
    throw error;
  }
}

export function summary(result: LintResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const files = result.taxonomy.files.length;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
}
