import type { Command } from '../command.js';
import { coverageCommand } from './coverage.js';
import { diffCommand } from './diff.js';
import { docsCommand, genCommand } from './gen.js';
import { lintCommand } from './lint.js';
import { rulesCommand } from './rules.js';
import { verifyCommand } from './verify.js';

/** Every `taxon` subcommand, in the order `taxon --help` lists them. Add a command with one line here. */
export const commands: readonly Command[] = [lintCommand, genCommand, docsCommand, diffCommand, coverageCommand, verifyCommand, rulesCommand];
