import ts from 'typescript';
import { matcher } from './lib/glob.js';

/** Where a file runs. `shared` files (no marker, no convention) count for both sides. */
export type Side = 'client' | 'server' | 'shared';

/** Folder and file-name conventions of server code (Next.js route handlers, API folders, ...). */
export const SERVER_CONVENTIONS = [
  '**/app/**/route.{ts,js,mts,mjs}',
  '**/app/api/**',
  '**/pages/api/**',
  '**/middleware.{ts,js}',
  '**/instrumentation.{ts,js}',
  '**/server/**',
  '**/*.server.{ts,tsx,js,jsx}',
];

/** Conventions of browser code. */
export const CLIENT_CONVENTIONS = ['**/*.client.{ts,tsx,js,jsx}'];

function directive(sf: ts.SourceFile): 'client' | 'server' | undefined {
  for (const statement of sf.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    if (statement.expression.text === 'use client') return 'client';
    if (statement.expression.text === 'use server') return 'server';
  }
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.moduleSpecifier.text === 'server-only') return 'server';
      if (statement.moduleSpecifier.text === 'client-only') return 'client';
    }
  }
  return undefined;
}

/**
 * Decides a file's side, first rule that applies wins: the config's `server` globs, its `client`
 * globs, a `'use client'` / `'use server'` directive or a `server-only` / `client-only` import,
 * then folder conventions ({@link SERVER_CONVENTIONS}); anything else is `shared`.
 */
export function createSideOf(config: { client: readonly string[]; server: readonly string[] }) {
  const server = matcher(config.server);
  const client = matcher(config.client);
  const serverConvention = matcher(SERVER_CONVENTIONS);
  const clientConvention = matcher(CLIENT_CONVENTIONS);
  return (path: string, sf: ts.SourceFile): Side => {
    if (server(path)) return 'server';
    if (client(path)) return 'client';
    const marked = directive(sf);
    if (marked) return marked;
    if (serverConvention(path)) return 'server';
    if (clientConvention(path)) return 'client';
    return 'shared';
  };
}
