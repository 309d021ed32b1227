import type { Command } from '../command.js';
import { alertsCommand } from './alerts.js';
import { collectorCommand } from './collector.js';
import { coverageCallSites, coverageCommand } from './coverage.js';
import { createDiffCommand } from './diff.js';
import { docsCommand, genCommand } from './gen.js';
import { funnelsCommand } from './funnels.js';
import { initCommand } from './init.js';
import { lintCommand } from './lint.js';
import { rulesCommand } from './rules.js';
import { verifyCommand } from './verify.js';

// `taxon diff` lists, under each breaking change, the call sites `taxon coverage` finds.
const diffCommand = createDiffCommand({ coverageIndex: coverageCallSites });

/** Every `taxon` subcommand, in the order `taxon --help` lists them. Add a command with one line here. */
export const commands: readonly Command[] = [initCommand, lintCommand, genCommand, docsCommand, diffCommand, coverageCommand, verifyCommand, collectorCommand, funnelsCommand, alertsCommand, rulesCommand];
