import type { Taxonomy } from '../model.js';
import { emitDocs } from './docs.js';
import { declarationPath, type GenerateOptions } from './names.js';
import { emitRuntime } from './runtime.js';
import { emitValidators, emitValidatorTypes } from './validators.js';

/** One file the generator produces. */
export interface GeneratedFile {
  /** Path relative to the project root. */
  path: string;
  contents: string;
  /** `ts` (TypeScript or JavaScript) or `md`, so a caller can format it. */
  kind: 'ts' | 'md';
}

/**
 * Generates every output from a lint-clean taxonomy: the runtime module, the development
 * validators (JavaScript and their declarations) and the tracking plan. Pure: same taxonomy and
 * options, same files, byte for byte. Callers must not pass a taxonomy with lint errors.
 */
export function generate(taxonomy: Taxonomy, options: GenerateOptions): GeneratedFile[] {
  const { outputs } = options;
  return [
    { path: outputs.index, contents: emitRuntime(taxonomy, options), kind: 'ts' },
    { path: outputs.validators, contents: emitValidators(taxonomy, options), kind: 'ts' },
    { path: declarationPath(outputs.validators), contents: emitValidatorTypes(taxonomy, options), kind: 'ts' },
    { path: outputs.docs, contents: emitDocs(taxonomy, options), kind: 'md' },
  ];
}

export { defaultOutputs, type GenerateOptions, type OutputPaths } from './names.js';
