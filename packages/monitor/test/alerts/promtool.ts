import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { lintTaxonomy, loadTaxonomySources, type AlertDef } from '@taxon/taxonomy';

// The real engine: Debian's promtool (the `prometheus` package, scripts/setup-system.sh).
export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

export interface PromtoolResult {
  code: number;
  output: string;
}

/** Runs promtool with `files` written to a fresh folder; the folder is removed afterwards. */
export async function promtool(args: (dir: string) => string[], files: Record<string, string>): Promise<PromtoolResult> {
  const dir = await mkdtemp(join(tmpdir(), 'taxon-promtool-'));
  try {
    for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
    return await new Promise((resolve) => {
      execFile(PROMTOOL, args(dir), { cwd: dir, timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


/** The reference taxonomy's alerts, linted clean. */
export async function referenceAlerts(): Promise<AlertDef[]> {
  const dir = fileURLToPath(new URL('../../../../taxonomy', import.meta.url));
  const result = lintTaxonomy(await loadTaxonomySources(dir));
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(`The reference taxonomy has lint errors: ${errors.map((f) => f.message).join('; ')}`);
  return [...result.taxonomy.alerts.values()];
}
