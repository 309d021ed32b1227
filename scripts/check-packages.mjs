// Checks every publishable package the way a consumer would see it: publint (package.json and
// exports map against the files) and @arethetypeswrong/cli (types resolve for ESM and CJS under
// node10, node16 and bundler resolution). Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
let failed = 0;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
  ]) {
    try {
      const out = execFileSync(bin(tool), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      console.log(`ok   ${tool} ${pkg.name}`);
      if (process.env.VERBOSE) console.log(out);
    } catch (error) {
      failed++;
      console.error(`FAIL ${tool} ${pkg.name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  }
}
process.exit(failed ? 1 : 0);
