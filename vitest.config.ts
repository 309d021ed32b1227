import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./packages/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources; the built packages are checked by publint/attw and the CLI e2e test.
    // Subpaths come before their package so the longer specifier wins.
    alias: [
      { find: '@taxon/taxonomy', replacement: src('taxonomy/src/index.ts') },
      { find: '@taxon/core/telemetry', replacement: src('core/src/telemetry/index.ts') },
      { find: /^@taxon\/core$/, replacement: src('core/src/index.ts') },
      { find: '@taxon/web/web-vitals', replacement: src('web/src/web-vitals.ts') },
      { find: /^@taxon\/web$/, replacement: src('web/src/index.ts') },
      { find: '@taxon/react/next', replacement: src('react/src/next.ts') },
      { find: /^@taxon\/react$/, replacement: src('react/src/index.ts') },
      { find: '@taxon/store', replacement: src('store/src/index.ts') },
      { find: '@taxon/edge/otel', replacement: src('edge/src/otel.ts') },
      { find: /^@taxon\/edge$/, replacement: src('edge/src/index.ts') },
      { find: '@taxon/collector', replacement: src('collector/src/index.ts') },
      { find: '@taxon/monitor', replacement: src('monitor/src/index.ts') },
    ],
  },
  test: {
    // Root options every project inherits (`extends: true`).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', 'test/outside-app/**', '**/node_modules/**'],
          // Type-level tests (*.test-d.ts) run through tsc in the same `vitest run`. Their tsconfig
          // holds them alone (and what they import): vitest runs tsc over the whole tsconfig it is
          // given, and `pnpm typecheck` has already checked the whole repository.
          typecheck: { enabled: true, include: ['packages/*/test/**/*.test-d.ts'], tsconfig: './tsconfig.typetests.json' },
          // One throwaway PostgreSQL server per run (or TAXON_TEST_DATABASE_URL), injected as
          // 'postgresUrl'; one empty PGlite database per run that suites copy, as 'pgliteTemplate'.
          globalSetup: ['./test/setup/postgres.ts', './test/setup/pglite.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // Real Chromium against the demo's production build (`next build` + `next start`).
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['./test/e2e/global-setup.ts'],
          // After the unit project, one file at a time: each file runs a Next server and a browser.
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'outside',
          // Taxon added to a third-party Next.js app from the packed tarballs (npm, outside the
          // repository), built with webpack (Next 15) and Turbopack (Next 16), driven in Chromium.
          include: ['test/outside-app/**/*.test.ts'],
          globalSetup: ['./test/outside-app/global-setup.ts'],
          // After e2e, one file at a time: each installs an app, builds it and runs a browser.
          sequence: { groupOrder: 2 },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
