import type { Migration } from './migrate.js';

const FILE_NAME = /^(\d+)_([a-z0-9_]+)\.sql$/;

/**
 * Reads `NNNN_name.sql` files from a folder (Node only; `node:fs` is loaded on call). Any other
 * `.sql` file name is an error, so a misnamed migration is never silently skipped.
 */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (match === null) {
      throw new Error(
        `Migration file ${join(dir, file)}: expected a name like 0002_add_index.sql ` +
          '(a version number, an underscore, lowercase words joined by underscores).',
      );
    }
    migrations.push({ version: Number(match[1]), name: match[2]!, sql: await readFile(join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * The folder of `@taxon/store`'s own migrations: `migrations/` beside the package.json nearest to
 * this module, which finds it both from `src/` and from the bundled `dist/`. Bundling the package
 * into an app moves the module away from it: pass `migrationsDir` explicitly then (or keep
 * `@taxon/store` external, e.g. Next.js `serverExternalPackages`).
 */
export async function packageMigrationsDir(): Promise<string> {
  const { existsSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  // ESM has import.meta.url; the CJS build has an empty import.meta and a module-scoped __filename.
  const metaUrl = (import.meta as { url?: string }).url;
  const here = typeof metaUrl === 'string' ? fileURLToPath(metaUrl) : __filename;
  let dir = dirname(here);
  for (let depth = 0; depth < 4; depth++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'migrations');
    dir = dirname(dir);
  }
  throw new Error(
    `Cannot find @taxon/store's migrations folder from ${here}: pass migrationsDir to openUsageLog().`,
  );
}
