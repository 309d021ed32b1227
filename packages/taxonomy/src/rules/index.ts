import { alertRules } from './alerts.js';
import { ga4Rules } from './ga4.js';
import { namingRules } from './naming.js';
import { priceRules } from './prices.js';
import { privacyRules } from './privacy.js';
import { referenceRules } from './references.js';
import type { Rule } from './rule.js';
import { valueRules } from './values.js';

/** Every lint rule, in the order findings are grouped in documentation. */
export const rules: readonly Rule[] = [
  ...namingRules,
  ...ga4Rules,
  ...privacyRules,
  ...referenceRules,
  ...valueRules,
  ...priceRules,
  ...alertRules,
];

export type { Rule, RuleContext } from './rule.js';
export { createContext } from './rule.js';

/** Checks made while parsing and structuring files, before the lint rules run. */
export const structuralRules: readonly Pick<Rule, 'id' | 'severity' | 'description'>[] = [
  { id: 'file/too-large', severity: 'error', description: 'A taxonomy file is at most 1 MiB.' },
  { id: 'file/binary', severity: 'error', description: 'A taxonomy file is UTF-8 text.' },
  { id: 'file/empty', severity: 'error', description: 'A taxonomy file is not empty.' },
  { id: 'file/not-regular', severity: 'error', description: 'A taxonomy file is a regular file (not a pipe, device or directory), never read otherwise.' },
  { id: 'file/unreadable', severity: 'error', description: 'A taxonomy file can be opened and read.' },
  { id: 'syntax/alias-limit', severity: 'error', description: 'YAML aliases expand to at most 100 nodes (no alias bombs).' },
  { id: 'syntax/yaml', severity: 'error', description: 'A taxonomy file is valid YAML.' },
  { id: 'syntax/duplicate-key', severity: 'error', description: 'No key appears twice in a mapping (YAML would keep the last silently).' },
  { id: 'syntax/multiple-documents', severity: 'error', description: 'One YAML document per file.' },
  { id: 'schema/unknown-key', severity: 'error', description: 'Only known keys, with a did-you-mean for typos.' },
  { id: 'schema/missing-field', severity: 'error', description: 'Required fields are present (description, type, owner, window, steps...).' },
  { id: 'schema/invalid-value', severity: 'error', description: 'Fields have the right type and form.' },
  { id: 'schema/irrelevant-key', severity: 'error', description: 'Keys apply to the param type they are used with.' },
  { id: 'ref/duplicate-definition', severity: 'error', description: 'Each event, param, funnel and alert is defined once across all files.' },
];
