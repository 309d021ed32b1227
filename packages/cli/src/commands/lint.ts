import { formatFindingsText, hasErrors } from '@taxon/taxonomy';
import type { Command } from '../command.js';
import type { ResolvedConfig } from '../config.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { lintFolder, summary } from './shared.js';

export const lintHelp = `Usage: taxon lint [path] [--format text|json]

Checks the taxonomy: YAML syntax, structure (unknown keys, missing fields), naming, tense, GA4
limits and reserved names, privacy (PII, free text, exact counts), lifecycles, references and
prices. All findings are reported in one run, each with file:line:column, the rule id, what was
expected and a valid example. Run \`taxon rules\` to list the rules.

Only regular files are read: a named pipe, a device or a symlink to a folder is a finding at its
path (file/not-regular), as are files over 1 MiB (checked before reading) and YAML alias bombs
(syntax/alias-limit), so a hostile pull request cannot make the command hang.

Arguments:
  path               taxonomy folder or file (default: "taxonomy" from taxon.config.mjs)

Options:
  --format text      findings for people (default)
  --format json      [{file, line, column, rule, severity, message}] on stdout
  --config <file>    config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.`;

async function lint(
  io: CliIO,
  config: ResolvedConfig,
  args: { path?: string; format: string },
): Promise<number> {
  if (args.format !== 'text' && args.format !== 'json') {
    throw new UsageError(`Unknown --format "${args.format}". Expected text or json.`);
  }
  const result = await lintFolder(config, io.cwd, args.path);
  if (args.format === 'json') {
    const findings = result.findings.map(({ file, line, column, rule, severity, message }) => ({ file, line, column, rule, severity, message }));
    io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  } else {
    if (result.findings.length > 0) io.stdout(`${formatFindingsText(result.findings)}\n\n`);
    io.stdout(`taxon lint: ${summary(result)}\n`);
  }
  return hasErrors(result.findings) ? EXIT.findings : EXIT.ok;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'lint [path]     check the taxonomy and report every finding with file:line:column',
  help: lintHelp,
  options: { format: { type: 'string' } },
  maxPositionals: 1,
  run: (io, { values, positionals }, config) =>
    lint(io, config!, { ...(positionals[0] ? { path: positionals[0] } : {}), format: String(values.format ?? 'text') }),
};
