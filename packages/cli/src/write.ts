import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '@taxon/taxonomy';

/** Files whose contents on disk differ from what would be generated (missing counts as stale). */
export async function staleFiles(files: readonly GeneratedFile[], root: string): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const current = await readFile(join(root, file.path), 'utf8').catch(() => undefined);
    if (current !== file.contents) stale.push(file.path);
  }
  return stale;
}

/**
 * Writes all files or none: every file is first written beside its target under a temporary
 * name, then all are renamed into place. A failure while staging removes what was staged.
 */
export async function writeAll(files: readonly GeneratedFile[], root: string): Promise<string[]> {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = join(root, file.path);
      const tmp = `${target}.taxon-${process.pid}.tmp`;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(tmp, file.contents);
      staged.push({ tmp, target });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw error;
  }
  for (const s of staged) await rename(s.tmp, s.target);
  return files.map((f) => f.path);
}
