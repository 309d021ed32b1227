// Vitest globalSetup: provides `pgliteTemplate`, the data folder of an empty PGlite database made
// once per run. PGlite 0.5 runs initdb (in WebAssembly) every time it starts on `memory://`, most
// of its start-up time (seconds on a loaded 2-core machine); a copy of this folder starts without
// it. The test suites open their PGlite databases from copies (freshPgliteDir in
// packages/store/test/lib/pglite-template.ts): each test still gets an empty database of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Data folder of an empty, cleanly closed PGlite database: copy it, never open it in place. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'taxon-pglite-'));
  const template = join(root, 'template');
  const db = await PGlite.create(template);
  await db.close();
  project.provide('pgliteTemplate', template);
  const remove = () => rmSync(root, { recursive: true, force: true });
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
    remove();
  };
}
