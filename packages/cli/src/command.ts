import type { ParseArgsConfig } from 'node:util';
import type { ResolvedConfig } from './config.js';
import type { CliIO } from './io.js';

/** Parsed arguments handed to a command. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * One `taxon` subcommand. `main` parses its options with `node:util` parseArgs (strict), prints
 * `help` for `--help`, resolves the config when `needsConfig` is set, and turns any thrown
 * `UsageError` into exit code 2. `run` returns the exit code.
 */
export interface Command {
  name: string;
  /** One line for `taxon --help`: `name [args]` and what it does. */
  summary: string;
  /** The full text printed by `taxon <name> --help`. */
  help: string;
  /** Options besides `--help`; `--config` is added when `needsConfig` is true. */
  options?: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments the command accepts. @default 0 */
  maxPositionals?: number;
  /** Whether `run` needs the project's taxon.config. @default true */
  needsConfig?: boolean;
  run(io: CliIO, args: CommandArgs, config: ResolvedConfig | undefined): Promise<number> | number;
}
