// `pnpm demo`: builds what is missing, then starts the Taxon collector, the Quill demo app (a
// Next.js production build) and its hosted-checkout origin, and prints one line per service.
// Ctrl-C (or SIGTERM) stops all three.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const missingDist = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
  .some((entry) => !existsSync(join(root, 'packages', entry.name, 'dist')));
if (missingDist) {
  console.log('Building the packages (pnpm build)...');
  // The pnpm running this script (`npx pnpm@12 demo`), else one on the PATH.
  const pnpm = process.env.npm_execpath;
  const build = pnpm && /\.[cm]?js$/.test(pnpm)
    ? spawnSync(process.execPath, [pnpm, 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync(pnpm || 'pnpm', ['build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('`pnpm build` failed; see the output above.');
    process.exit(build.status ?? 1);
  }
}

// Imported after the packages exist: start-stack loads @taxon/collector from its dist.
const { buildDemo, startStack } = await import('../apps/demo/scripts/start-stack.mjs');

let stack;
let stopRequested;
const stop = async (signal) => {
  if (stopRequested) return;
  stopRequested = signal;
  // While starting, the main flow below closes what started once startStack returns.
  if (!stack) return;
  await stack.close();
  process.exit(signal === 'SIGINT' ? 130 : 0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  await buildDemo();
  if (!stopRequested) stack = await startStack({ dataDir: join(root, '.taxon', 'collector') });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
if (stopRequested) {
  await stack?.close();
  process.exit(stopRequested === 'SIGINT' ? 130 : 0);
}
// Prometheus scrapes the first, Telegraf's inputs.http reads the second (README "Monitoring").
const metricsAuth = process.env.TAXON_METRICS_TOKEN ? ' (Authorization: Bearer $TAXON_METRICS_TOKEN)' : '';
console.log(`metrics: ${stack.demoUrl}/api/metrics (Prometheus)${metricsAuth}`);
console.log(`metrics: ${stack.demoUrl}/api/metrics/influx (InfluxDB line protocol, Telegraf inputs.http)${metricsAuth}`);
