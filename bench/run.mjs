// `pnpm bench`: runs every bench/*.bench.mjs in turn, each printing its own table.
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  console.log(`\n# ${file}`);
  await import(new URL(file, dir).href);
}
