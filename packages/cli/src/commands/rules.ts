import { rules as lintRules, structuralRules } from '@taxon/taxonomy';

const rules = [...structuralRules, ...lintRules];
import type { Command } from '../command.js';
import type { CliIO } from '../io.js';

export const rulesHelp = `Usage: taxon rules [--format text|json]

Lists every lint rule with its id, default severity and what it checks.`;

function listRules(io: CliIO, args: { format: string }): number {
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify(rules.map(({ id, severity, description }) => ({ id, severity, description })), null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  io.stdout(`${rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`);
  return 0;
}

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'rules           list the lint rules',
  help: rulesHelp,
  options: { format: { type: 'string' } },
  needsConfig: false,
  run: (io, { values }) => listRules(io, { format: String(values.format ?? 'text') }),
};
