import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from '../command.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { describeApp, formatConsent, formatFiles, formatNextSteps, formatRootEdit } from '../init/format-plan.js';
import { planInit, type InitPlan } from '../init/plan-init.js';

export const initHelp = `Usage: taxon init [--dry-run] [--yes] [--consent granted|denied]

Adds Taxon to an existing Next.js (App Router or Pages Router) or Vite React app, run from its
root. Detects the router, a src/ layout, the tsconfig path alias, the package manager (lockfile)
and an installed consent tool, then writes:

  taxonomy/*.yaml          a starter taxonomy: a few generic SaaS events and the funnel "upgrade"
  taxon.config.mjs         where the taxonomy and the generated code live
  lib/analytics.ts         the tracker (src/lib with a src/ layout), with the consent decision spelled out
  taxon-providers.tsx      <TaxonProviders>: the provider and, for the App Router, <RouteTracker />

It never overwrites: a file that exists is left alone and listed. The one edit it does not make,
wrapping the root layout (or pages/_app, or src/main) in <TaxonProviders>, is printed as a
unified diff. Running it again changes nothing.

Consent: with a consent tool installed every type starts denied until your banner calls
tracker.setConsent(...); without one, analytics storage is granted by default (ads denied).
--consent overrides that choice.

Options:
  --dry-run                print the plan and the diff; write nothing
  --yes, -y                write without asking (CI)
  --consent <choice>       granted | denied: the tracker's default for analytics_storage

Exit codes: 0 written (or nothing to do), 1 declined at the prompt, 2 not an app taxon init knows, or an I/O error.`;

/** What `taxon init` asks the person running it; tests pass their own. */
export interface InitDeps {
  /** Asks a yes/no question; resolves to undefined when there is no one to ask (no terminal). */
  confirm: (question: string) => Promise<boolean | undefined>;
}

/** Asks on the terminal, or answers undefined when stdin is not one (CI, pipes). */
export const terminalConfirm: InitDeps['confirm'] = async (question) => {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
};

/** Writes the plan's new files; `wx` refuses to replace a file created since the plan was made. */
async function writePlan(root: string, plan: InitPlan): Promise<string[]> {
  const written: string[] = [];
  for (const file of plan.files) {
    if (file.status !== 'create') continue;
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    try {
      await writeFile(target, file.contents, { flag: 'wx' });
      written.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return written;
}

export function createInitCommand(deps: InitDeps = { confirm: terminalConfirm }): Command {
  return {
    name: 'init',
    summary: 'init [--dry-run] [--yes]  add Taxon to an existing Next.js or Vite React app',
    help: initHelp,
    needsConfig: false,
    options: {
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      consent: { type: 'string' },
    },
    async run(io: CliIO, { values }) {
      const consent = values.consent as string | undefined;
      if (consent !== undefined && consent !== 'granted' && consent !== 'denied') {
        throw new UsageError(`--consent "${consent}" is not a choice. Expected granted or denied, e.g. --consent denied.`);
      }
      const dryRun = Boolean(values['dry-run']);
      const plan = await planInit(io.cwd, consent === undefined ? {} : { consent });
      const creates = plan.files.filter((f) => f.status === 'create').length;

      io.stdout(`taxon init: ${describeApp(plan)}\n\n${formatFiles(plan, dryRun)}\n\n`);
      if (creates > 0) io.stdout(`${formatConsent(plan)}\n\n`);
      if (!dryRun && creates > 0 && !values.yes) {
        const answer = await deps.confirm(`Write ${creates} file${creates === 1 ? '' : 's'}?`);
        if (answer === undefined) {
          throw new UsageError('taxon init asks before writing, and there is no terminal to ask. Pass --yes to write (CI), or --dry-run to see the plan.');
        }
        if (!answer) {
          io.stdout('Nothing was written.\n');
          return EXIT.findings;
        }
      }
      if (!dryRun) {
        const written = await writePlan(io.cwd, plan);
        io.stdout(written.length > 0 ? `Wrote ${written.length} file${written.length === 1 ? '' : 's'}.\n\n` : 'Nothing to write: every file is already there.\n\n');
      }
      io.stdout(`${formatRootEdit(plan)}\n${formatNextSteps(plan)}\n`);
      return EXIT.ok;
    },
  };
}

export const initCommand = createInitCommand();
