// Both entries are client boundaries for React Server Components: a root layout (a Server
// Component) can import them and stay statically renderable. The directive is in the sources;
// this checks it survives the build (esbuild keeps an entry's directive; a Rollup treeshake pass
// or a banner-less CJS wrapper would not). Reads the built files, which `pnpm test` builds first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url);

/** The directive prologue: string-literal statements at the top, before anything else. */
function directives(code: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*\s*(['"])([^'"]*)\1;?/;
  let rest = code;
  for (let match = statement.exec(rest); match; match = statement.exec(rest)) {
    found.push(match[2]!);
    rest = rest.slice(match[0].length);
  }
  return found;
}

describe("'use client' in the published entries", () => {
  it.each(['index.js', 'next.js', 'index.cjs', 'next.cjs'])('%s starts with the directive', (file) => {
    expect(directives(readFileSync(dist(file), 'utf8'))).toContain('use client');
  });
});
