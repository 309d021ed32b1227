import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultOutputs, type DiffConfig, type OutputPaths } from '@taxon/taxonomy';
import { UsageError } from './io.js';
import type { CoverageConfig } from './coverage/coverage-options.js';
import type { VerifyConfig } from './verify/verify-config.js';

/** `taxon.config.mjs` (or `.js`, `.json`) at the project root. */
export interface TaxonConfig {
  /** Folder of taxonomy YAML files, relative to the config file. @default 'taxonomy' */
  taxonomy?: string;
  /** Folder for generated TypeScript. @default 'generated/taxon' */
  outDir?: string;
  /** Generated Markdown tracking plan. @default 'docs/tracking-plan.md' */
  docs?: string;
  /** Per-output overrides of the paths derived from outDir. */
  outputs?: Partial<OutputPaths>;
  /** `taxon diff`: severity per rule id (`error`, `warn`, `info`, `off`) and the gate (`failOn`). */
  diff?: DiffConfig;
  /** `taxon coverage`: which sources to index, client/server globs, extra emitters. */
  coverage?: CoverageConfig;
  /** `taxon verify`: default GA4 property, collector URL and time window. */
  verify?: VerifyConfig;
  /** `taxon collector`: settings the command line would otherwise repeat. */
  collector?: CollectorConfig;
}

/** The `collector` section of taxon.config.mjs. */
export interface CollectorConfig {
  /**
   * Origins whose pages may post to the local collector and read it (CORS), e.g. the app's dev
   * server `http://localhost:3000`. `--allow-origin` adds to them. Any other Origin is refused.
   * @default []
   */
  allowedOrigins?: string[];
}

export interface ResolvedConfig {
  /** Folder holding the config file; all paths are relative to it. */
  root: string;
  /** Config file found, or undefined when defaults are used. */
  file: string | undefined;
  taxonomy: string;
  outputs: OutputPaths;
  /** The `diff` section as written (checked by `taxon diff`). */
  diff?: DiffConfig | undefined;
  /** The `coverage` section as written (checked by `taxon coverage`). */
  coverage?: CoverageConfig | undefined;
  /** The `verify` section as written (checked by `taxon verify`). */
  verify?: VerifyConfig | undefined;
  /** The `collector` section as written (checked by `taxon collector`). */
  collector?: CollectorConfig | undefined;
}

const NAMES = ['taxon.config.mjs', 'taxon.config.js', 'taxon.config.json'];
const KEYS = new Set(['taxonomy', 'outDir', 'docs', 'outputs', 'coverage', 'verify', 'diff', 'collector']);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Looks for a config file in `cwd` and its parents; falls back to defaults rooted at `cwd`. */
export async function findConfig(cwd: string, explicit?: string): Promise<ResolvedConfig> {
  let file: string | undefined;
  if (explicit) {
    file = resolve(cwd, explicit);
    if (!(await exists(file))) throw new UsageError(`Config file not found: ${explicit}`);
  } else {
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      for (const name of NAMES) if (!file && (await exists(join(dir, name)))) file = join(dir, name);
      if (file || dirname(dir) === dir) break;
    }
  }
  let config: TaxonConfig = {};
  if (file) {
    try {
      config = file.endsWith('.json')
        ? JSON.parse(await readFile(file, 'utf8'))
        : ((await import(pathToFileURL(file).href)).default as TaxonConfig);
    } catch (error) {
      throw new UsageError(`Cannot load ${relative(cwd, file)}: ${(error as Error).message}`);
    }
    if (typeof config !== 'object' || config === null) {
      throw new UsageError(`${relative(cwd, file)} must export an object, for example: export default { taxonomy: 'taxonomy' }`);
    }
    const unknown = Object.keys(config).filter((k) => !KEYS.has(k));
    if (unknown.length > 0) {
      throw new UsageError(`${relative(cwd, file)}: unknown option ${unknown.map((k) => `"${k}"`).join(', ')}. Expected: ${[...KEYS].join(', ')}.`);
    }
  }
  const root = file ? dirname(file) : resolve(cwd);
  return {
    root,
    file,
    taxonomy: config.taxonomy ?? 'taxonomy',
    outputs: { ...defaultOutputs(config.outDir ?? 'generated/taxon', config.docs), ...config.outputs },
    diff: config.diff,
    coverage: config.coverage,
    verify: config.verify,
    collector: config.collector,
  };
}
