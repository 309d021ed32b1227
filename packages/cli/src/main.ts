import { parseArgs } from 'node:util';
import { findConfig } from './config.js';
import { genCommand, genHelp, docsHelp } from './commands/gen.js';
import { lintCommand, lintHelp } from './commands/lint.js';
import { rulesCommand, rulesHelp } from './commands/rules.js';
import { EXIT, UsageError, type CliIO } from './io.js';

export const VERSION = '0.1.0';

export const mainHelp = `taxon ${VERSION}: the analytics taxonomy as code

Usage: taxon <command> [options]

Commands:
  lint [path]     check the taxonomy and report every finding with file:line:column
  gen [--check]   generate typed code, validators, funnels, prices and docs from the taxonomy
  docs [--check]  generate only the Markdown tracking plan
  rules           list the lint rules

Run \`taxon <command> --help\` for a command's options. Every command works with no flags from
the project root: paths come from taxon.config.mjs (taxonomy folder, generated outputs).

Exit codes: 0 success, 1 findings (lint errors, stale generated files), 2 usage or I/O error.
Docs: docs/taxonomy-format.md`;

const HELP: Record<string, string> = { lint: lintHelp, gen: genHelp, docs: docsHelp, rules: rulesHelp };

/** Runs the CLI and returns its exit code. Never throws: every failure is a message and a code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout(`${(topic && HELP[topic]) || mainHelp}\n`);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!(command in HELP)) {
    io.stderr(`taxon: unknown command "${command}". Commands: ${Object.keys(HELP).join(', ')}. Run \`taxon --help\`.\n`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        check: { type: 'boolean' },
        format: { type: 'string' },
        config: { type: 'string' },
      },
    });
    if (values.help) {
      io.stdout(`${HELP[command]}\n`);
      return EXIT.ok;
    }
    const allowed: Record<string, string[]> = { lint: ['format', 'config'], gen: ['check', 'config'], docs: ['check', 'config'], rules: ['format'] };
    for (const option of Object.keys(values)) {
      if (!allowed[command]!.includes(option)) throw new UsageError(`taxon ${command} has no --${option} option.`);
    }
    const maxPositionals = command === 'lint' ? 1 : 0;
    if (positionals.length > maxPositionals) throw new UsageError(`Unexpected argument "${positionals[maxPositionals]}".`);

    if (command === 'rules') return rulesCommand(io, { format: values.format ?? 'text' });
    const config = await findConfig(io.cwd, values.config);
    switch (command) {
      case 'lint':
        return await lintCommand(io, config, { ...(positionals[0] ? { path: positionals[0] } : {}), format: values.format ?? 'text' });
      case 'gen':
        return await genCommand(io, config, { check: Boolean(values.check), name: 'gen' });
      default:
        return await genCommand(io, config, { check: Boolean(values.check), name: 'docs', only: (f) => f.kind === 'md' });
    }
  } catch (error) {
    const message = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : `unexpected error: ${(error as Error).message}`;
    io.stderr(`taxon ${command}: ${message}\nRun \`taxon ${command} --help\` for usage.\n`);
    return EXIT.usage;
  }
}
