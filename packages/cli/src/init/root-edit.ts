import type { AppKind } from './detect-app.js';

/** The edit of the app's root file that `taxon init` prints instead of making. */
export type RootEdit =
  | { status: 'edit'; after: string }
  | { status: 'done' }
  | { status: 'manual'; reason: string };

/** What to wrap in `<TaxonProviders>` in each kind of root file. */
const TARGETS: Record<AppKind, { pattern: RegExp; after?: string; what: string }> = {
  // The root layout's `{children}` inside <body> (not the `{ children }` of its parameters).
  'next-app': { pattern: /\{\s*children\s*\}/, after: '<body', what: '{children} inside <body> of the root layout' },
  // pages/_app's page element.
  'next-pages': { pattern: /<Component\s+\{\s*\.\.\.pageProps\s*\}\s*\/>/, what: '<Component {...pageProps} /> in pages/_app' },
  // The Vite entry's root element.
  'vite-react': { pattern: /<App\s*\/>/, what: '<App /> in src/main' },
};

/**
 * Wraps the app's content in `<TaxonProviders>` and imports it after the last import. Returns
 * `done` when the file already uses `TaxonProviders` (so a second `taxon init` prints nothing),
 * `manual` when the expected element is not found (the user wraps it by hand).
 */
export function rootEdit(kind: AppKind, source: string, providersImport: string): RootEdit {
  if (/\bTaxonProviders\b/.test(source)) return { status: 'done' };
  const target = TARGETS[kind];
  const from = target.after === undefined ? 0 : source.indexOf(target.after);
  const match = from === -1 ? null : target.pattern.exec(source.slice(from));
  if (match) match.index += from;
  if (!match) return { status: 'manual', reason: `found no ${target.what} to wrap` };
  const wrapped = `${source.slice(0, match.index)}<TaxonProviders>${match[0]}</TaxonProviders>${source.slice(match.index + match[0].length)}`;
  const importLine = `import { TaxonProviders } from '${providersImport}';\n`;
  // After the last top-level import statement (which may span lines), else after a directive.
  const imports = [...wrapped.matchAll(/^import[\s\S]*?from\s+['"][^'"]+['"];?[^\n]*\n|^import\s+['"][^'"]+['"];?[^\n]*\n/gm)];
  const last = imports.at(-1);
  let at = last ? last.index + last[0].length : 0;
  if (!last) {
    const directive = /^(['"])use (client|server)\1;?[^\n]*\n/.exec(wrapped);
    if (directive) at = directive[0].length;
  }
  return { status: 'edit', after: `${wrapped.slice(0, at)}${importLine}${wrapped.slice(at)}` };
}
