import { summaryLine } from './summarize.js';
import type { DiffChange, DiffReport } from './types.js';

const LEVEL = { error: 'error', warn: 'warning', info: 'notice' } as const;

// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const plain = (s: string): string => s.replace(/`/g, '');

function annotation(c: DiffChange): string {
  const funnels = c.funnels
    .filter((f) => f.step !== undefined)
    .map((f) => `${f.funnel} step ${f.step} of ${f.steps}`);
  const message = [
    c.title,
    c.producer && `Code: ${c.producer}`,
    c.consumer && `Reports: ${c.consumer}`,
    funnels.length > 0 && `Funnels: ${funnels.join(', ')}.`,
    c.at.side === 'base' && '(Position in the base version; removed in head.)',
  ]
    .filter(Boolean)
    .join(' ');
  const title = escapeProperty(`taxon diff ${c.rule}`);
  const props = `file=${escapeProperty(c.at.file)},line=${c.at.line},col=${c.at.column},title=${title}`;
  return `::${LEVEL[c.severity]} ${props}::${escapeData(plain(message))}`;
}

/**
 * The report as GitHub Actions workflow commands: one annotation per change (error, warning or
 * notice) at the head file and line, or the base one for removed definitions, then the verdict.
 */
export function renderGithub(report: DiffReport): string {
  return `${[...report.changes.map(annotation), summaryLine(report)].join('\n')}\n`;
}
