import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { matcher } from './glob.js';

/** A package of the workspace: its name from package.json and its folder. */
export interface WorkspacePackage {
  name: string;
  dir: string;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** `packages:` globs of pnpm-workspace.yaml (a list of quoted or bare strings). */
function pnpmGlobs(root: string): string[] {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return [];
  const globs: string[] = [];
  let inPackages = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null;
    if (item?.[1]) globs.push(item[1]);
  }
  return globs;
}

/**
 * Packages of the pnpm (pnpm-workspace.yaml) or npm/yarn (`workspaces`) workspace at `root`.
 * Globs of the form `dir/*` and `dir/**` are supported; `!negations` exclude.
 */
export function workspacePackages(root: string): WorkspacePackage[] {
  const manifest = readJson(join(root, 'package.json'));
  const ws = manifest?.workspaces;
  const globs = [
    ...pnpmGlobs(root),
    ...(Array.isArray(ws) ? ws : Array.isArray((ws as { packages?: unknown })?.packages) ? (ws as { packages: unknown[] }).packages : []),
  ].filter((g): g is string => typeof g === 'string');
  const excluded = matcher(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  const included = matcher(globs.filter((g) => !g.startsWith('!')));
  const found: WorkspacePackage[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    if (depth > 3) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const pkg = included(path) && !excluded(path) ? readJson(join(dir, entry.name, 'package.json')) : undefined;
      if (typeof pkg?.name === 'string') found.push({ name: pkg.name, dir: join(dir, entry.name) });
      walk(join(dir, entry.name), path, depth + 1);
    }
  };
  if (globs.length > 0) walk(root, '', 0);
  return found;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs'];

/**
 * The source file a workspace import such as `@acme/analytics` or `@acme/analytics/react` stands
 * for. Sources win over built `dist/` declarations: wrappers are only visible in their bodies.
 */
export function resolveWorkspaceImport(specifier: string, packages: readonly WorkspacePackage[]): string | undefined {
  const pkg = packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (!pkg) return undefined;
  const sub = specifier.slice(pkg.name.length + 1).replace(/\.(js|mjs|cjs)$/, '');
  const bases = sub ? [join(pkg.dir, 'src', sub), join(pkg.dir, sub)] : [join(pkg.dir, 'src', 'index'), join(pkg.dir, 'index')];
  for (const base of bases) {
    for (const candidate of [...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
