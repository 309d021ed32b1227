import { didYouMean } from '../didyoumean.js';
import { diffRules } from './rules.js';

const SEVERITIES = ['error', 'warn', 'info', 'off'];
const KEYS = ['rules', 'failOn'];

/**
 * Checks a `diff` config value (from taxon.config.mjs) and returns one message per problem, each
 * naming the key, what was expected and, for a mistyped rule id, the closest one. Empty when valid.
 */
export function checkDiffConfig(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ["diff must be an object, for example: diff: { rules: { 'enum-value-added': 'off' }, failOn: 'error' }"];
  }
  const problems: string[] = [];
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config).filter((k) => !KEYS.includes(k))) {
    problems.push(`diff: unknown option "${key}". Expected: ${KEYS.join(', ')}.`);
  }
  if (config.failOn !== undefined && config.failOn !== 'error' && config.failOn !== 'warn') {
    problems.push(`diff.failOn: "${String(config.failOn)}" is not a gate. Expected error or warn.`);
  }
  const rules = config.rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
      problems.push("diff.rules must map rule ids to severities, for example { 'enum-value-added': 'off' }.");
      return problems;
    }
    const ids = diffRules.map((r) => r.id);
    for (const [id, severity] of Object.entries(rules)) {
      if (!ids.includes(id)) {
        const hint = didYouMean(id, ids);
        const suggestion = hint ? ` Did you mean "${hint}"?` : '';
        problems.push(`diff.rules: unknown rule "${id}".${suggestion} Run \`taxon diff --help\` for the list.`);
      }
      if (!SEVERITIES.includes(severity as string)) {
        problems.push(`diff.rules["${id}"]: "${String(severity)}" is not a severity. Expected ${SEVERITIES.join(', ')}.`);
      }
    }
  }
  return problems;
}
