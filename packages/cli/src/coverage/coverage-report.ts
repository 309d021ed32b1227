import { didYouMean, type Taxonomy } from '@taxon/taxonomy';
import { UsageError } from '../io.js';
import type { BypassCall, CallSite, CallSiteIndex, DynamicCall, UnknownEventCall } from './index-call-sites.js';

/** The result of `taxon coverage`, as printed by `--format json`. */
export interface CoverageReport {
  taxonomy: { name: string; version: string };
  /** Files indexed, by side. */
  files: { client: number; server: number; shared: number };
  /** Every event with at least one call site: `{ file, line }` of each. Read by `taxon diff`. */
  callSites: Record<string, { file: string; line: number }[]>;
  /** Every emission found, with how it was recognised. */
  calls: CallSite[];
  /** Events never emitted on their owner's side (client events in client or shared code, ...). */
  unused: { client: string[]; server: string[] };
  /** Events not emitted here that `coverage.emittedElsewhere` explains, with the reason. */
  explained: { event: string; reason: string }[];
  /** Events `coverage.emittedElsewhere` explains but that this code does emit: the entry is stale. */
  staleExplanations: { event: string; sites: { file: string; line: number }[] }[];
  /** Events emitted only on the other side: a client event sent only from server code. */
  wrongSide: { event: string; owner: 'client' | 'server'; sites: { file: string; line: number }[] }[];
  /** Funnel steps never emitted on their owner's side: the command exits 1 when there is one. */
  missingFunnelSteps: { funnel: string; step: string; owner: 'client' | 'server' }[];
  /** Calls whose event name cannot be resolved to literals. */
  dynamic: DynamicCall[];
  /** Literal event names that are not in the taxonomy. The command exits 1 when there is one. */
  unknown: UnknownEventCall[];
  /** Direct gtag / dataLayer / sendGAEvent calls outside `allowBypass`. */
  bypasses: BypassCall[];
}

/** Joins the call-site index with the taxonomy: unused events, wrong sides, funnel gaps. */
export function buildCoverageReport(
  taxonomy: Taxonomy,
  index: CallSiteIndex,
  files: CoverageReport['files'],
  emittedElsewhere: Readonly<Record<string, string>> = {},
): CoverageReport {
  for (const event of Object.keys(emittedElsewhere)) {
    if (taxonomy.events.has(event)) continue;
    const hint = didYouMean(event, [...taxonomy.events.keys()]);
    throw new UsageError(`taxon.config: coverage.emittedElsewhere names "${event}", which is not an event of the taxonomy.` +
      `${hint ? ` Did you mean "${hint}"?` : ''}`);
  }
  const callSites: CoverageReport['callSites'] = {};
  const sorted = [...index.calls].sort((a, b) => a.event.localeCompare(b.event) || a.file.localeCompare(b.file) || a.line - b.line);
  for (const call of sorted) {
    const list = (callSites[call.event] ??= []);
    if (!list.some((s) => s.file === call.file && s.line === call.line)) list.push({ file: call.file, line: call.line });
  }
  const onOwnSide = (event: string, owner: 'client' | 'server') =>
    index.calls.some((c) => c.event === event && (c.side === owner || c.side === 'shared'));
  const unused: CoverageReport['unused'] = { client: [], server: [] };
  const explained: CoverageReport['explained'] = [];
  const staleExplanations: CoverageReport['staleExplanations'] = [];
  const wrongSide: CoverageReport['wrongSide'] = [];
  for (const [name, event] of taxonomy.events) {
    const reason = emittedElsewhere[name];
    if (onOwnSide(name, event.owner)) {
      if (reason !== undefined) staleExplanations.push({ event: name, sites: callSites[name] ?? [] });
      continue;
    }
    if (reason !== undefined) {
      explained.push({ event: name, reason });
      continue;
    }
    unused[event.owner].push(name);
    const sites = callSites[name];
    if (sites) wrongSide.push({ event: name, owner: event.owner, sites });
  }
  const missingFunnelSteps: CoverageReport['missingFunnelSteps'] = [];
  for (const [funnel, def] of taxonomy.funnels) {
    for (const step of def.steps) {
      const owner = taxonomy.events.get(step)?.owner ?? 'client';
      if (!onOwnSide(step, owner) && emittedElsewhere[step] === undefined) missingFunnelSteps.push({ funnel, step, owner });
    }
  }
  return {
    taxonomy: { name: taxonomy.name, version: taxonomy.version },
    files,
    callSites,
    calls: sorted,
    unused,
    explained,
    staleExplanations,
    wrongSide,
    missingFunnelSteps,
    dynamic: index.dynamic,
    unknown: index.unknown,
    bypasses: index.bypasses,
  };
}

/**
 * Exit code of a report: 1 when a funnel step is never emitted or a literal name is not in the
 * taxonomy; with `strict`, also for unused events, stale explanations, dynamic names and bypasses;
 * else 0.
 */
export function coverageExitCode(report: CoverageReport, strict: boolean): 0 | 1 {
  if (report.missingFunnelSteps.length > 0 || report.unknown.length > 0) return 1;
  const warnings = report.unused.client.length + report.unused.server.length + report.dynamic.length +
    report.bypasses.length + report.staleExplanations.length;
  return strict && warnings > 0 ? 1 : 0;
}
