// `pnpm bench [name...]`: runs every bench/*.bench.mjs in turn (or those whose file name contains
// one of the given names, e.g. `pnpm bench outside-app`), each printing its own table.
// outside-app.bench.mjs installs and builds a Next.js app three times (a few minutes).
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url);
const only = process.argv.slice(2);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  console.log(`\n# ${file}`);
  await import(new URL(file, dir).href);
}
