import type { FindingInput, Severity, SourcePosition } from '../findings.js';
import type { Taxonomy } from '../model.js';
import { locate, type ParsedFile } from '../source.js';

/** What a rule sees: the compiled taxonomy, and a way to point at any node of any file. */
export interface RuleContext {
  taxonomy: Taxonomy;
  /** Position of the key (or value) at `path` inside `file`. */
  at(file: string, path: readonly (string | number)[], part?: 'key' | 'value'): SourcePosition;
}

/** A lint rule: an id, a default severity, one line of documentation, and a check. */
export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(ctx: RuleContext): Omit<FindingInput, 'rule' | 'severity'>[];
}

export function createContext(taxonomy: Taxonomy, parsed: readonly ParsedFile[]): RuleContext {
  const byFile = new Map(parsed.map((p) => [p.file, p]));
  return {
    taxonomy,
    at(file, path, part = 'key') {
      const p = byFile.get(file);
      return p ? locate(p, path, part) : { file, line: 1, column: 1 };
    },
  };
}

/** Splits a snake_case name into words. */
export const words = (name: string): string[] => name.split('_').filter(Boolean);

/**
 * Every event (or param) name with its position, including definitions that failed structural
 * validation: name rules still apply to them, so one run reports every finding.
 */
export function definedNames(ctx: RuleContext, kind: 'events' | 'params'): { name: string; at: SourcePosition }[] {
  const defined = [...ctx.taxonomy[kind].values()].map((d) => ({ name: d.name, at: d.at }));
  const broken = [...ctx.taxonomy.brokenNames[kind].entries()].map(([name, d]) => ({ name, at: d.at }));
  return [...defined, ...broken].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line);
}
