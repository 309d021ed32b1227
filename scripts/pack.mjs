// `pnpm pack:all [--out dist-tarballs] [--no-build] [--json]`: packs every publishable @taxon/*
// package into one folder and prints how to install them into another project with npm, pnpm
// or yarn. `pnpm pack` turns `workspace:*` into the exact lockstep version (`0.1.0`), so every
// internal dependency is satisfied by a tarball of the same set; npm resolves those among the
// tarballs it is given, pnpm and yarn need the overrides/resolutions printed below.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;

/** `@taxon/web` at 0.1.0 -> `taxon-web-0.1.0.tgz` (the name `pnpm pack` gives it). */
const tarballName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

/** Publishable packages (not `private`) in name order, with the manifest as written. */
function publishablePackages() {
  return readdirSync(join(root, 'packages'))
    .map((dir) => ({ dir: join(root, 'packages', dir), pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/**
 * Packs all publishable packages into `out` (old @taxon tarballs there are removed first) and
 * returns them. Throws when the versions are not in lockstep or an internal dependency would
 * point outside the set, since such a tarball could only install from a registry.
 */
export function packAll({ out = join(root, 'dist-tarballs'), build = true } = {}) {
  const packages = publishablePackages();
  const versions = new Map(packages.map(({ pkg }) => [pkg.name, pkg.version]));
  if (new Set(versions.values()).size !== 1) {
    throw new Error(`@taxon/* versions are not in lockstep: ${[...versions].map(([n, v]) => `${n}@${v}`).join(', ')}. Run \`pnpm version-packages\` (changesets, fixed group).`);
  }
  for (const { pkg } of packages) {
    for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
      if (dep.startsWith('@taxon/') && (!versions.has(dep) || !String(range).startsWith('workspace:'))) {
        throw new Error(`${pkg.name} depends on ${dep}@${range}: internal dependencies must be workspace:* packages of this repository.`);
      }
    }
  }
  if (build) execFileSync('pnpm', ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(out)) if (/^taxon-.*\.tgz$/.test(file)) rmSync(join(out, file));
  return packages.map(({ dir, pkg }) => {
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    return { name: pkg.name, version: pkg.version, file: join(out, tarballName(pkg.name, pkg.version)) };
  });
}

/** The install instructions for the three package managers, for tarballs at absolute paths. */
export function installLines(tarballs) {
  const files = tarballs.map((t) => t.file).join(' ');
  const overrides = tarballs.map((t) => `  "${t.name}": "file:${t.file}"`).join('\n');
  const resolutions = tarballs.map((t) => `    "${t.name}": "file:${t.file}"`).join(',\n');
  return `npm (resolves the internal @taxon/* dependencies among the tarballs given):
  npm install ${files}

pnpm (looks every dependency up in the registry first, so point @taxon/* at the tarballs):
  # pnpm-workspace.yaml (pnpm 10+; create it beside package.json if there is none)
  overrides:
${overrides.replace(/^/gm, '  ')}
  pnpm add ${files}

yarn (berry and classic; package.json):
  "resolutions": {
${resolutions}
  }
  yarn add ${tarballs.map((t) => `${t.name}@file:${t.file}`).join(' ')}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean' }, json: { type: 'boolean' } } });
  const out = resolve(process.cwd(), values.out ?? join(root, 'dist-tarballs'));
  const tarballs = packAll({ out, build: !values['no-build'] });
  if (values.json) console.log(JSON.stringify({ out, tarballs }, null, 2));
  else console.log(`Packed ${tarballs.length} packages into ${out}\n\n${installLines(tarballs)}`);
}
