import type { CoverageReport } from './coverage-report.js';

const at = (s: { file: string; line: number; column?: number }) => `${s.file}:${s.line}${s.column ? `:${s.column}` : ''}`;

/** The report for people: emitted events, then every problem with its location. */
export function formatCoverageText(report: CoverageReport, eventOwners: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const { client, server, shared } = report.files;
  const total = eventOwners.size;
  const emitted = Object.keys(report.callSites).length;
  lines.push(`taxon coverage: ${report.taxonomy.name} ${report.taxonomy.version}, ${client + server + shared} ` +
    `files (${client} client, ${server} server, ${shared} shared)`);
  lines.push('', `Emitted events: ${emitted} of ${total}`);
  const width = Math.max(5, ...Object.keys(report.callSites).map((e) => e.length));
  for (const [event, sites] of Object.entries(report.callSites)) {
    const shown = sites.slice(0, 3).map(at).join(', ');
    const more = sites.length > 3 ? ` and ${sites.length - 3} more` : '';
    lines.push(`  ${event.padEnd(width)}  ${(eventOwners.get(event) ?? '').padEnd(6)}  ${shown}${more}`);
  }
  if (report.missingFunnelSteps.length > 0) {
    lines.push('', 'Funnel steps never emitted (error):');
    for (const m of report.missingFunnelSteps) lines.push(`  ${m.funnel}: ${m.step} (${m.owner} event, not emitted ` +
      `in ${m.owner} code)`);
  }
  if (report.unknown.length > 0) {
    lines.push('', 'Event names not in the taxonomy (error):');
    for (const u of report.unknown) lines.push(`  ${at(u)}  "${u.event}"  ${u.call}`);
  }
  if (report.unused.client.length + report.unused.server.length > 0) {
    lines.push('', 'Defined but never emitted:');
    if (report.unused.client.length > 0) lines.push(`  client (looked for in client and shared code): ${report.unused.client.join(', ')}`);
    if (report.unused.server.length > 0) lines.push(`  server (looked for in server and shared code): ${report.unused.server.join(', ')}`);
  }
  if (report.explained.length > 0) {
    lines.push('', 'Emitted elsewhere (coverage.emittedElsewhere):');
    const w = Math.max(...report.explained.map((e) => e.event.length));
    for (const e of report.explained) lines.push(`  ${e.event.padEnd(w)}  ${e.reason}`);
  }
  if (report.staleExplanations.length > 0) {
    lines.push('', 'Stale coverage.emittedElsewhere entries (these events are emitted here; remove the entry):');
    for (const e of report.staleExplanations) lines.push(`  ${e.event}  ${e.sites.map(at).join(', ')}`);
  }
  for (const w of report.wrongSide) {
    lines.push(`  note: ${w.event} is a ${w.owner} event but is emitted only from ${w.owner === 'client' ? 'server' : 'client'} ` +
      `code: ${w.sites.map(at).join(', ')}`);
  }
  if (report.dynamic.length > 0) {
    lines.push('', 'Dynamic event names (not resolved, not guessed):');
    for (const d of report.dynamic) lines.push(`  ${at(d)}  ${d.call}  (name typed ${d.type})`);
  }
  if (report.bypasses.length > 0) {
    lines.push('', 'Calls that bypass the taxonomy:');
    for (const b of report.bypasses) lines.push(`  ${at(b)}  ${b.callee}(...)${b.callee === b.call ? '' : `  (${b.call})`}`);
  }
  const problems = [
    [report.missingFunnelSteps.length, 'missing funnel step'],
    [report.unknown.length, 'unknown event name'],
    [report.unused.client.length + report.unused.server.length, 'unused event'],
    [report.dynamic.length, 'dynamic name'],
    [report.bypasses.length, 'bypass'],
  ] as const;
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;
  const stale = report.staleExplanations.length;
  const summary = [...problems, ...(stale > 0 ? [[stale, 'stale explanation'] as const] : [])]
    .map(([n, what]) => plural(n, what)).join(', ');
  const elsewhere = report.explained.length > 0 ? ` (${report.explained.length} more emitted elsewhere)` : '';
  lines.push('', `taxon coverage: ${emitted}/${total} events emitted${elsewhere}; ${summary}`);
  return `${lines.join('\n')}\n`;
}
