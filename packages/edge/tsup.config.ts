import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', otel: 'src/otel.ts' },
  // The optional peer stays an import of the app's copy, never bundled.
  external: ['@opentelemetry/api'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
