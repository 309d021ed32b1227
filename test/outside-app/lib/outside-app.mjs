// A third-party Next.js app with Taxon added the way a user adds it: packed tarballs installed
// with npm in a folder outside the repository, `taxon init --yes`, the printed layout diff
// applied, the user's own tracking calls, `taxon gen`, `next build`. Shared by the outside-app
// tests and bench/outside-app.bench.mjs (plain JavaScript so the bench runs it under Node).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURE = join(ROOT, 'test/outside-app/fixtures/next15-app');
const USER_EDITS = join(ROOT, 'test/outside-app/fixtures/user-edits');

/** Runs a command, returning stdout; on failure throws with the command's whole output. */
export function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...options });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${error.status}) in ${options.cwd ?? process.cwd()}:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  }
}

/** sha256 over the tarballs' bytes: a new build of any package means a fresh install. */
export function tarballsHash(tarballs) {
  const hash = createHash('sha256');
  for (const t of [...tarballs].sort((a, b) => a.name.localeCompare(b.name))) hash.update(t.name).update(readFileSync(t.file));
  return hash.digest('hex');
}

/** The Next.js versions of the outside apps: 15 (webpack, its default) and 16 (Turbopack, its default). */
export const NEXT_15 = '15.5.29';
export const NEXT_16 = '16.4.6';

const INSTALLED = '.taxon-installed';
const INSTALLING = '.taxon-installing';
const INSTALL_FAILED = '.taxon-install-failed';
const INSTALL_LOG = '.taxon-install.log';

/** The install folder for these tarballs, Next version and extras: `<tmpdir>/taxon-outside-next<version>-<key>`. */
export function appDir({ tarballs, next, extra = [] }) {
  const key = createHash('sha256').update(tarballsHash(tarballs)).update(next).update(extra.join(' '))
    .update(readFileSync(join(FIXTURE, 'package.json'))).digest('hex').slice(0, 12);
  return join(tmpdir(), `taxon-outside-next${next}-${key}`);
}

/** The `npm install` arguments: the fixture's dependencies (from its package.json), the tarballs, `next@<next>`, extras. */
function npmInstallArgs({ tarballs, next, extra = [] }) {
  return ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs.map((t) => t.file), `next@${next}`, ...extra];
}

/** Empties `dir` and puts the fixture's package.json in it, ready for `npm install`. */
function prepareInstall(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(FIXTURE, 'package.json'), join(dir, 'package.json'));
}

const npmEnv = () => ({ ...process.env, npm_config_update_notifier: 'false' });

/** Whether the process `pid` is still running. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits (blocking: installApp is synchronous) for a background install of `startInstalls` in
 * `dir` to end. Returns true when it succeeded, false when it failed or its process is gone
 * (installApp then installs in the foreground and reports npm's own error).
 */
function awaitBackgroundInstall(dir, log, timeoutMs = 15 * 60_000) {
  const pid = Number(readFileSync(join(dir, INSTALLING), 'utf8'));
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  log(`waiting for the npm install started by the global setup in ${dir}`);
  while (Date.now() < deadline) {
    if (existsSync(join(dir, INSTALLED))) return true;
    if (existsSync(join(dir, INSTALL_FAILED))) {
      log(`the background npm install failed:\n${readFileSync(join(dir, INSTALL_LOG), 'utf8')}`);
      return false;
    }
    // The shell writes the marker before it exits; gone without one means it was killed.
    if (!alive(pid) && !existsSync(join(dir, INSTALLED))) return false;
    Atomics.wait(pause, 0, 0, 250);
  }
  throw new Error(`the background npm install in ${dir} did not end within ${timeoutMs / 60_000} min; see ${join(dir, INSTALL_LOG)}`);
}

/**
 * Installs the fixture's dependencies, `next@<next>` and the tarballs (plus `extra` packages)
 * with plain `npm install` in `appDir(...)`, outside the repository. A folder already installed
 * for the same tarballs, Next version and extras is reused as it is; one `startInstalls` is
 * installing is waited for.
 */
export function installApp({ tarballs, next, extra = [], log = () => {} }) {
  const dir = appDir({ tarballs, next, extra });
  if (existsSync(join(dir, INSTALLING)) && !existsSync(join(dir, INSTALLED))) awaitBackgroundInstall(dir, log);
  if (existsSync(join(dir, INSTALLED))) {
    log(`reusing ${dir}`);
    return dir;
  }
  prepareInstall(dir);
  log(`npm install in ${dir}`);
  run('npm', npmInstallArgs({ tarballs, next, extra }), { cwd: dir, env: npmEnv() });
  writeFileSync(join(dir, INSTALLED), `${new Date().toISOString()}\n`);
  return dir;
}

/**
 * Starts, in the background and one after the other, the `npm install` of each app in `apps`
 * not installed yet, and returns at once with a function that stops them. The outside project's
 * global setup calls it so the downloads and unpacking overlap the unit and browser tests (one
 * install at a time: it mostly waits on the network and the disk, and leaves the CPU to the
 * tests); installApp in the test files waits for the one it needs.
 */
export function startInstalls({ tarballs, apps, log = () => {} }) {
  const steps = [];
  for (const { next, extra = [] } of apps) {
    const dir = appDir({ tarballs, next, extra });
    if (existsSync(join(dir, INSTALLED))) continue;
    prepareInstall(dir);
    const quoted = npmInstallArgs({ tarballs, next, extra }).map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    // Each step leaves exactly one marker behind: installed, or failed (with npm's output in the log).
    steps.push(`(cd '${dir}' && if npm ${quoted} >${INSTALL_LOG} 2>&1; then date >${INSTALLED}; else echo $? >${INSTALL_FAILED}; fi)`);
    log(`npm install of next@${next} started in the background in ${dir}`);
  }
  if (steps.length === 0) return async () => {};
  const child = spawn('sh', ['-c', steps.join('; ')], { env: npmEnv(), stdio: 'ignore', detached: true });
  for (const { next, extra = [] } of apps) {
    const dir = appDir({ tarballs, next, extra });
    if (!existsSync(join(dir, INSTALLED))) writeFileSync(join(dir, INSTALLING), String(child.pid));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return async () => {
    // The run is over (or failed early): end an install still going (its whole process group).
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await exited;
  };
}

/** Puts the fixture's sources back (everything but package.json), removing earlier runs' output. */
export function resetSources(dir) {
  const keep = new Set(['node_modules', 'package.json', 'package-lock.json', '.taxon-installed']);
  for (const entry of readdirSync(dir)) if (!keep.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  for (const entry of readdirSync(FIXTURE)) if (entry !== 'package.json') cpSync(join(FIXTURE, entry), join(dir, entry), { recursive: true });
}

const bin = (dir, name) => join(dir, 'node_modules/.bin', name);

/** Runs the installed `taxon` CLI in the app; returns { code, stdout, stderr }. */
export function taxon(dir, args) {
  try {
    return { code: 0, stdout: execFileSync(bin(dir, 'taxon'), args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '' };
  } catch (error) {
    return { code: error.status ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
  }
}

/** The unified diff in `taxon init`'s output (from `--- a/` to the blank line before "Next steps"). */
export function printedDiff(initStdout) {
  const start = initStdout.indexOf('--- a/');
  if (start === -1) throw new Error(`taxon init printed no diff:\n${initStdout}`);
  return initStdout.slice(start, initStdout.indexOf('\nNext steps:', start));
}

/** Replaces `from` with `to` in a file of the app, failing when `from` is not there. */
function edit(dir, path, from, to) {
  const text = readFileSync(join(dir, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} no longer contains ${JSON.stringify(from)}: update test/outside-app/lib`);
  writeFileSync(join(dir, path), text.replace(from, to));
}

/**
 * What the user does after `taxon init`: applies the printed layout diff (with patch(1), as
 * printed), adds one client component file and calls it from the pricing and checkout pages
 * (the steps of the starter funnel "upgrade"). Three of the app's files edited, one added.
 */
export function applyUserEdits(dir, initStdout) {
  run('patch', ['-p1', '--forward'], { cwd: dir, input: printedDiff(initStdout) });
  cpSync(join(USER_EDITS, 'analytics-events.tsx'), join(dir, 'app/analytics-events.tsx'));
  edit(dir, 'app/pricing/page.tsx', "import { plans } from '../plans';",
    "import { plans } from '../plans';\nimport { ChoosePlanButton, PricingViewed } from '../analytics-events';");
  edit(dir, 'app/pricing/page.tsx', '      <h1>Pricing</h1>', '      <PricingViewed />\n      <h1>Pricing</h1>');
  edit(dir, 'app/pricing/page.tsx', '<button type="submit">Choose {plan.name}</button>',
    '<ChoosePlanButton plan={plan.id}>Choose {plan.name}</ChoosePlanButton>');
  edit(dir, 'app/checkout/page.tsx', "import { planById } from '../plans';",
    "import { planById } from '../plans';\nimport { CheckoutStarted } from '../analytics-events';");
  edit(dir, 'app/checkout/page.tsx', '      <h1>Checkout: {plan.name}</h1>', '      <CheckoutStarted plan={plan.id} />\n      <h1>Checkout: {plan.name}</h1>');
}

/**
 * `next build` with extra `flags` (`--turbopack` on Next 15, `--webpack` on Next 16, or none for
 * the version's default bundler). Returns the build output. Run it while holding
 * /tmp/taxon-heavy.lock (the caller's flock).
 */
export function nextBuild(dir, { env = {}, flags = [] } = {}) {
  return run(process.execPath, [join(dir, 'node_modules/next/dist/bin/next'), 'build', ...flags], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running process of the app (`taxon collector`, `next start`) and resolves once
 * `ready` matches its output; `stop()` ends it (by its pid) and waits for the exit.
 */
export function startProcess(dir, command, args, { ready, env = {}, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} was not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ stop, output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Client-side JavaScript files of a production build (`.next/static`). */
export function clientChunks(dir) {
  const root = join(dir, '.next/static');
  return readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => join(root, f));
}

/** Strings only zod's code carries, minified or not: its internals key `_zod` and its error class name. */
export const ZOD_MARKERS = [/\b_zod\b/, /ZodError/];
