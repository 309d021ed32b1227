import { relative } from 'node:path';
import { formatFindingsText, generate, hasErrors, type GeneratedFile } from '@taxon/taxonomy';
import type { ResolvedConfig } from '../config.js';
import type { Command } from '../command.js';
import { EXIT, type CliIO } from '../io.js';
import { staleFiles, writeAll } from '../write.js';
import { lintFolder, summary } from './shared.js';

export const genHelp = `Usage: taxon gen [--check]

Lints the taxonomy, then generates from it (paths from taxon.config.mjs):
  index.ts        the runtime module, importing nothing: value types, EventMap (call-site
                  params), EventWireMap (sent params), the TrackEvent signature, bucket
                  functions, funnels, prices, and \`taxonomy\`, the one object the runtimes take
  validators.js   zod schemas of every event, with validators.d.ts; loaded by
                  taxonomy.loadValidators outside production only
  tracking-plan.md  the tracking plan for people

Nothing is written when the taxonomy has errors. Files are written all or none.

Options:
  --check            write nothing; exit 1 if any generated file is missing or stale (for CI)
  --config <file>    config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 written or up to date, 1 lint errors or stale files, 2 usage or I/O error.`;

export const docsHelp = `Usage: taxon docs [--check]

Generates only the Markdown tracking plan (docs/tracking-plan.md by default): funnels, events by
category with their params and owners, all params with their values, and model prices.

Options:
  --check            write nothing; exit 1 if the tracking plan is missing or stale
  --config <file>    config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 written or up to date, 1 lint errors or stale file, 2 usage or I/O error.`;

/** Shared by `gen` and `docs`: lint, generate, format, then write or check. */
async function generateFiles(
  io: CliIO,
  config: ResolvedConfig,
  args: { check: boolean; only?: (file: GeneratedFile) => boolean; name: string },
): Promise<number> {
  const result = await lintFolder(config, io.cwd);
  if (hasErrors(result.findings)) {
    io.stderr(`${formatFindingsText(result.findings)}\n\ntaxon ${args.name}: ${summary(result)}. Nothing was written.\n`);
    return EXIT.findings;
  }
  if (result.findings.length > 0) io.stderr(`${formatFindingsText(result.findings)}\n\n`);

  const source = `${relative(config.root, `${config.root}/${config.taxonomy}`) || '.'}/`;
  const all = generate(result.taxonomy, { outputs: config.outputs, source });
  const files = all.filter(args.only ?? (() => true));

  if (args.check) {
    const stale = await staleFiles(files, config.root);
    if (stale.length > 0) {
      io.stderr(`taxon ${args.name} --check: ${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} stale or missing:\n${stale.map((f) => `  ${f}`).join('\n')}\nRun \`pnpm taxon ${args.name}\` and commit the result.\n`);
      return EXIT.findings;
    }
    io.stdout(`taxon ${args.name} --check: ${files.length} generated files are up to date.\n`);
    return EXIT.ok;
  }
  const written = await writeAll(files, config.root);
  io.stdout(`taxon ${args.name}: wrote ${written.length} files from ${result.taxonomy.name} ${result.taxonomy.version}\n${written.map((f) => `  ${f}`).join('\n')}\n`);
  return EXIT.ok;
}

export const genCommand: Command = {
  name: 'gen',
  summary: 'gen [--check]   generate typed code, validators, funnels, prices and docs from the taxonomy',
  help: genHelp,
  options: { check: { type: 'boolean' } },
  run: (io, { values }, config) => generateFiles(io, config!, { check: Boolean(values.check), name: 'gen' }),
};

export const docsCommand: Command = {
  name: 'docs',
  summary: 'docs [--check]  generate only the Markdown tracking plan',
  help: docsHelp,
  options: { check: { type: 'boolean' } },
  run: (io, { values }, config) =>
    generateFiles(io, config!, { check: Boolean(values.check), name: 'docs', only: (f) => f.kind === 'md' }),
};
