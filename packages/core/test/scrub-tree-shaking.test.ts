// The scrubber is the heaviest part of core. Core ships as one bundled file, where
// `sideEffects: false` cannot drop a module: a bundle that never scrubs sheds the scrubber only
// if every top-level statement of it is provably free of side effects (see scrub.ts).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

// The scrubber modules as one file, the way tsup builds core's dist.
async function oneFile(): Promise<string> {
  const result = await build({
    stdin: {
      contents: ['scrub.ts', 'scrub-url.ts', 'scrub-param.ts', 'identifier.ts']
        .map((file) => `export * from ${JSON.stringify(src(file))};`)
        .join('\n'),
      resolveDir: src('.'),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// A minified browser bundle of `names` imported from that file.
async function bundleOf(names: string, dist: string): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${names} } from 'core';` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'core-dist',
        setup(b) {
          b.onResolve({ filter: /^core$/ }, () => ({ path: 'core', namespace: 'core' }));
          b.onLoad({ filter: /.*/, namespace: 'core' }, () => ({ contents: dist, loader: 'js' }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

// Pieces of each detector's pattern or check.
const MARKERS = ['eyJ', 'AKIA', 'passphrase', 'gracht', 'TRWAGMYFPDXBNJZSQVHLCKE', '1576283094', 'FF20'];

describe('a bundle of core that never scrubs', () => {
  it('drops every detector of the scrubber', async () => {
    const dist = await oneFile();
    const scrubbing = await bundleOf('scrubPii', dist);
    for (const marker of MARKERS) expect(scrubbing).toContain(marker);

    const notScrubbing = await bundleOf('DEFAULT_STRIPPED_PARAMS', dist);
    for (const marker of MARKERS) expect(notScrubbing).not.toContain(marker);
    expect(notScrubbing.length).toBeLessThan(200);
  });
});
