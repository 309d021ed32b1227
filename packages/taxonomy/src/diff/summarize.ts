import type { DiffCategory, DiffChange, DiffReport } from './types.js';

/** Counts of a report, by severity and by category. */
export interface DiffSummary {
  errors: number;
  warnings: number;
  infos: number;
  breaking: number;
  /** Breaking changes that require code changes. */
  producerBreaking: number;
  /** Breaking changes that break reports, funnels or history. */
  consumerBreaking: number;
  release: number;
  price: number;
  additive: number;
  cosmetic: number;
}

/** Counts the changes of a report by severity and category. */
export function summarize(report: Pick<DiffReport, 'changes'>): DiffSummary {
  const by = (test: (c: DiffChange) => boolean) => report.changes.filter(test).length;
  const category = (name: DiffCategory) => by((c) => c.category === name);
  return {
    errors: by((c) => c.severity === 'error'),
    warnings: by((c) => c.severity === 'warn'),
    infos: by((c) => c.severity === 'info'),
    breaking: category('breaking'),
    producerBreaking: by((c) => c.producerBreaking),
    consumerBreaking: by((c) => c.consumerBreaking),
    release: category('release'),
    price: category('price'),
    additive: category('additive'),
    cosmetic: category('cosmetic'),
  };
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The one-line verdict that heads every format, for example
 * `taxon diff failed: 1 breaking change, 1 release problem, 0 additions (2 errors, 1 warning).`
 */
export function summaryLine(report: DiffReport): string {
  if (report.changes.length === 0) {
    return `taxon diff passed: no changes between ${report.base.label} and ${report.head.label}.`;
  }
  const s = summarize(report);
  const parts = [
    count(s.breaking, 'breaking change'),
    count(s.release, 'release problem'),
    ...(s.price > 0 ? [count(s.price, 'price change')] : []),
    count(s.additive, 'addition'),
    count(s.cosmetic, 'cosmetic change'),
  ];
  const verdict = report.failed ? 'failed' : 'passed';
  const severities = `${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}`;
  return `taxon diff ${verdict}: ${parts.join(', ')} (${severities}; gate: --fail-on ${report.failOn}).`;
}
