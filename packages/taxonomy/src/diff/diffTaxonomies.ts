import type { Taxonomy } from '../model.js';
import { createContext, type Draft } from './context.js';
import { diffEvents } from './events.js';
import { diffFunnels } from './funnels.js';
import { diffParams } from './params.js';
import { diffPrices } from './prices.js';
import { diffRule } from './rules.js';
import type { CoverageIndex, DiffCategory, DiffChange, DiffConfig, DiffReport } from './types.js';
import { versionDrafts } from './version.js';

/** Options of {@link diffTaxonomies}. */
export interface DiffOptions {
  /** Severity overrides and the gate; validate them first with `checkDiffConfig`. */
  config?: DiffConfig;
  /** Where each event is sent from, to list the call sites a change affects. */
  coverage?: CoverageIndex;
  /** How each side is named in the report, for example `origin/main` and `working tree`. @default 'base', 'head' */
  labels?: { base: string; head: string };
}

const ORDER: readonly DiffCategory[] = ['breaking', 'release', 'price', 'additive', 'cosmetic'];
/** Within breaking changes: those that break code and reports first, then code only, then reports only. */
const axisRank = (c: DiffChange): number => (c.producerBreaking ? 0 : 2) + (c.consumerBreaking ? 0 : 1);

/**
 * Compares two compiled taxonomies and classifies every change: producer- and consumer-breaking,
 * release rules (version bump, deprecation), prices, additive and cosmetic. Pure: no I/O. Both
 * sides should lint without errors; on a broken side the result is unreliable.
 */
export function diffTaxonomies(base: Taxonomy, head: Taxonomy, options: DiffOptions = {}): DiffReport {
  const overrides = options.config?.rules ?? {};
  const failOn = options.config?.failOn ?? 'error';
  const classify = (draft: Draft): DiffChange | undefined => {
    const rule = diffRule(draft.rule);
    const severity = overrides[rule.id] ?? rule.severity;
    if (severity === 'off') return undefined;
    const { category, producerBreaking, consumerBreaking } = rule;
    return { ...draft, category, producerBreaking, consumerBreaking, severity };
  };
  const keep = (drafts: Draft[]) => drafts.map(classify).filter((c): c is DiffChange => c !== undefined);

  const ctx = createContext(base, head);
  const changes = keep([
    ...ctx.renameFindings,
    ...diffEvents(ctx),
    ...diffParams(ctx),
    ...diffFunnels(ctx),
    ...diffPrices(ctx),
  ]);
  if (base.description !== head.description && head.manifest) {
    changes.push(...keep([{
      rule: 'description-changed',
      subject: head.name,
      title: `The description of the taxonomy changed to: "${head.description}"`,
      at: { side: 'head', file: head.manifest.file, line: 1, column: 1 },
      events: [],
      funnels: [],
    }]));
  }
  const count = (category: DiffCategory) => changes.filter((c) => c.category === category).length;
  changes.push(...keep(versionDrafts(base, head, { breaking: count('breaking'), additive: count('additive') })));

  if (options.coverage) {
    const index = options.coverage;
    for (const change of changes) {
      change.callSites = change.events.flatMap((event) =>
        (index[event] ?? []).map((site) => ({ event, file: site.file, line: site.line })),
      );
    }
  }
  changes.sort(
    (a, b) =>
      ORDER.indexOf(a.category) - ORDER.indexOf(b.category) ||
      axisRank(a) - axisRank(b) ||
      a.at.file.localeCompare(b.at.file) ||
      a.at.line - b.at.line ||
      a.rule.localeCompare(b.rule) ||
      a.subject.localeCompare(b.subject),
  );
  const failing = failOn === 'warn' ? new Set(['error', 'warn']) : new Set(['error']);
  return {
    base: { name: base.name, version: base.version, label: options.labels?.base ?? 'base' },
    head: { name: head.name, version: head.version, label: options.labels?.head ?? 'head' },
    changes,
    failOn,
    failed: changes.some((c) => failing.has(c.severity)),
    coverage: options.coverage !== undefined,
  };
}
