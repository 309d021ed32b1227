import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./packages/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources; the built packages are checked by publint/attw and the CLI e2e test.
    // Subpaths come before their package so the longer specifier wins.
    alias: [
      { find: '@taxon/taxonomy', replacement: src('taxonomy/src/index.ts') },
      { find: '@taxon/core', replacement: src('core/src/index.ts') },
      { find: '@taxon/web/web-vitals', replacement: src('web/src/web-vitals.ts') },
      { find: /^@taxon\/web$/, replacement: src('web/src/index.ts') },
      { find: '@taxon/react/next', replacement: src('react/src/next.ts') },
      { find: /^@taxon\/react$/, replacement: src('react/src/index.ts') },
      { find: '@taxon/edge/usage-log', replacement: src('edge/src/usage-log.ts') },
      { find: /^@taxon\/edge$/, replacement: src('edge/src/index.ts') },
      { find: '@taxon/collector', replacement: src('collector/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Type-level tests (*.test-d.ts) run through tsc in the same `vitest run`.
    typecheck: { enabled: true, include: ['packages/*/test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // One throwaway PostgreSQL server per run (or TAXON_TEST_DATABASE_URL), injected as 'postgresUrl'.
    globalSetup: ['./test/setup/postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
