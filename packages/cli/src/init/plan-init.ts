import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { detectApp, exists, type AppInfo } from './detect-app.js';
import { rootEdit } from './root-edit.js';
import { starterTaxonomy } from './starter-taxonomy.js';
import { configFile, devServerOrigins, providersModule, trackerModule, type ConsentChoice } from './templates.js';
import { importPath } from './tsconfig-alias.js';
import { unifiedDiff } from './unified-diff.js';

/** A file `taxon init` would write; `exists` ones are left alone (never overwritten). */
export interface PlannedFile {
  /** Posix path relative to the app root. */
  path: string;
  contents: string;
  status: 'create' | 'exists';
  /** Why an existing file or folder is left alone, when not the file itself. */
  note?: string;
}

/** Everything `taxon init` would do in one app, computed without writing anything. */
export interface InitPlan {
  app: AppInfo;
  files: PlannedFile[];
  consent: ConsentChoice;
  /** The root file edit `taxon init` prints and does not make. */
  rootEdit:
    | { status: 'edit'; file: string; diff: string }
    | { status: 'done'; file: string }
    | { status: 'manual'; file: string | undefined; reason: string };
  /** The folder the generated code goes to (from taxon.config.mjs when present). */
  outDir: string;
  /** Packages to install that package.json does not list yet. */
  missingPackages: { runtime: string[]; dev: string[] };
}

/** A taxonomy name from the package name: `@acme/Web App` -> `web-app`. */
function taxonomyName(packageName: unknown): string {
  const base = typeof packageName === 'string' ? packageName.replace(/^@[^/]+\//, '') : '';
  const name = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return name || 'my-app';
}

/** Whether a folder exists and holds any taxonomy YAML (then the starter is not added to it). */
async function hasYaml(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.some((entry) => /\.ya?ml$/.test(entry));
}

/** Reads `taxonomy` and `outDir` of an existing taxon.config.mjs by text, without running it. */
function configuredPaths(text: string): { taxonomy?: string; outDir?: string } {
  const pick = (key: string) => new RegExp(`\\b${key}\\s*:\\s*['"]([^'"]+)['"]`).exec(text)?.[1];
  const taxonomy = pick('taxonomy');
  const outDir = pick('outDir');
  return { ...(taxonomy ? { taxonomy } : {}), ...(outDir ? { outDir } : {}) };
}

/**
 * Plans `taxon init` in the app at `root`: detects the app, then lists every file with whether
 * it would be created or is already there, and the root-file edit as a unified diff.
 */
export async function planInit(root: string, options: { consent?: ConsentChoice } = {}): Promise<InitPlan> {
  const app = await detectApp(root);
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    name?: unknown;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const code = (path: string) => posix.normalize(posix.join(app.codeRoot, path));

  const existingConfig = await readFile(join(root, 'taxon.config.mjs'), 'utf8').catch(() => undefined);
  const configured = existingConfig === undefined ? {} : configuredPaths(existingConfig);
  const taxonomyDir = configured.taxonomy ?? 'taxonomy';
  const outDir = configured.outDir ?? code('generated/taxon');
  const trackerFile = code('lib/analytics.ts');
  const providersFile = app.kind === 'next-app'
    ? posix.join(app.rootFile ? posix.dirname(app.rootFile) : code('app'), 'taxon-providers.tsx')
    : app.kind === 'next-pages' ? code('components/taxon-providers.tsx') : code('taxon-providers.tsx');
  const consent = options.consent ?? (app.consentTool ? 'denied' : 'granted');

  const wanted: { path: string; contents: string }[] = [
    { path: 'taxon.config.mjs', contents: configFile(outDir, devServerOrigins(app.kind)) },
    {
      path: trackerFile,
      contents: trackerModule({
        kind: app.kind,
        generatedImport: importPath(trackerFile, outDir, undefined),
        consent,
        consentTool: app.consentTool,
      }),
    },
    { path: providersFile, contents: providersModule({ kind: app.kind, trackerImport: importPath(providersFile, trackerFile.replace(/\.ts$/, ''), app.alias) }) },
  ];
  const files: PlannedFile[] = [];
  const taxonomyTaken = await hasYaml(join(root, taxonomyDir));
  for (const [name, contents] of Object.entries(starterTaxonomy(taxonomyName(pkg.name)))) {
    const path = posix.join(taxonomyDir, name);
    if (await exists(join(root, path))) files.push({ path, contents, status: 'exists' });
    // The starter is not merged into another taxonomy: its names could clash with yours.
    else if (taxonomyTaken) files.push({ path, contents, status: 'exists', note: `${taxonomyDir}/ already holds a taxonomy` });
    else files.push({ path, contents, status: 'create' });
  }
  for (const file of wanted) {
    files.push({ ...file, status: (await exists(join(root, file.path))) ? 'exists' : 'create' });
  }

  let edit: InitPlan['rootEdit'];
  if (!app.rootFile) {
    edit = { status: 'manual', file: undefined, reason: 'found no root file (app/layout, pages/_app or src/main)' };
  } else {
    const source = await readFile(join(root, app.rootFile), 'utf8');
    const providersImport = importPath(app.rootFile, providersFile.replace(/\.tsx$/, ''), app.kind === 'next-app' ? undefined : app.alias);
    const result = rootEdit(app.kind, source, providersImport);
    edit = result.status === 'edit'
      ? { status: 'edit', file: app.rootFile, diff: unifiedDiff(app.rootFile, source, result.after) }
      : result.status === 'done' ? { status: 'done', file: app.rootFile } : { status: 'manual', file: app.rootFile, reason: result.reason };
  }

  const listed = { ...pkg.dependencies, ...pkg.devDependencies };
  return {
    app,
    files,
    consent,
    rootEdit: edit,
    outDir,
    missingPackages: {
      runtime: ['@taxon/web', '@taxon/react'].filter((name) => listed[name] === undefined),
      dev: ['@taxon/cli'].filter((name) => listed[name] === undefined),
    },
  };
}
