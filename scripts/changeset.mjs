// Runs the changesets CLI (`pnpm changeset`, `pnpm version-packages`, `pnpm release`).
// @changesets/cli 3's own bin calls node:module's enableCompileCache(), which Node 20 lacks
// (the CLI itself runs on Node 20.19); importing its entry skips only that start-up cache.
await import('@changesets/cli');
