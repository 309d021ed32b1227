// `node scripts/build-stale.mjs`: runs `pnpm build` (every package, as `pnpm build` does) unless
// every package's `dist/` is newer than all of its build inputs. `pnpm install` has just built the
// packages through the root `prepare` script, so `pnpm test` right after it (CI, a fresh clone)
// does not build them a second time; after any edit of a package's sources it builds all of them.
// `pnpm build` stays the unconditional build (the release uses it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

/** Repository files every package's build reads besides its own folder. */
const SHARED_INPUTS = ['tsconfig.base.json', 'pnpm-lock.yaml'];
/** Entries of a package folder that are not build inputs. */
const NOT_INPUTS = new Set(['dist', 'node_modules', 'test']);

/** `[mtimeMs, path]` of `path` and, for a folder, of everything under it, folders included (a deleted source changes its folder's time). */
function times(path) {
  const out = [[statSync(path).mtimeMs, path]];
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path, { recursive: true })) out.push([statSync(join(path, entry)).mtimeMs, join(path, entry)]);
  }
  return out;
}

/**
 * Why the build is stale ("packages/web: dist missing", "packages/core/src/x.ts is newer than
 * packages/core/dist"), or null when every package's build is newer than all of its inputs.
 */
export function staleReason() {
  const shared = SHARED_INPUTS.filter((f) => existsSync(join(root, f))).flatMap((f) => times(join(root, f)));
  for (const name of readdirSync(packagesDir).sort()) {
    const dir = join(packagesDir, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const dist = join(dir, 'dist');
    const built = existsSync(dist) ? readdirSync(dist, { recursive: true })
      .map((entry) => statSync(join(dist, entry)))
      .filter((stat) => stat.isFile())
      .map((stat) => stat.mtimeMs) : [];
    if (built.length === 0) return `packages/${name}: dist missing`;
    const oldestOutput = Math.min(...built);
    const inputs = [...shared, ...readdirSync(dir).filter((e) => !NOT_INPUTS.has(e)).flatMap((e) => times(join(dir, e)))];
    const newer = inputs.find(([mtime]) => mtime > oldestOutput);
    if (newer) return `${relative(root, newer[1])} is newer than packages/${name}/dist`;
  }
  return null;
}

/** Runs `pnpm build` when `staleReason()` says so; returns whether it built. */
export function buildIfStale({ log = console.log } = {}) {
  const reason = staleReason();
  if (reason === null) {
    log('build: every package is newer than its sources (built by `pnpm install`), not rebuilding');
    return false;
  }
  log(`build: ${reason}, running pnpm build`);
  execFileSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale();
