import { parseArgs } from 'node:util';
import { commands } from './commands/index.js';
import { findConfig } from './config.js';
import { EXIT, UsageError, type CliIO } from './io.js';

/** Set by the build from package.json (tsup `define`), so it moves with each release. */
declare const __TAXON_CLI_VERSION__: string | undefined;

/** This CLI's version: the package's, or `0.0.0-dev` when run from sources. */
export const VERSION: string = typeof __TAXON_CLI_VERSION__ === 'string' ? __TAXON_CLI_VERSION__ : '0.0.0-dev';

export const mainHelp = `taxon ${VERSION}: the analytics taxonomy as code

Usage: taxon <command> [options]

Commands:
${commands.map((c) => `  ${c.summary}`).join('\n')}

Run \`taxon <command> --help\` for a command's options. Every command works with no flags from
the project root: paths come from taxon.config.mjs (taxonomy folder, generated outputs).

Exit codes: 0 success, 1 findings (lint errors, stale generated files), 2 usage or I/O error.
Docs: docs/taxonomy-format.md`;

/** Runs the CLI and returns its exit code. Never throws: every failure is a message and a code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(`${topic?.help ?? mainHelp}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`taxon: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}. Run \`taxon --help\`.\n`);
    return EXIT.usage;
  }
  try {
    const needsConfig = command.needsConfig ?? true;
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...(needsConfig ? { config: { type: 'string' } } : {}),
        ...command.options,
      },
    });
    if (values.help) {
      io.stdout(`${command.help}\n`);
      return EXIT.ok;
    }
    const maxPositionals = command.maxPositionals ?? 0;
    if (positionals.length > maxPositionals) throw new UsageError(`Unexpected argument "${positionals[maxPositionals]}".`);
    const config = needsConfig ? await findConfig(io.cwd, values.config as string | undefined) : undefined;
    return await command.run(io, { values, positionals }, config);
  } catch (error) {
    const message = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (error as Error).message
      : `unexpected error: ${(error as Error).message}`;
    io.stderr(`taxon ${name}: ${message}\nRun \`taxon ${name} --help\` for usage.\n`);
    return EXIT.usage;
  }
}
