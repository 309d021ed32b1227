import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { UsageError } from '../../io.js';
import { resolveWorkspaceImport, workspacePackages } from './workspace.js';

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  allowJs: true,
  esModuleInterop: true,
};

function readCompilerOptions(root: string, tsconfig: string | undefined): ts.CompilerOptions {
  const path = tsconfig ? resolve(root, tsconfig) : join(root, 'tsconfig.json');
  if (!existsSync(path)) {
    if (tsconfig) throw new UsageError(`coverage.tsconfig not found: ${tsconfig}`);
    return DEFAULT_OPTIONS;
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new UsageError(`Cannot read ${path}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    },
  });
  return { ...DEFAULT_OPTIONS, ...parsed?.options };
}

const EXTENSIONS: Record<string, ts.Extension> = {
  '.ts': ts.Extension.Ts,
  '.tsx': ts.Extension.Tsx,
  '.mts': ts.Extension.Mts,
  '.cts': ts.Extension.Cts,
  '.js': ts.Extension.Js,
  '.jsx': ts.Extension.Jsx,
  '.mjs': ts.Extension.Mjs,
};

function extensionOf(path: string): ts.Extension {
  return EXTENSIONS[/\.[^./]+$/.exec(path)?.[0] ?? ''] ?? ts.Extension.Ts;
}

/**
 * A type-checked program over `files` (absolute paths) with the project's compiler options.
 * Imports of workspace packages resolve to their sources, so wrappers and re-exports are followed
 * across packages even when node_modules is absent or holds built declarations.
 */
export function createIndexProgram(root: string, files: readonly string[], tsconfig: string | undefined): ts.Program {
  const options: ts.CompilerOptions = {
    ...readCompilerOptions(root, tsconfig),
    noEmit: true,
    allowJs: true,
    skipLibCheck: true,
    declaration: false,
    composite: false,
    incremental: false,
  };
  const packages = workspacePackages(root);
  const host = ts.createCompilerHost(options, true);
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, sourceFile) =>
    literals.map((literal) => {
      const local = resolveWorkspaceImport(literal.text, packages);
      if (local) {
        return { resolvedModule: { resolvedFileName: local, extension: extensionOf(local), isExternalLibraryImport: false } };
      }
      const mode = ts.getModeForUsageLocation(sourceFile, literal, opts);
      return ts.resolveModuleName(literal.text, containingFile, opts, host, cache, redirected, mode);
    });
  return ts.createProgram({ rootNames: [...files], options, host });
}
