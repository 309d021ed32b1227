/** How bad a finding is: `error` fails `taxon lint` and blocks `taxon gen`; `warning` is reported only. */
export type Severity = 'error' | 'warning';

/** A position in a taxonomy source file, 1-based like editors show it. */
export interface SourcePosition {
  /** Path of the file, relative to the working directory when it was loaded. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** One problem found in a taxonomy: where, which rule, how bad, and what to do instead. */
export interface Finding extends SourcePosition {
  /** Rule id, `group/name` (for example `naming/snake-case`). */
  rule: string;
  severity: Severity;
  /** What is wrong, what was expected and a valid example, in one sentence group. */
  message: string;
}

/** The parts of a finding a rule supplies; the message is assembled from them. */
export interface FindingInput {
  rule: string;
  severity: Severity;
  at: SourcePosition;
  /** What is wrong. */
  problem: string;
  /** What was expected instead. */
  expected?: string;
  /** A valid example, shown as code. */
  example?: string;
}

export function makeFinding(input: FindingInput): Finding {
  let message = input.problem;
  if (input.expected) message += ` Expected ${input.expected}.`;
  if (input.example) message += ` Example: ${input.example}`;
  return { ...input.at, rule: input.rule, severity: input.severity, message };
}

/** Sorts findings by file, line, column, then rule, so output is stable across runs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule),
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** `file:line:column  severity  rule  message`, one finding per line, for people and editors. */
export function formatFindingsText(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.rule}\n  ${f.message}`)
    .join('\n');
}
