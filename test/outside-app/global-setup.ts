// Vitest globalSetup of the `outside` project: packs every @taxon/* package once per run with
// scripts/pack.mjs (the `pnpm pack:all` a user runs) and hands the tarballs to the test files.
// The packages are built first when a source is newer than its build (`pnpm test` has just built them).
// Vitest runs every project's global setup before the first test, so the npm installs of the two
// apps started here run in the background while the unit and e2e projects run; each test file
// waits for its own (installApp).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error scripts/build-stale.mjs is plain JavaScript without declarations.
import { staleReason } from '../../scripts/build-stale.mjs';
// @ts-expect-error scripts/pack.mjs is plain JavaScript without declarations.
import { packAll } from '../../scripts/pack.mjs';
import { NEXT_15, NEXT_16, startInstalls, type Tarball } from './lib/outside-app.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    outsideTarballs: Tarball[];
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'taxon-tarballs-'));
  const tarballs = packAll({ out, build: staleReason() !== null }) as Tarball[];
  console.log(`[outside] packed ${tarballs.length} packages into ${out}`);
  project.provide('outsideTarballs', tarballs);
  return startInstalls({ tarballs, apps: [{ next: NEXT_15 }, { next: NEXT_16 }], log: (line) => console.log(`[outside] ${line}`) });
}
