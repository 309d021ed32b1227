import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SourceFile } from './source.js';

/** Thrown for I/O problems (missing folder, unreadable file), as opposed to findings in content. */
export class TaxonomyIOError extends Error {
  override name = 'TaxonomyIOError';
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map(async (e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return walk(path);
        return /\.ya?ml$/i.test(e.name) ? [path] : [];
      }),
  );
  return nested.flat();
}

/**
 * Reads every `.yaml`/`.yml` file under `dir` (recursively, skipping dot-files) as bytes, so the
 * parser can detect binary content. Paths in findings are relative to `cwd`.
 */
export async function loadTaxonomySources(dir: string, cwd = process.cwd()): Promise<SourceFile[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new TaxonomyIOError(`Taxonomy folder not found: ${dir}. Expected a folder of YAML files (see taxon.config.mjs "taxonomy").`);
  }
  const files = info.isDirectory() ? await walk(dir) : [dir];
  if (files.length === 0) {
    throw new TaxonomyIOError(`No .yaml files in ${dir}. Expected at least taxonomy.yaml with the taxonomy name and version.`);
  }
  return Promise.all(
    files.sort().map(async (file) => {
      try {
        return { path: relative(cwd, file) || file, contents: new Uint8Array(await readFile(file)) };
      } catch (error) {
        throw new TaxonomyIOError(`Cannot read ${file}: ${(error as Error).message}`);
      }
    }),
  );
}
