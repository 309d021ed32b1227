import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';

/** A `compilerOptions.paths` wildcard alias, e.g. `"@/*": ["./src/*"]`. */
export interface PathAlias {
  /** The import prefix, with its trailing slash: `@/`, `~/`. */
  prefix: string;
  /** The folder it maps to, posix, relative to the app root: `src`, `.`. */
  target: string;
}

/**
 * Reads the path alias of `tsconfig.json` (comments and trailing commas allowed) that maps to
 * `codeRoot` or a parent of it, so generated imports can use it (`@/lib/analytics`). Only the
 * file's own `paths` are read, not an `extends` chain.
 */
export async function readTsconfigAlias(root: string, codeRoot: string): Promise<PathAlias | undefined> {
  const text = await readFile(join(root, 'tsconfig.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  // TypeScript's own JSONC reader: tsconfig files routinely carry comments and trailing commas.
  const ts = (await import('typescript')).default;
  const parsed = ts.parseConfigFileTextToJson('tsconfig.json', text);
  const options = (parsed.config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined)?.compilerOptions;
  const baseUrl = options?.baseUrl ?? '.';
  const wanted = posix.normalize(codeRoot);
  const aliases: PathAlias[] = [];
  for (const [key, targets] of Object.entries(options?.paths ?? {})) {
    if (!key.endsWith('/*') || !Array.isArray(targets) || typeof targets[0] !== 'string' || !targets[0].endsWith('/*')) continue;
    aliases.push({ prefix: key.slice(0, -1), target: posix.normalize(posix.join(baseUrl, targets[0].slice(0, -2))) });
  }
  // The alias of the code root itself wins; else one of the app root when the code sits in it.
  return aliases.find((a) => a.target === wanted) ?? aliases.find((a) => a.target === '.' && wanted === '.');
}

/** How `fromFile` imports `toFile` (both posix, relative to the app root, no extension on `toFile`). */
export function importPath(fromFile: string, toFile: string, alias: PathAlias | undefined): string {
  if (alias) {
    const inside = posix.relative(alias.target, toFile);
    if (!inside.startsWith('..')) return `${alias.prefix}${inside}`;
  }
  const relative = posix.relative(posix.dirname(fromFile), toFile);
  return relative.startsWith('.') ? relative : `./${relative}`;
}
