// The main entry of @taxon/edge runs in fetch-only edge runtimes: it must not import Node built-ins
// or use Buffer or process APIs (other than reading `process.env`, guarded). This bundles the
// entry from source the way an edge bundler would and inspects everything it pulls in.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const coreSource = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

it('the main entry imports no Node built-in and uses no Buffer or process-only API', async () => {
  const found: string[] = [];
  const guard: Plugin = {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /^@taxon\/core$/ }, () => ({ path: coreSource }));
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path.split('/')[0] ?? '')) {
          found.push(`${args.path} (imported by ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    plugins: [guard],
  });
  expect(found, 'Node built-ins reachable from @taxon/edge main entry').toEqual([]);
  const code = result.outputFiles[0]?.text ?? '';
  expect(code).toContain('mp/collect');
  expect(code).not.toMatch(/\bBuffer\b/);
  expect(code).not.toMatch(/\brequire\(/);
  const processUses = code.match(/\bprocess\.[A-Za-z_.]+/g) ?? [];
  // Reading the environment behind a `typeof process` guard is fine; process APIs are not.
  expect(processUses.filter((use) => use !== 'process.env.NODE_ENV' && use !== 'process.env')).toEqual([]);
});
