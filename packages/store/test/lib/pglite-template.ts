// A fresh PGlite data folder for one test: a copy of the empty database test/setup/pglite.ts made
// once per run. Opening a copy skips initdb, which PGlite runs at every `memory://` start (most of
// its start-up time), so a suite opening one database per test is several times faster.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

/** A PGlite data folder holding an empty database, and how to remove it once closed. */
export interface PgliteDir {
  dataDir: string;
  remove(): void;
}

/** Copies the run's empty PGlite database into a new temporary folder. */
export function freshPgliteDir(): PgliteDir {
  const template = inject('pgliteTemplate');
  if (typeof template !== 'string' || template === '') {
    throw new Error(
      'No PGlite template for the tests: register test/setup/pglite.ts as a vitest globalSetup ' +
        "(vitest.config.ts: `test: { globalSetup: ['./test/setup/pglite.ts'] }`).",
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'taxon-pglite-test-'));
  const dataDir = join(root, 'data');
  cpSync(template, dataDir, { recursive: true });
  return { dataDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
