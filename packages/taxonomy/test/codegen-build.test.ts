/**
 * The generated code builds wherever an app builds: webpack and Turbopack resolve only files that
 * exist (no `.js` -> `.ts` mapping), `tsc` wants extensions under node16/nodenext and none under
 * bundler, and a production bundle must not contain zod or the validators. Checked here with the
 * real TypeScript compiler and esbuild on code generated from a small fixture taxonomy; the
 * outside-app test builds a real Next.js app with webpack and Turbopack.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type OutputFile } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultOutputs, generate, lintTaxonomy, loadTaxonomySources } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = fileURLToPath(new URL('./codegen-fixture', import.meta.url));
const source = (path: string) => join(root, 'packages', path);
let dir: string;
let generated: string[];

beforeAll(async () => {
  // Inside the package, so that zod (its dependency) resolves from the generated validators.
  dir = mkdtempSync(join(root, 'packages/taxonomy/test/.typecheck-build-'));
  const lint = lintTaxonomy(await loadTaxonomySources(fixture, fixture));
  expect(lint.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const files = generate(lint.taxonomy, { outputs: defaultOutputs('gen', 'gen/plan.md'), source: 'taxonomy/' });
  generated = files.map((f) => f.path).filter((p) => !p.endsWith('.md'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.contents);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every module specifier of a file, static and dynamic, with whether it is a type-only import. */
function specifiers(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName, pos }) => {
    const line = text.slice(text.lastIndexOf('\n', pos) + 1, pos);
    return { spec: fileName, typeOnly: /^\s*import type\b/.test(line) };
  });
}

describe('generated imports', () => {
  it('the runtime module imports nothing, and loads the validators by a file name that exists on disk', () => {
    const index = specifiers(join(dir, 'gen/index.ts'));
    expect(index.map((s) => s.spec)).toEqual(['./validators.js']);
    const text = readFileSync(join(dir, 'gen/index.ts'), 'utf8');
    expect(text).not.toMatch(/^import /m);
    expect(text).not.toMatch(/^export .* from /m);
  });

  it('every relative specifier a bundler sees names a real file; the others are type-only', () => {
    const problems: string[] = [];
    for (const path of generated) {
      for (const { spec, typeOnly } of specifiers(join(dir, path))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dir, dirname(path), spec);
        const exists = (() => {
          try {
            readFileSync(target);
            return true;
          } catch {
            return false;
          }
        })();
        // Declarations are read by tsc alone, which maps `./index.js` to index.ts.
        if (path.endsWith('.d.ts') ? !typeOnly : !exists) problems.push(`${path}: '${spec}'`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the validators import only zod; their declarations import only types', () => {
    expect(specifiers(join(dir, 'gen/validators.js'))).toEqual([{ spec: 'zod', typeOnly: false }]);
    expect(specifiers(join(dir, 'gen/validators.d.ts')).every((s) => s.typeOnly)).toBe(true);
  });
});

const consumer = (index: string, validators: string) => `import { taxonomy, tokenBucket, type ClientEventName, type TrackEvent } from '${index}';
import { validateEvent } from '${validators}';
declare const trackEvent: TrackEvent;
trackEvent('generation_started', { feature: 'rewrite' });
const client: ClientEventName = 'landing_viewed';
const label: '0-500' | '500-2k' | '2k+' = tokenBucket(1200);
const problems: string[] = validateEvent('generation_started', {});
const loaded: Promise<string[]> | undefined = taxonomy.loadValidators?.().then((m) => m.validateEvent('x', {}));
const owner: 'client' | 'server' = taxonomy.events.generation_completed.owner;
// With skipLibCheck an unresolved import inside the declarations would turn them into \`any\`.
type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [IsAny<typeof validateEvent>, IsAny<typeof taxonomy.loadValidators>] = [false, false];
export { client, label, problems, loaded, owner, typed };
`;

interface Setup {
  module: ts.ModuleKind;
  moduleResolution: ts.ModuleResolutionKind;
  /** `type` of the package.json above the code, when it matters. */
  type?: 'module' | 'commonjs';
  /** The runtime module as the app imports it. */
  index: string;
  types: string[];
}

const setups: Record<string, Setup> = {
  'bundler (Next.js, Vite), extensionless, with @types/node': {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    index: './gen',
    types: ['node'],
  },
  'bundler, with .js extensions': {
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    index: './gen/index.js',
    types: [],
  },
  'nodenext, ESM package': {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    type: 'module',
    index: './gen/index.js',
    types: ['node'],
  },
  'nodenext, CommonJS package': {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    type: 'commonjs',
    index: './gen/index.js',
    types: [],
  },
  'node16, ESM package': {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    type: 'module',
    index: './gen/index.js',
    types: [],
  },
};

describe('tsc', () => {
  it.each(Object.entries(setups))('compiles the generated code and a consumer under %s', (name, setup) => {
    const at = join(dir, `tsc-${Object.keys(setups).indexOf(name)}`);
    cpSync(join(dir, 'gen'), join(at, 'gen'), { recursive: true });
    if (setup.type) writeFileSync(join(at, 'package.json'), JSON.stringify({ type: setup.type }));
    writeFileSync(join(at, 'app.ts'), consumer(setup.index, './gen/validators.js'));
    const program = ts.createProgram([join(at, 'app.ts'), join(at, 'gen/index.ts'), join(at, 'gen/validators.d.ts')], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      isolatedModules: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: setup.module,
      moduleResolution: setup.moduleResolution,
      types: setup.types,
      // As apps set it (Next.js does); the \`IsAny\` checks in the consumer catch declarations that
      // lost their imports.
      skipLibCheck: true,
      typeRoots: [join(root, 'node_modules/@types')],
    });
    const ours = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => !d.file || d.file.fileName.startsWith(at))
      .map((d) => `${d.file ? relative(at, d.file.fileName) : ''} ${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    expect(ours).toEqual([]);
  }, 120_000);
});

const ZOD = 'ZodError';

async function bundle(entry: string, mode: 'production' | 'development', outdir: string): Promise<OutputFile[]> {
  writeFileSync(join(dir, 'entry.ts'), entry);
  const options: BuildOptions = {
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: mode === 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    alias: { '@taxon/web': source('web/src/index.ts'), '@taxon/core': source('core/src/index.ts') },
    outdir,
    logLevel: 'silent',
  };
  const result = await build({ ...options, write: false });
  if (mode === 'development') {
    for (const file of result.outputFiles) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
  }
  return result.outputFiles;
}

// The app's tracker module exactly as the README shows it.
const readmeEntry = `import { createTracker, ga4 } from '@taxon/web';
import { taxonomy, type ClientEventName, type EventMap } from './gen';

export const tracker = createTracker<EventMap, ClientEventName>({
  taxonomy,
  destinations: [ga4({ measurementId: 'G-ABC1234567' })],
});
`;

describe('esbuild', () => {
  it('a production bundle of the README setup holds no zod and no validators, in any chunk', async () => {
    const out = await bundle(readmeEntry, 'production', join(dir, 'out-prod'));
    expect(out.map((f) => relative(join(dir, 'out-prod'), f.path))).toEqual(['entry.js']);
    const text = out[0]!.text;
    expect(text).not.toContain(ZOD);
    expect(text).not.toContain('strictObject');
    expect(text).not.toContain('validators');
    // The runtime data is there: the tracker still knows its events.
    expect(text).toContain('generation_started');
  });

  it('in development the validators are loaded in a chunk of their own, and they run', async () => {
    const entry = `${readmeEntry.replace('destinations: [', 'onViolation: (v) => violations.push(v.message),\n  destinations: [')}
export const violations: string[] = [];
export { taxonomy };
`;
    const outdir = join(dir, 'out-dev');
    const out = await bundle(entry, 'development', outdir);
    const entryFile = out.find((f) => f.path.endsWith('entry.js'))!;
    expect(entryFile.text).not.toContain(ZOD);
    expect(out.filter((f) => f !== entryFile).some((f) => f.text.includes(ZOD))).toBe(true);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const app = await import(pathToFileURL(entryFile.path).href);
      // A currency the pattern refuses passes the runtime's own checks (enums, buckets, required
      // params): only the validators know patterns. Tracked before they arrived: sent unchecked,
      // reported once they are in.
      app.tracker.trackEvent('price_shown', { currency: 'usd' });
      expect(app.violations).toEqual([]);
      await app.taxonomy.loadValidators();
      await new Promise((done) => setImmediate(done));
      expect(app.violations).toEqual([expect.stringMatching(/checked after it was sent[\s\S]*price_shown\.currency/)]);
      // From now on a bad event throws back into its caller, as development violations do.
      expect(() => app.tracker.trackEvent('price_shown', { currency: 'usd' })).toThrow(/price_shown\.currency/);
      app.tracker.trackEvent('price_shown', { currency: 'USD' });
      expect(app.violations).toHaveLength(2);
      expect(app.tracker.dropCounts().invalid_event).toBe(1);
    } finally {
      warn.mockRestore();
    }
  });
});
