import { summarize } from './summarize.js';
import type { DiffReport } from './types.js';

/** The report as JSON: both sides, the gate, the counts and every change with its position. */
export function renderJson(report: DiffReport): string {
  const { base, head, failOn, failed, coverage, changes } = report;
  return `${JSON.stringify({ base, head, failOn, failed, coverage, summary: summarize(report), changes }, null, 2)}\n`;
}
