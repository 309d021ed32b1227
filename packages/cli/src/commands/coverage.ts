import { relative, resolve } from 'node:path';
import { formatFindingsText, hasErrors, type Taxonomy } from '@taxon/taxonomy';
import type { Command } from '../command.js';
import type { ResolvedConfig } from '../config.js';
import { coverageExitCode, type CoverageReport } from '../coverage/coverage-report.js';
import { formatCoverageText } from '../coverage/format-coverage.js';
import { formatCoverageGithub } from '../coverage/format-coverage-github.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { lintFolder, summary } from './shared.js';

export const coverageHelp = `Usage: taxon coverage [--format text|json] [--strict]

Indexes the source tree with the TypeScript compiler and lists, for every event of the taxonomy,
where it is emitted (file:line): typed trackEvent calls (recognised by the callee's type: its
first parameter is the generated EventName or a subset of it), useTrackEvent() results, mp.send,
lifecycle helpers (startGeneration() emits generation_started, its complete()/fail() the
terminals when they are client-owned), instrumentGeneration, recordCheckoutCompleted, configured emitters, and wrappers of
any of these across re-exports and workspace packages (resolved at the wrappers' call sites).

It reports:
  - events never emitted: client events looked for in client code, server events in server code
    (sides from coverage.client/server globs, 'use client'/'use server'/server-only markers,
    then conventions: app/api/**, **/route.ts, pages/api/**, **/server/** are server; files with
    no marker are shared and count for both sides);
  - funnel steps never emitted (an error);
  - dynamic event names it cannot resolve to literals (listed, never guessed);
  - calls that bypass the taxonomy: gtag(), dataLayer.push(), sendGAEvent(), sendGTMEvent(),
    ReactGA.event() (files in coverage.allowBypass are allowed).

Configure in taxon.config.mjs: coverage: { include, exclude, client, server, emitters,
allowBypass, tsconfig, emittedElsewhere } (globs relative to the config file).
emittedElsewhere maps events sent by code outside the index (another repository, a mobile app)
to the reason; they are listed as explained, not unused, and reported as stale once emitted here.

Options:
  --format text      a report for people (default)
  --format json      the report as JSON, with callSites: { [event]: [{ file, line }] }
  --format github    GitHub Actions annotations (errors and warnings on the lines concerned)
  --strict           also exit 1 for unused events, dynamic names and bypasses
  --config <file>    config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 no errors, 1 a funnel step is never emitted or an event name is not in the
taxonomy (with --strict: any finding), 2 usage or I/O error, a taxonomy with lint errors, or
generated code that names other events than the taxonomy (run \`taxon gen\` first).`;

async function coverage(io: CliIO, config: ResolvedConfig, args: { format: string; strict: boolean }): Promise<number> {
  if (!['text', 'json', 'github'].includes(args.format)) {
    throw new UsageError(`Unknown --format "${args.format}". Expected text, json or github.`);
  }
  const lint = await lintFolder(config, io.cwd);
  if (hasErrors(lint.findings)) {
    io.stderr(`${formatFindingsText(lint.findings)}\n\ntaxon coverage: the taxonomy has errors (${summary(lint)}). Run \`taxon lint\`.\n`);
    return EXIT.usage;
  }
  // The TypeScript compiler is loaded only by this command, not at every `taxon` start.
  const { runCoverage } = await import('../coverage/run-coverage.js');
  const report = runCoverage(config, lint.taxonomy);
  if (args.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (args.format === 'github') {
    const { events, funnels } = lint.taxonomy;
    io.stdout(formatCoverageGithub(report, (kind, name) => {
      const at = (kind === 'event' ? events.get(name) : funnels.get(name))?.at;
      // Taxonomy positions are relative to the working directory, call sites to the config's folder.
      return at && { file: relative(config.root, resolve(io.cwd, at.file)).split('\\').join('/'), line: at.line };
    }));
  } else io.stdout(formatCoverageText(report, new Map([...lint.taxonomy.events].map(([n, e]) => [n, e.owner]))));
  return coverageExitCode(report, args.strict);
}

/**
 * Where each event is emitted, `{ [event]: [{ file, line }] }`, names the taxonomy does not know
 * included: the index `taxon diff` lists under breaking changes (the registry passes it as
 * `createDiffCommand({ coverageIndex: coverageCallSites })`).
 */
export async function coverageCallSites(config: ResolvedConfig, taxonomy: Taxonomy): Promise<CoverageReport['callSites']> {
  const { NoSourceFilesError, runCoverage } = await import('../coverage/run-coverage.js');
  let report: CoverageReport;
  try {
    report = runCoverage(config, taxonomy);
  } catch (error) {
    // A repository holding only the taxonomy has no call sites to list, which is not a failure.
    if (error instanceof NoSourceFilesError) return {};
    throw error;
  }
  // Calls of names the head taxonomy no longer has are exactly what a rename or removal breaks.
  const sites: CoverageReport['callSites'] = {};
  for (const [event, list] of Object.entries(report.callSites)) sites[event] = [...list];
  for (const u of report.unknown) (sites[u.event] ??= []).push({ file: u.file, line: u.line });
  return sites;
}

export const coverageCommand: Command = {
  name: 'coverage',
  summary: 'coverage        where each event is emitted; unused events, funnel gaps, bypasses',
  help: coverageHelp,
  options: { format: { type: 'string' }, strict: { type: 'boolean' } },
  run: (io, { values }, config) => coverage(io, config!, { format: String(values.format ?? 'text'), strict: Boolean(values.strict) }),
};
