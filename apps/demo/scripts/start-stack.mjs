// Starts the whole demo: the Taxon collector, the checkout origin and the Quill Next.js server
// (`next start`, a production build). Used by `pnpm demo` (scripts/demo.mjs) and the e2e tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCheckoutServer } from './checkout-server.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '../..');
const nextBin = createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');

/** Output kept from a child process, for the error message when it fails. */
function tailBuffer(limit = 200) {
  const lines = [];
  return {
    push(chunk) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > limit) lines.shift();
      }
    },
    text: () => lines.join('\n'),
  };
}

/**
 * Holds a free port open until `release()`, so nothing else started meanwhile (the collector on
 * port 0, the other reserved port) can be given the same one; release it right before its own
 * server binds.
 */
async function reservePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePort({ port, release: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** A port given by the caller, or a reserved free one for 0. */
async function portFor(requested) {
  return requested === 0 ? reservePort() : { port: requested, release: async () => {} };
}

async function checkPortFree(port, what) {
  await new Promise((resolveCheck, reject) => {
    const server = createServer();
    server.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `startStack: port ${port} for the ${what} is in use. Stop what runs there or pass another port (0 = any free port).`
            : `startStack: cannot listen on port ${port} for the ${what}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolveCheck()));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Newest modification time (ms) of the files under `dir`, skipping `skip` folder names. */
function newestMtime(dir, skip = new Set()) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      // tsc rewrites *.tsbuildinfo on every type check; it is not an input of the build.
      if (skip.has(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** The workspace packages the demo uses, directly or through each other (`core`, `web`, ...). */
function taxonPackages() {
  const seen = new Set();
  const visit = (manifest) => {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      const name = dep.startsWith('@taxon/') ? dep.slice('@taxon/'.length) : undefined;
      if (!name || seen.has(name) || !existsSync(join(repoRoot, 'packages', name, 'package.json'))) continue;
      seen.add(name);
      visit(join(repoRoot, 'packages', name, 'package.json'));
    }
  };
  visit(join(appDir, 'package.json'));
  return [...seen].sort();
}

/**
 * Why the production build is stale, or null when `.next/BUILD_ID` is newer than every source of
 * the app, the `dist` folders of the packages it uses and the generated taxonomy code.
 */
export function staleReason() {
  const buildId = join(appDir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet';
  const built = statSync(buildId).mtimeMs;
  // scripts/ is not part of the Next build (it starts the servers).
  const app = newestMtime(appDir, new Set(['.next', 'node_modules', 'scripts']));
  if (app > built) return 'apps/demo changed';
  for (const name of taxonPackages()) {
    if (newestMtime(join(repoRoot, 'packages', name, 'dist')) > built) return `packages/${name}/dist changed`;
  }
  if (newestMtime(join(repoRoot, 'generated')) > built) return 'generated/ changed';
  return null;
}

/**
 * Runs `next build` for apps/demo when the build is missing or older than its sources (or when
 * `force`). Resolves when the build is done; rejects with the build's output when it fails.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 */
export async function buildDemo({ force = false, log = console.log } = {}) {
  const reason = force ? 'forced' : staleReason();
  if (reason === null) return;
  log(`Building the Quill demo app with next build (${reason})...`);
  const output = tailBuffer(400);
  const child = spawn(process.execPath, [nextBin, 'build'], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c) => output.push(c));
  child.stderr.on('data', (c) => output.push(c));
  const code = await new Promise((r) => child.once('close', r));
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.text()}`);
}

async function waitForHttp(url, child, output, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.text()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`next start did not answer ${url} within ${timeoutMs} ms:\n${output.text()}`);
}

function stopProcessGroup(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once('close', () => {
      clearTimeout(timer);
      resolveStop();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolveStop();
    }
  });
}

/**
 * Starts the collector, the checkout origin and `next start` (build first with `buildDemo`).
 * A port of 0 picks a free one. `env` is added to the Next server's environment (runtime
 * config: GA_MEASUREMENT_ID, GTM_CONTAINER_ID, SENTRY_DSN, ...). The collector answers the demo's
 * own origin only (CORS). `testMode` (the e2e tests) lets `DELETE /events` run without a token and
 * the Sentry tunnel's envelopes be read back (`QUILL_TEST_MODE=1`); off for `pnpm demo`. The
 * Stripe webhook secret is random per run, shared by the app and the checkout origin.
 * @param {{ demoPort?: number, checkoutPort?: number, collectorPort?: number, env?: Record<string, string>,
 *   dataDir?: string, testMode?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ demoUrl: string, checkoutUrl: string, collectorUrl: string, webhookSecret: string,
 *   close(): Promise<void> }>}
 */
export async function startStack({
  demoPort = 3000,
  checkoutPort = 3001,
  collectorPort = 8787,
  env = {},
  dataDir,
  testMode = false,
  log = console.log,
} = {}) {
  const stops = [];
  const close = async () => {
    while (stops.length > 0) {
      const stop = stops.pop();
      await stop().catch(() => {});
    }
  };
  try {
    if (demoPort !== 0) await checkPortFree(demoPort, 'demo');
    const demoReservation = await portFor(demoPort);
    const checkoutReservation = await portFor(checkoutPort);
    stops.push(() => Promise.all([demoReservation.release(), checkoutReservation.release()]));
    const ports = { demo: demoReservation.port, checkout: checkoutReservation.port };

    const demoUrl = `http://localhost:${ports.demo}`;
    const demoApiUrl = `http://127.0.0.1:${ports.demo}`;
    const { startCollector } = await import('@taxon/collector');
    const collector = await startCollector({
      port: collectorPort,
      host: '127.0.0.1',
      taxonomy: join(repoRoot, 'taxonomy'),
      dataDir: dataDir ?? 'memory://',
      // The browser posts from the demo's pages (opened as localhost or 127.0.0.1); no other page may.
      allowedOrigins: [demoUrl, demoApiUrl],
      testMode,
    });
    stops.push(() => collector.close());

    const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
    await checkoutReservation.release();
    const checkout = await startCheckoutServer({ port: ports.checkout, demoUrl, demoApiUrl, webhookSecret });
    stops.push(() => checkout.close());

    const persistent = dataDir !== undefined && dataDir !== 'memory://';
    const output = tailBuffer();
    await demoReservation.release();
    const child = spawn(process.execPath, [nextBin, 'start', '-p', String(ports.demo), '-H', '127.0.0.1'], {
      cwd: appDir,
      detached: true, // its own process group: close() stops Next and anything it spawned
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        TAXON_COLLECTOR_URL: collector.url,
        CHECKOUT_URL: checkout.url,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        ...(testMode ? { QUILL_TEST_MODE: '1' } : {}),
        // The demo's own usage log and processed webhooks: kept next to the collector's data for
        // `pnpm demo`, in memory for tests (each stack starts clean).
        QUILL_DATA_DIR: persistent ? join(repoRoot, '.taxon', 'demo-pglite') : 'memory://',
        ...env,
      },
    });
    child.stdout.on('data', (c) => output.push(c));
    child.stderr.on('data', (c) => output.push(c));
    stops.push(() => stopProcessGroup(child));
    await waitForHttp(`${demoApiUrl}/api/sentry`, child, output);

    log(`demo: ${demoUrl}`);
    log(`collector: ${collector.url}`);
    log(`checkout: ${checkout.url}`);
    log('stripe webhooks: signed with a secret generated for this run (STRIPE_WEBHOOK_SECRET of the app and the checkout origin)');
    return {
      demoUrl,
      checkoutUrl: checkout.url,
      collectorUrl: collector.url,
      webhookSecret,
      /** The Next server's recent output (for test failure messages). */
      serverOutput: () => output.text(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
