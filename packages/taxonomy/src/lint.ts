import { compileTaxonomy, type CompileResult } from './compile.js';
import { makeFinding, sortFindings, type Finding } from './findings.js';
import { createContext, rules } from './rules/index.js';
import type { SourceFile } from './source.js';

export interface LintResult extends CompileResult {
  /** Parse, structure and rule findings together, sorted by position. */
  findings: Finding[];
}

/**
 * Parses, validates and lints taxonomy sources in one pass. Never throws: every problem is a
 * finding. Rules run even when some definitions are broken, so one run reports everything.
 */
export function lintTaxonomy(sources: readonly SourceFile[]): LintResult {
  const compiled = compileTaxonomy(sources);
  const findings = [...compiled.findings];
  const ctx = createContext(compiled.taxonomy, compiled.parsed);
  for (const rule of rules) {
    try {
      for (const input of rule.check(ctx)) {
        findings.push(makeFinding({ ...input, rule: rule.id, severity: rule.severity }));
      }
    } catch (error) {
      // A rule bug must not hide the other findings; report it as a finding of its own.
      findings.push(
        makeFinding({
          rule: 'internal/rule-crashed',
          severity: 'error',
          at: { file: compiled.taxonomy.files[0] ?? '<taxonomy>', line: 1, column: 1 },
          problem: `Rule ${rule.id} crashed: ${(error as Error).message}. Please report this.`,
        }),
      );
    }
  }
  return { ...compiled, findings: sortFindings(findings) };
}
