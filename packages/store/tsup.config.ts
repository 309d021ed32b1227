import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
  // The usage log finds its migrations folder through import.meta.url, which the CJS build cannot
  // see; CJS users pass `migrationsDir` (documented on openUsageLog).
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.logOverride = { 'empty-import-meta': 'silent' };
  },
});
