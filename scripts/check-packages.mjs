// Checks every publishable package the way a consumer would see it: publint (package.json and
// exports map against the files) and @arethetypeswrong/cli (types resolve for ESM and CJS under
// node10, node16 and bundler resolution). Run after `pnpm build`.
// The sixteen checks are independent processes (each attw loads TypeScript and runs `npm pack`),
// so one runs per core at a time; the results are printed in package order all the same.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);

const checks = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  checks.push({ tool: 'publint', pkg: pkg.name, args: ['--strict', dir] });
  checks.push({ tool: 'attw', pkg: pkg.name, args: ['--pack', dir, '--format', 'table-flipped'] });
}

/** Runs one check; resolves to its outcome (never rejects). */
async function check({ tool, pkg, args }) {
  try {
    const { stdout } = await run(bin(tool), args, { encoding: 'utf8', maxBuffer: 16 << 20 });
    return { ok: true, text: `ok   ${tool} ${pkg}${process.env.VERBOSE ? `\n${stdout}` : ''}` };
  } catch (error) {
    return { ok: false, text: `FAIL ${tool} ${pkg}\n${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

const results = new Array(checks.length);
let next = 0;
const worker = async () => {
  while (next < checks.length) {
    const index = next++;
    results[index] = await check(checks[index]);
  }
};
await Promise.all(Array.from({ length: Math.min(checks.length, availableParallelism()) }, worker));

let failed = 0;
for (const result of results) {
  if (result.ok) console.log(result.text);
  else {
    failed++;
    console.error(result.text);
  }
}
process.exit(failed ? 1 : 0);
