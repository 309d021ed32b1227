import { summarize, summaryLine } from './summarize.js';
import type { DiffCategory, DiffChange, DiffReport } from './types.js';

const SECTIONS: readonly (readonly [DiffCategory, string])[] = [
  ['breaking', 'Breaking changes'],
  ['release', 'Release checks'],
  ['price', 'Prices'],
  ['additive', 'Additions'],
  ['cosmetic', 'Cosmetic changes'],
];
const MAX_CALL_SITES = 10;

const where = (c: DiffChange): string =>
  `\`${c.at.file}:${c.at.line}\`${c.at.side === 'base' ? ' in the base version' : ''}`;

function axes(c: DiffChange): string {
  if (c.producerBreaking && c.consumerBreaking) return 'breaks code and reports';
  return c.producerBreaking ? 'breaks code' : 'breaks reports';
}

function funnelsLine(c: DiffChange): string | undefined {
  if (c.funnels.length === 0) return undefined;
  return c.funnels
    .map((f) =>
      f.step === undefined
        ? `the \`${f.funnel}\` funnel (${f.steps} steps)`
        : `the \`${f.funnel}\` funnel, step ${f.step} of ${f.steps}`,
    )
    .join(', ');
}

function callSitesLine(c: DiffChange): string | undefined {
  if (!c.callSites || c.events.length === 0) return undefined;
  if (c.callSites.length === 0) return `none found for ${c.events.map((e) => `\`${e}\``).join(', ')}`;
  const shown = c.callSites.slice(0, MAX_CALL_SITES).map((s) => `\`${s.file}:${s.line}\` (${s.event})`);
  const more = c.callSites.length - MAX_CALL_SITES;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function breakingItem(c: DiffChange): string {
  const lines = [`- **${c.severity}** \`${c.rule}\` (${axes(c)}): ${c.title}`];
  const detail = (label: string, text: string | undefined) => {
    if (text) lines.push(`  - ${label}: ${text}`);
  };
  detail('Code', c.producer);
  detail('Reports', c.consumer);
  // A param-level change reaches code and reports through the events that carry the param.
  if (!c.events.includes(c.subject) && c.events.length > 0) detail('Events', c.events.map((e) => `\`${e}\``).join(', '));
  detail('Funnels', funnelsLine(c));
  detail('Call sites', c.producerBreaking ? callSitesLine(c) : undefined);
  detail('Where', where(c));
  return lines.join('\n');
}

const item = (c: DiffChange): string => `- **${c.severity}** \`${c.rule}\`: ${c.title} At ${where(c)}.`;

/**
 * The report as Markdown for a pull-request comment: the verdict first, then breaking changes
 * (each with what code and reports must do, the funnels and call sites it touches), release
 * checks, prices, additions and cosmetic changes. Written for a reviewer who does not read YAML.
 */
export function renderMarkdown(report: DiffReport): string {
  const out: string[] = [];
  const s = summarize(report);
  out.push(`**${summaryLine(report)}**`);
  out.push('');
  out.push(
    `Taxonomy \`${report.head.name}\`: ${report.base.version} (${report.base.label}) → ` +
      `${report.head.version} (${report.head.label}).` +
      (s.breaking > 0
        ? ` Of the breaking changes, ${s.producerBreaking} require${s.producerBreaking === 1 ? 's' : ''} code changes` +
          ` and ${s.consumerBreaking} break${s.consumerBreaking === 1 ? 's' : ''} reports.`
        : ''),
  );
  for (const [category, heading] of SECTIONS) {
    const changes = report.changes.filter((c) => c.category === category);
    if (changes.length === 0) continue;
    out.push('', `### ${heading} (${changes.length})`, '');
    out.push(...changes.map(category === 'breaking' ? breakingItem : item));
  }
  out.push('');
  if (!report.coverage && s.breaking > 0) {
    out.push(
      'Call sites are not listed: pass `--coverage <file.json>` (an index of `{ [event]: [{ file, line }] }`) to list them.',
      '',
    );
  }
  out.push(
    'Severities and the gate are set with `diff.rules` in taxon.config.mjs and `--fail-on`; ' +
      '`taxon diff --help` lists the rules.',
  );
  return `${out.join('\n')}\n`;
}
