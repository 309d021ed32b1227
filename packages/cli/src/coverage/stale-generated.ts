import { relative, resolve, sep } from 'node:path';
import type ts from 'typescript';
import { UsageError } from '../io.js';

/**
 * The generated code the sources compile against names other events than the taxonomy (an event
 * renamed in the YAML before `taxon gen` ran). Typed trackers are recognised by their generated
 * event-name type, so an index built now would miss calls and report a confident wrong answer.
 */
export class StaleGeneratedCodeError extends UsageError {
  override name = 'StaleGeneratedCodeError';
}

/**
 * Event names of the generated code in `program`: the keys of the `EventMap` exported by a
 * module under `generatedDir` (absolute). Undefined when no source imports the generated code,
 * in which case nothing is recognised through its types and nothing can be stale.
 */
export function generatedEventNames(program: ts.Program, generatedDir: string): string[] | undefined {
  const checker = program.getTypeChecker();
  const dir = resolve(generatedDir).split(sep).join('/');
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(`${dir}/`)) continue;
    const module = checker.getSymbolAtLocation(sf);
    const map = module && checker.getExportsOfModule(module).find((s) => s.name === 'EventMap');
    if (!map) continue;
    return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(map)).map((p) => p.name);
  }
  return undefined;
}

/** Throws {@link StaleGeneratedCodeError} unless the generated code knows exactly the taxonomy's events. */
export function assertGeneratedCurrent(
  program: ts.Program,
  root: string,
  generatedDir: string,
  taxonomyEvents: Iterable<string>,
): void {
  const generated = generatedEventNames(program, generatedDir);
  if (!generated) return;
  const inTaxonomy = new Set(taxonomyEvents);
  const inGenerated = new Set(generated);
  const missing = [...inTaxonomy].filter((e) => !inGenerated.has(e)).sort();
  const extra = [...inGenerated].filter((e) => !inTaxonomy.has(e)).sort();
  if (missing.length === 0 && extra.length === 0) return;
  const where = relative(root, generatedDir).split(sep).join('/') || '.';
  const details = [
    missing.length > 0 ? `in the taxonomy only: ${missing.join(', ')}` : '',
    extra.length > 0 ? `in ${where}/ only: ${extra.join(', ')}` : '',
  ].filter(Boolean);
  throw new StaleGeneratedCodeError(
    `generated code is stale: run \`taxon gen\` (event names ${details.join('; ')}). ` +
      'Typed tracker calls are recognised through the generated types, so the call sites cannot be listed until it is regenerated.',
  );
}
