// Vitest globalSetup of the `outside` project: packs every @taxon/* package once per run with
// scripts/pack.mjs (the `pnpm pack:all` a user runs) and hands the tarballs to the test files.
// The packages are built first when a source is newer than its build (`pnpm test` has just built them).
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error scripts/pack.mjs is plain JavaScript without declarations.
import { packAll } from '../../scripts/pack.mjs';
import { ROOT, type Tarball } from './lib/outside-app.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    outsideTarballs: Tarball[];
  }
}

const packagesDir = join(ROOT, 'packages');

/** Newest (or oldest) modification time of the files under `dir`; undefined when there are none. */
function mtimes(dir: string, pick: (a: number, b: number) => number): number | undefined {
  let out: number | undefined;
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const stat = statSync(join(dir, entry));
    if (stat.isFile()) out = out === undefined ? stat.mtimeMs : pick(out, stat.mtimeMs);
  }
  return out;
}

/** Whether any package's build is missing or older than one of its sources. */
function buildIsStale(): boolean {
  return readdirSync(packagesDir).some((name) => {
    const built = mtimes(join(packagesDir, name, 'dist'), Math.min);
    return built === undefined || (mtimes(join(packagesDir, name, 'src'), Math.max) ?? 0) > built;
  });
}

export default function setup(project: TestProject): void {
  const out = mkdtempSync(join(tmpdir(), 'taxon-tarballs-'));
  const tarballs = packAll({ out, build: buildIsStale() }) as Tarball[];
  console.log(`[outside] packed ${tarballs.length} packages into ${out}`);
  project.provide('outsideTarballs', tarballs);
}
