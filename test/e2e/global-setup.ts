// Vitest globalSetup of the `e2e` project: one production build of the demo for the whole run.
// `buildDemo()` runs `next build` only when the build is missing or older than its sources, so a
// build made by `pnpm demo` (or an earlier run) is reused. TAXON_E2E_SKIP_BUILD=1 uses the
// existing build as it is (while iterating on the tests alone).
import { stackModule } from './lib/stack.js';

export default async function setup(): Promise<void> {
  const { buildDemo } = await stackModule();
  if (process.env.TAXON_E2E_SKIP_BUILD === '1') return;
  await buildDemo({ log: (line: string) => console.log(`[e2e] ${line}`) });
}
