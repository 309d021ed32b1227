import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOutputs, generate, lintTaxonomy, loadTaxonomySources } from '../src/index.js';

/**
 * Compiles call sites against code generated from the reference taxonomy with the real
 * TypeScript compiler: correct calls compile, each kind of wrong call is a compile error at the
 * line that makes it.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;

const prelude = `import type { TrackEvent, EventWireMap, TokenBucket } from './gen/index.js';
import { toWireParams } from './gen/index.js';
declare const trackEvent: TrackEvent;
`;

const cases: Record<string, { code: string; error?: { line: number; code: number } }> = {
  correct: {
    code: `trackEvent('generation_completed', { feature: 'rewrite', model: 'gpt-4.1-mini', tokens: 1532, duration_ms: 1840, success: true });
trackEvent('generation_completed', { feature: 'rewrite', model: 'gpt-4.1-mini', tokens: 1, duration_ms: 2, success: false, plan_type: 'pro' });
trackEvent('landing_viewed');
trackEvent('landing_viewed', { acquisition_channel: 'newsletter' });
const result = toWireParams('generation_completed', { feature: 'expand', model: 'gpt-4o-mini', tokens: 10, duration_ms: 10, success: true });
const wire: EventWireMap['generation_completed'] | undefined = result.ok ? result.params : undefined;
const bucket: TokenBucket | undefined = wire?.token_bucket;
export { bucket };`,
  },
  'wire params taken without checking the refusal': {
    code: `export const wire = toWireParams('feature_used', { feature: 'rewrite' }).params;`,
    error: { line: 1, code: 2339 },
  },
  'wrong event name': {
    code: `trackEvent('generation_complete', { feature: 'rewrite', model: 'gpt-4.1-mini', tokens: 1, duration_ms: 1, success: true });`,
    error: { line: 1, code: 2345 },
  },
  'missing required param': {
    code: `trackEvent('generation_completed', {
  feature: 'rewrite', tokens: 1, duration_ms: 1, success: true });`,
    error: { line: 1, code: 2345 },
  },
  'missing params argument': {
    code: `trackEvent('generation_completed');`,
    error: { line: 1, code: 2554 },
  },
  'value outside an enum': {
    code: `trackEvent('generation_completed', {
  feature: 'poem', model: 'gpt-4.1-mini', tokens: 1, duration_ms: 1, success: true });`,
    error: { line: 2, code: 2322 },
  },
  'extra key (free text)': {
    code: `trackEvent('generation_completed', {
  feature: 'rewrite', model: 'gpt-4.1-mini', tokens: 1, duration_ms: 1, success: true,
  prompt: 'Write to jane@example.com' });`,
    error: { line: 3, code: 2353 },
  },
  'raw string in an enum slot': {
    code: `const typed: string = 'rewrite';
trackEvent('feature_used', { feature: typed });`,
    error: { line: 2, code: 2322 },
  },
  'bucket label instead of the raw number': {
    code: `trackEvent('generation_completed', {
  feature: 'rewrite', model: 'gpt-4.1-mini', token_bucket: '1k-2k', duration_ms: 1, success: true });`,
    error: { line: 2, code: 2353 },
  },
  'string for a raw number': {
    code: `trackEvent('generation_completed', {
  feature: 'rewrite', model: 'gpt-4.1-mini', tokens: '1532', duration_ms: 1, success: true });`,
    error: { line: 2, code: 2322 },
  },
  'wrong type for a boolean': {
    code: `trackEvent('generation_completed', {
  feature: 'rewrite', model: 'gpt-4.1-mini', tokens: 1, duration_ms: 1, success: 'yes' });`,
    error: { line: 2, code: 2322 },
  },
};

let diagnostics: Map<string, ts.Diagnostic[]>;

beforeAll(async () => {
  // Inside the package so that the generated validators resolve its `zod` dependency.
  dir = mkdtempSync(join(root, 'packages/taxonomy/test/.typecheck-'));
  const lint = lintTaxonomy(await loadTaxonomySources(join(root, 'taxonomy'), root));
  expect(lint.findings).toEqual([]);
  mkdirSync(join(dir, 'gen'));
  for (const file of generate(lint.taxonomy, { outputs: defaultOutputs('gen', 'gen/plan.md'), source: 'taxonomy/' })) {
    writeFileSync(join(dir, file.path), file.contents);
  }
  const files = Object.entries(cases).map(([name, c], i) => {
    const path = join(dir, `case${i}.ts`);
    writeFileSync(path, `${prelude}${c.code}\n`);
    return [name, path] as const;
  });
  const program = ts.createProgram(
    [...files.map(([, p]) => p), join(dir, 'gen/index.ts'), join(dir, 'gen/validators.d.ts')],
    {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      types: [],
    },
  );
  const all = ts.getPreEmitDiagnostics(program);
  diagnostics = new Map(files.map(([name, path]) => [name, all.filter((d) => d.file?.fileName === path)]));
  diagnostics.set('generated', all.filter((d) => d.file?.fileName.includes('/gen/')));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const prettyDiagnostics = (list: ts.Diagnostic[]) =>
  list.map((d) => `${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`).join('\n');

describe('generated types', () => {
  it('generated code itself compiles under strict settings', () => {
    expect(prettyDiagnostics(diagnostics.get('generated')!)).toBe('');
  });

  it('correct calls compile', () => {
    expect(prettyDiagnostics(diagnostics.get('correct')!)).toBe('');
  });

  const preludeLines = prelude.split('\n').length - 1;
  it.each(Object.entries(cases).filter(([, c]) => c.error))('%s is a compile error', (name, c) => {
    const list = diagnostics.get(name)!;
    expect(list.length, prettyDiagnostics(list)).toBeGreaterThan(0);
    const first = list[0]!;
    const { line } = first.file!.getLineAndCharacterOfPosition(first.start!);
    expect({ line: line + 1 - preludeLines, code: first.code }).toEqual(c.error);
  });
});
