import type { Command } from '../command.js';
import { docsCommand, genCommand } from './gen.js';
import { lintCommand } from './lint.js';
import { rulesCommand } from './rules.js';

/** Every `taxon` subcommand, in the order `taxon --help` lists them. Add a command with one line here. */
export const commands: readonly Command[] = [lintCommand, genCommand, docsCommand, rulesCommand];
