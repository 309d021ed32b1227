// The allowed dependency arrows between Taxon's packages (docs/architecture.md, "Packages and
// arrows"), checked both where a consumer sees them (package.json) and where the code uses them
// (imports in src/). Test files may cross arrows (an edge test may open a store); shipped code may not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

/** Each package and the Taxon packages it may depend on. Anything absent here is refused. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  taxonomy: ['core'],
  cli: ['core', 'taxonomy', 'collector', 'store', 'monitor'],
  web: ['core'],
  react: ['core', 'web'],
  edge: ['core'],
  store: ['core'],
  collector: ['core', 'taxonomy', 'store'],
  monitor: ['core', 'taxonomy', 'store'],
};

/** Third-party packages a package must not ship with, and why. */
const FORBIDDEN_EXTERNAL: Record<string, readonly string[]> = {
  // The edge entry is fetch-only: storage is reached through sink interfaces (@taxon/store).
  edge: ['@electric-sql/pglite', 'pg'],
};

const packages = readdirSync(join(root, 'packages')).filter((name) =>
  statSync(join(root, 'packages', name, 'package.json'), { throwIfNoEntry: false })?.isFile(),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

// What the code really imports (`import`/`export ... from`, `import()`, `require()`), read by
// TypeScript's own pre-processor, so an import written inside a template (the code `taxon init`
// writes into an app) is text, not a dependency.
function specifiersIn(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function importsOf(file: string): string[] {
  return specifiersIn(readFileSync(file, 'utf8'));
}

const taxonName = (specifier: string) => /^@taxon\/([a-z-]+)/.exec(specifier)?.[1];

describe('package dependencies follow the allowed arrows', () => {
  it('knows every package', () => {
    expect([...packages].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  describe.each(packages)('@taxon/%s', (name) => {
    const dir = join(root, 'packages', name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const shipped = Object.keys({ ...manifest['dependencies'], ...manifest['peerDependencies'], ...manifest['optionalDependencies'] });

    it('declares only allowed Taxon packages (dependencies and peers)', () => {
      const taxon = shipped.map(taxonName).filter((n): n is string => n !== undefined);
      expect(taxon.filter((n) => !ALLOWED[name]!.includes(n))).toEqual([]);
      expect(shipped.filter((d) => FORBIDDEN_EXTERNAL[name]?.includes(d))).toEqual([]);
    });

    it('imports only allowed Taxon packages in src/, and never the demo or another package by path', () => {
      const wrong: string[] = [];
      for (const file of sourceFiles(join(dir, 'src'))) {
        for (const specifier of importsOf(file)) {
          const where = `${relative(root, file)}: ${specifier}`;
          const target = taxonName(specifier);
          if (target !== undefined && target !== name && !ALLOWED[name]!.includes(target)) wrong.push(where);
          if (/apps\/demo|@taxon\/demo|^\.\.\/\.\.\/\.\./.test(specifier)) wrong.push(where);
          if (FORBIDDEN_EXTERNAL[name]?.some((d) => specifier === d || specifier.startsWith(`${d}/`))) wrong.push(where);
        }
      }
      expect(wrong).toEqual([]);
    });
  });

  it('the checker sees what it must: a wrong arrow in a source line is found', () => {
    const line = "import { openUsageLog } from '@taxon/store';\nconst pg = await import('pg');\nconst t = `import x from '@taxon/web'`;";
    const found = specifiersIn(line);
    expect(found).toEqual(['@taxon/store', 'pg']);
    expect(ALLOWED['edge']!.includes(taxonName(found[0]!)!)).toBe(false);
  });
});
