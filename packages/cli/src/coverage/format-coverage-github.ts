import type { CoverageReport } from './coverage-report.js';

/** Where a taxonomy definition is, relative to the project root. */
export type DefinitionAt = (kind: 'event' | 'funnel', name: string) => { file: string; line: number } | undefined;

const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (text: string) => escape(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(level: 'error' | 'warning', at: { file: string; line: number; column?: number } | undefined, message: string): string {
  const where = at ? ` file=${prop(at.file)},line=${at.line}${at.column ? `,col=${at.column}` : ''},` : ' ';
  return `::${level}${where}title=taxon coverage::${escape(message)}`;
}

/**
 * GitHub Actions workflow commands: errors for funnel steps never emitted (on the funnel's
 * definition) and for unknown event names, warnings for unused events (on their definition),
 * dynamic names and bypasses (on the call).
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function formatCoverageGithub(report: CoverageReport, definitionAt: DefinitionAt): string {
  const lines: string[] = [];
  for (const m of report.missingFunnelSteps) {
    lines.push(annotation('error', definitionAt('funnel', m.funnel), `Funnel ${m.funnel}: step ${m.step} is never ` +
      `emitted in ${m.owner} code.`));
  }
  for (const u of report.unknown) lines.push(annotation('error', u, `"${u.event}" is not an event of the taxonomy: ` +
    `${u.call}`));
  for (const side of ['client', 'server'] as const) {
    for (const event of report.unused[side]) {
      lines.push(annotation('warning', definitionAt('event', event), `${event} (${side}) is defined but never ` +
        `emitted in ${side} code.`));
    }
  }
  for (const e of report.staleExplanations) {
    lines.push(annotation('warning', e.sites[0], `${e.event} is listed in coverage.emittedElsewhere but is emitted ` +
      'here: remove the entry.'));
  }
  for (const d of report.dynamic) lines.push(annotation('warning', d, `Dynamic event name (typed ${d.type}) cannot ` +
    `be checked: ${d.call}`));
  for (const b of report.bypasses) lines.push(annotation('warning', b, `${b.callee}() sends to analytics past the ` +
    `taxonomy (${b.call}). Use the typed trackEvent.`));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
