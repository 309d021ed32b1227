export { diffTaxonomies, type DiffOptions } from './diffTaxonomies.js';
export { diffRules, diffRule } from './rules.js';
export { checkDiffConfig } from './checkDiffConfig.js';
export { summarize, summaryLine, type DiffSummary } from './summarize.js';
export { renderMarkdown } from './renderMarkdown.js';
export { renderGithub } from './renderGithub.js';
export { renderJson } from './renderJson.js';
export { parseSemver, isMajorBump } from './version.js';
export type {
  CallSite,
  CoverageIndex,
  DiffCategory,
  DiffChange,
  DiffConfig,
  DiffPosition,
  DiffReport,
  DiffRule,
  DiffSeverity,
  FunnelImpact,
} from './types.js';
