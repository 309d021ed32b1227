import { execFile } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import {
  checkDiffConfig,
  diffRules,
  diffTaxonomies,
  formatFindingsText,
  hasErrors,
  lintTaxonomy,
  loadTaxonomySources,
  MAX_FILE_BYTES,
  renderGithub,
  renderJson,
  renderMarkdown,
  summaryLine,
  TaxonomyIOError,
  type CoverageIndex,
  type DiffConfig,
  type LintResult,
  type SourceFile,
  type Taxonomy,
} from '@taxon/taxonomy';
import type { Command, CommandArgs } from '../command.js';
import type { ResolvedConfig } from '../config.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { StaleGeneratedCodeError } from '../coverage/stale-generated.js';

const run = promisify(execFile);
const GIT_PARALLEL = 8;
const width = Math.max(...diffRules.map((r) => r.id.length));

export const diffHelp = `Usage: taxon diff <base> <head>
       taxon diff --base <git-ref>

Compares two versions of the taxonomy and classifies every change: breaking for code that sends
events (producer) or for reports built on them (consumer), release rules (version bump,
deprecation), prices, additions and cosmetic changes. With --base, the base is read from git
(\`git show <ref>:<path>\`, no checkout) and compared with the working tree's taxonomy folder
(from taxon.config.mjs). Both sides must lint without errors.

Arguments:
  base head            two taxonomy folders

Options:
  --base <git-ref>     compare <git-ref> (for example origin/main or HEAD~1) with the working tree
  --format markdown    report for a pull-request comment (default)
  --format json        the report as JSON
  --format github      GitHub Actions annotations (::error file=...,line=...::...)
  --fail-on error      exit 1 when a change has severity error (default; or diff.failOn in config)
  --fail-on warn       exit 1 when a change has severity error or warn
  --coverage <file>    call sites per event, listed under breaking changes: the JSON of
                       \`taxon coverage --format json\` (its callSites), or a bare index
                       { "event_name": [{ "file": "src/a.ts", "line": 3 }] }
  --config <file>      config file (default: taxon.config.mjs in this or a parent folder)

Severities (override in taxon.config.mjs: diff: { rules: { 'enum-value-added': 'off' } }):
${diffRules.map((r) => `  ${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.description}`).join('\n')}

Exit codes: 0 no change reaches the gate, 1 the gate failed or a side has lint errors,
2 usage, git or I/O error, or generated code older than the taxonomy (run \`taxon gen\`
first: call sites are found through the generated types).`;

/** Optional capabilities the diff command uses when another part of the CLI provides them. */
export interface DiffHooks {
  /**
   * Builds the coverage index of the project for the head taxonomy; used when `--coverage` is not
   * given. A failure is reported on stderr and the report goes on without call sites, except
   * `StaleGeneratedCodeError`, which stops the command (exit 2): stale generated types would list
   * no call site for a renamed event.
   */
  coverageIndex?: (config: ResolvedConfig, head: Taxonomy) => Promise<CoverageIndex> | CoverageIndex;
}

interface Side {
  label: string;
  sources: SourceFile[];
}

async function git(args: string[], cwd: string): Promise<Buffer> {
  const { stdout } = await run('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/**
 * Reads the taxonomy folder as it is in `ref`, with paths that match the working tree's, so a
 * finding or a change points at the same file on both sides.
 */
async function readGitSide(ref: string, dir: string, cwd: string): Promise<Side> {
  // A ref is passed to git as an argument; one starting with "-" would be read as an option.
  if (ref === '' || ref.startsWith('-')) {
    throw new UsageError(`"${ref}" is not a git ref. Expected a branch, tag or commit such as origin/main.`);
  }
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], dir)).toString('utf8').trim();
  } catch {
    throw new UsageError(`--base needs a git repository, and ${relative(cwd, dir) || dir} is not in one.`);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new UsageError(
      `git ref "${ref}" not found. Expected a branch, tag or commit such as origin/main or HEAD~1 ` +
        '(in GitHub Actions, check out with fetch-depth: 0 so the base branch is there).',
    );
  }
  const prefix = relative(await realpath(top), await realpath(dir)).split(sep).join('/');
  if (prefix.startsWith('..') || isAbsolute(prefix)) {
    throw new UsageError(`The taxonomy folder ${dir} is outside the git repository ${top}.`);
  }
  // -l gives each blob's size: an oversized file is refused without being read into memory.
  const listed = (await git(['ls-tree', '-r', '-z', '-l', ref, '--', prefix || '.'], top)).toString('utf8');
  const entries = listed
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, , size] = line.slice(0, tab).split(/ +/);
      return { path: line.slice(tab + 1), type, bytes: Number(size) };
    })
    .filter((e) => e.type === 'blob' && /\.ya?ml$/i.test(e.path))
    .filter((e) => !e.path.slice(prefix ? prefix.length + 1 : 0).split('/').some((part) => part.startsWith('.')))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (entries.length === 0) {
    throw new UsageError(
      `No taxonomy at ${prefix || '.'} in ${ref}: no .yaml files there. ` +
        'Compare two folders instead: taxon diff <base> <head>.',
    );
  }
  const sources: SourceFile[] = [];
  // A few git processes at a time: a large taxonomy must not spawn one process per file at once.
  for (let i = 0; i < entries.length; i += GIT_PARALLEL) {
    sources.push(
      ...(await Promise.all(
        entries.slice(i, i + GIT_PARALLEL).map(async ({ path, bytes }): Promise<SourceFile> => {
          const inDir = join(dir, prefix ? path.slice(prefix.length + 1) : path);
          const shown = relative(cwd, inDir) || inDir;
          if (bytes > MAX_FILE_BYTES) return { path: shown, contents: '', unread: { kind: 'too-large', bytes } };
          return { path: shown, contents: new Uint8Array(await git(['show', `${ref}:${path}`], top)) };
        }),
      )),
    );
  }
  return { label: ref, sources };
}

async function readFolderSide(path: string, cwd: string, label = path): Promise<Side> {
  try {
    return { label, sources: await loadTaxonomySources(resolve(cwd, path), cwd) };
  } catch (error) {
    if (error instanceof TaxonomyIOError) throw new UsageError(error.message);
    throw error;
  }
}

async function readCoverage(file: string, cwd: string): Promise<CoverageIndex> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the coverage index ${file}: ${(error as Error).message}`);
  }
  const example = 'Expected { "checkout_started": [{ "file": "src/checkout.ts", "line": 12 }] }.';
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) throw new UsageError(`${file} is not a coverage index. ${example}`);
  // The output of `taxon coverage --format json` holds the index under callSites (not a snake_case event name).
  if (isObject(value.callSites)) value = value.callSites;
  for (const [event, sites] of Object.entries(value as Record<string, unknown>)) {
    const ok = Array.isArray(sites) && sites.every((s) => typeof s?.file === 'string' && Number.isInteger(s?.line));
    if (!ok) throw new UsageError(`${file}: the call sites of "${event}" are not a list of { file, line }. ${example}`);
  }
  return value as CoverageIndex;
}

async function computeCoverage(
  io: CliIO,
  config: ResolvedConfig,
  hooks: DiffHooks,
  head: Taxonomy,
): Promise<CoverageIndex | undefined> {
  if (!hooks.coverageIndex) return undefined;
  try {
    return await hooks.coverageIndex(config, head);
  } catch (error) {
    // Stale generated code would list no call sites for a renamed event: a confident wrong answer.
    if (error instanceof StaleGeneratedCodeError) throw error;
    // Call sites are a help for the reviewer; without them the report is still complete.
    io.stderr(`taxon diff: call sites not listed, the coverage index failed: ${(error as Error).message}\n`);
    return undefined;
  }
}

function lintSide(io: CliIO, which: 'base' | 'head', side: Side): LintResult | undefined {
  const result = lintTaxonomy(side.sources);
  if (!hasErrors(result.findings)) return result;
  const errors = result.findings.filter((f) => f.severity === 'error');
  const fix = which === 'head' ? 'them' : 'them on the base branch, or compare with another ref';
  io.stderr(
    `${formatFindingsText(errors)}\n\ntaxon diff: the ${which} taxonomy (${side.label}) has ${errors.length} lint ` +
      `error${errors.length === 1 ? '' : 's'}, so it cannot be compared. Fix ${fix}; \`taxon lint\` shows them too.\n`,
  );
  return undefined;
}

async function diff(
  io: CliIO,
  config: ResolvedConfig,
  hooks: DiffHooks,
  { values, positionals }: CommandArgs,
): Promise<number> {
  const format = String(values.format ?? 'markdown');
  if (!['markdown', 'json', 'github'].includes(format)) {
    throw new UsageError(`Unknown --format "${format}". Expected markdown, json or github.`);
  }
  const problems = checkDiffConfig(config.diff);
  if (problems.length > 0) {
    throw new UsageError(`${config.file ? relative(io.cwd, config.file) : 'config'}: ${problems.join('\n')}`);
  }
  const failOn = values['fail-on'] ?? config.diff?.failOn ?? 'error';
  if (failOn !== 'error' && failOn !== 'warn') {
    throw new UsageError(`Unknown --fail-on "${String(failOn)}". Expected error or warn.`);
  }

  const ref = values.base as string | undefined;
  if (ref !== undefined && positionals.length > 0) {
    throw new UsageError('Give either --base <git-ref> or two folders <base> <head>, not both.');
  }
  if (ref === undefined && positionals.length !== 2) {
    throw new UsageError(
      'Expected two taxonomy folders (taxon diff <base> <head>) or --base <git-ref> (taxon diff --base origin/main).',
    );
  }
  const dir = resolve(config.root, config.taxonomy);
  // The working tree first: a missing taxonomy folder is then reported as such, not as a git problem.
  const head = ref !== undefined
    ? await readFolderSide(dir, io.cwd, 'working tree')
    : await readFolderSide(positionals[1]!, io.cwd);
  const base = ref !== undefined ? await readGitSide(ref, dir, io.cwd) : await readFolderSide(positionals[0]!, io.cwd);

  const coveragePath = values.coverage as string | undefined;
  const fromFile = coveragePath !== undefined ? await readCoverage(coveragePath, io.cwd) : undefined;

  const baseResult = lintSide(io, 'base', base);
  const headResult = lintSide(io, 'head', head);
  if (!baseResult || !headResult) return EXIT.findings;
  // The sources are indexed against the configured taxonomy's generated code: their call sites
  // belong in the report only when the head side is that taxonomy.
  const headIsConfigured = ref !== undefined || resolve(io.cwd, positionals[1]!) === dir;
  const coverage = fromFile ?? (headIsConfigured ? await computeCoverage(io, config, hooks, headResult.taxonomy) : undefined);

  const diffConfig: DiffConfig = { ...config.diff, failOn };
  const report = diffTaxonomies(baseResult.taxonomy, headResult.taxonomy, {
    config: diffConfig,
    labels: { base: base.label, head: head.label },
    ...(coverage ? { coverage } : {}),
  });
  const render = format === 'json' ? renderJson : format === 'github' ? renderGithub : renderMarkdown;
  io.stdout(render(report));
  // JSON keeps stdout machine-readable; the verdict goes to the log.
  if (format === 'json') io.stderr(`${summaryLine(report)}\n`);
  return report.failed ? EXIT.findings : EXIT.ok;
}

/** `taxon diff`, with optional hooks (the coverage index) provided by other commands. */
export function createDiffCommand(hooks: DiffHooks = {}): Command {
  return {
    name: 'diff',
    summary: 'diff <base> <head> | --base <ref>  classify taxonomy changes as breaking, additive or cosmetic',
    help: diffHelp,
    options: {
      base: { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      coverage: { type: 'string' },
    },
    maxPositionals: 2,
    run: (io, args, config) => diff(io, config!, hooks, args),
  };
}

/** `taxon diff` as registered in the CLI: call sites come from `--coverage <file>` only. */
export const diffCommand: Command = createDiffCommand();
