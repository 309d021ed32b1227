import { constants, type FileHandle, open, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { MAX_FILE_BYTES, type SourceFile } from './source.js';

/** Thrown for I/O problems (missing folder, unreadable file), as opposed to findings in content. */
export class TaxonomyIOError extends Error {
  override name = 'TaxonomyIOError';
}

/** Files opened at once: a large taxonomy must not exhaust file descriptors. */
const PARALLEL_READS = 16;

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map(async (e) => {
        const path = join(dir, e.name);
        // Symlinked folders are not followed (no cycles); a symlinked file is read if it is regular.
        if (e.isDirectory()) return walk(path);
        return /\.ya?ml$/i.test(e.name) ? [path] : [];
      }),
  );
  return nested.flat();
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads up to `length` bytes, fewer at end of file. */
async function readUpTo(handle: FileHandle, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Reads one taxonomy file, never blocking and never reading more than one byte past
 * {@link MAX_FILE_BYTES}. Anything but a regular file (a pipe, a device such as /dev/zero, a
 * directory) and any I/O error is returned as `unread`, so linting reports it at the path.
 */
export async function readSourceFile(file: string, path: string): Promise<SourceFile> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a named pipe that has no writer returns at once instead of waiting.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { path, contents: '', unread: { kind: 'io-error', message: (error as Error).message } };
  }
  try {
    // The opened file is the one checked: no window for a swap between a stat and the open.
    const info = await handle.stat();
    if (!info.isFile()) return { path, contents: '', unread: { kind: 'not-regular', type: kindOf(info) } };
    if (info.size > MAX_FILE_BYTES) return { path, contents: '', unread: { kind: 'too-large', bytes: info.size } };
    // One byte more than the size says: a file growing while it is read is seen as larger.
    const contents = await readUpTo(handle, Math.min(info.size, MAX_FILE_BYTES) + 1);
    if (contents.byteLength > MAX_FILE_BYTES) {
      return { path, contents: '', unread: { kind: 'too-large', bytes: contents.byteLength } };
    }
    if (contents.byteLength > info.size) {
      return { path, contents: '', unread: { kind: 'io-error', message: 'the file changed while it was read' } };
    }
    return { path, contents };
  } catch (error) {
    return { path, contents: '', unread: { kind: 'io-error', message: (error as Error).message } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads every `.yaml`/`.yml` file under `dir` (recursively, skipping dot-files) as bytes, so the
 * parser can detect binary content. Paths in findings are relative to `cwd`. A file that cannot
 * be read as a regular file of at most {@link MAX_FILE_BYTES} is returned with `unread` set and
 * becomes a finding at its path; only a missing or empty folder throws {@link TaxonomyIOError}.
 */
export async function loadTaxonomySources(dir: string, cwd = process.cwd()): Promise<SourceFile[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new TaxonomyIOError(`Taxonomy folder not found: ${dir}. Expected a folder of YAML files (see taxon.config.mjs "taxonomy").`);
  }
  let files: string[];
  try {
    files = info.isDirectory() ? await walk(dir) : [dir];
  } catch (error) {
    throw new TaxonomyIOError(`Cannot list ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) {
    throw new TaxonomyIOError(`No .yaml files in ${dir}. Expected at least taxonomy.yaml with the taxonomy name and version.`);
  }
  const sorted = files.sort();
  const sources: SourceFile[] = [];
  for (let i = 0; i < sorted.length; i += PARALLEL_READS) {
    const batch = sorted.slice(i, i + PARALLEL_READS);
    sources.push(...(await Promise.all(batch.map((file) => readSourceFile(file, relative(cwd, file) || file)))));
  }
  return sources;
}
