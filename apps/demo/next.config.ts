import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The monorepo root: the generated taxonomy code (`generated/taxon`) lives there, outside the app.
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // Loaded with Node's own import at run time: the usage log (@taxon/store) opens PGlite (WebAssembly files next
  // to its code) and msw patches Node's fetch, neither of which should go through the bundler.
  // @taxon/monitor: prom-client's registry is process state, loaded once by Node rather than per bundle.
  serverExternalPackages: ['@taxon/edge', '@taxon/monitor', '@taxon/store', 'msw', 'stripe'],
};

export default nextConfig;
