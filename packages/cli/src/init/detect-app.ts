import { access, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { UsageError } from '../io.js';
import { readTsconfigAlias, type PathAlias } from './tsconfig-alias.js';

/** The kinds of app `taxon init` knows how to wire. */
export type AppKind = 'next-app' | 'next-pages' | 'vite-react';

/** The package managers told apart by their lockfile. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What `taxon init` found out about an existing app. */
export interface AppInfo {
  kind: AppKind;
  /** Whether the app's code lives under `src/`. */
  srcDir: boolean;
  /** The folder that holds app code (`src`, or `.` without a `src/` layout), posix, relative to the root. */
  codeRoot: string;
  /** The file the providers must wrap: the root layout, `pages/_app` or the Vite entry. Undefined when missing. */
  rootFile: string | undefined;
  /** The TS path alias that reaches `codeRoot` (`@/` for `"@/*": ["./src/*"]`), if any. */
  alias: PathAlias | undefined;
  packageManager: PackageManager;
  /** An installed consent-management package (by name), if any. */
  consentTool: string | undefined;
}

/**
 * Consent-management packages whose presence means the app already asks for consent, so the
 * tracker starts denied and is wired to the tool's callback instead of granting by default.
 */
export const CONSENT_PACKAGES: readonly string[] = [
  'vanilla-cookieconsent',
  'react-cookie-consent',
  'cookieconsent',
  '@c15t/react',
  '@c15t/nextjs',
  'c15t',
  'klaro',
  '@usercentrics/cmp-browser-sdk',
  '@didomi/react',
  '@iubenda/react-cookie-solution',
  '@segment/consent-manager',
  'react-cookie-manager',
  '@cookieyes/react',
  'cookiebot',
  'react-cookiebot',
  '@osano/cookieconsent',
  'tarteaucitronjs',
];

const LOCKFILES: readonly [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
];

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The first of `candidates` (relative to `root`) that exists. */
async function firstExisting(root: string, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await exists(join(root, candidate))) return candidate;
  return undefined;
}

const withExtensions = (base: string, exts = ['tsx', 'jsx', 'ts', 'js']) => exts.map((ext) => `${base}.${ext}`);

/** The package manager: `packageManager` in package.json first, then the lockfile, else npm. */
async function detectPackageManager(root: string, pkg: { packageManager?: unknown }): Promise<PackageManager> {
  const declared = typeof pkg.packageManager === 'string' ? pkg.packageManager.split('@')[0] : undefined;
  if (declared === 'npm' || declared === 'pnpm' || declared === 'yarn' || declared === 'bun') return declared;
  for (const [file, manager] of LOCKFILES) if (await exists(join(root, file))) return manager;
  return 'npm';
}

/**
 * Inspects the app at `root`: the framework and router, the `src/` layout, the TS path alias,
 * the package manager and an existing consent tool. Throws a `UsageError` naming what was
 * expected when the folder is not a Next.js or Vite React app.
 */
export async function detectApp(root: string): Promise<AppInfo> {
  const pkgText = await readFile(join(root, 'package.json'), 'utf8').catch(() => undefined);
  if (pkgText === undefined) {
    throw new UsageError(`No package.json in ${root}. Run \`taxon init\` in the root of a Next.js or Vite React app.`);
  }
  let pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; packageManager?: unknown };
  try {
    pkg = JSON.parse(pkgText);
  } catch (error) {
    throw new UsageError(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!(await exists(join(root, 'tsconfig.json')))) {
    throw new UsageError('No tsconfig.json: `taxon init` writes TypeScript (the events are typed from the taxonomy). Add TypeScript to the app first, e.g. `npx tsc --init`.');
  }

  let kind: AppKind;
  let srcDir: boolean;
  let rootFile: string | undefined;
  if (deps.next) {
    const appDir = await firstExisting(root, ['src/app', 'app']);
    const pagesDir = await firstExisting(root, ['src/pages', 'pages']);
    if (appDir) {
      kind = 'next-app';
      srcDir = appDir.startsWith('src/');
      rootFile = await firstExisting(root, withExtensions(`${appDir}/layout`));
    } else if (pagesDir) {
      kind = 'next-pages';
      srcDir = pagesDir.startsWith('src/');
      rootFile = await firstExisting(root, withExtensions(`${pagesDir}/_app`));
    } else {
      throw new UsageError('package.json lists next, but there is no app/ or pages/ folder (nor src/app, src/pages).');
    }
  } else if (deps.vite && deps.react) {
    kind = 'vite-react';
    srcDir = true;
    rootFile = await firstExisting(root, withExtensions('src/main'));
  } else {
    throw new UsageError('Found neither Next.js (next) nor Vite with React (vite and react) in package.json. ' +
      '`taxon init` wires Next.js App Router, Next.js Pages Router and Vite React apps.');
  }
  const codeRoot = srcDir ? 'src' : '.';
  return {
    kind,
    srcDir,
    codeRoot,
    rootFile: rootFile === undefined ? undefined : posix.normalize(rootFile),
    alias: await readTsconfigAlias(root, codeRoot),
    packageManager: await detectPackageManager(root, pkg),
    consentTool: CONSENT_PACKAGES.find((name) => deps[name] !== undefined),
  };
}
