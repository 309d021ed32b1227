// Development-only code is shed by a production build: the misuse message (and its example) is
// behind `process.env.NODE_ENV !== 'production'`, which bundlers replace, so it never ships.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

async function bundle(nodeEnv: string) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    write: false,
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    external: ['react', '@taxon/web'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('a production bundle of @taxon/react', () => {
  it('keeps the outside-provider error in development and drops it in production', async () => {
    expect(await bundle('development')).toContain('outside <AnalyticsProvider>');
    const production = await bundle('production');
    expect(production).not.toContain('outside <AnalyticsProvider>');
    expect(production).not.toContain('process.env');
  });
});
