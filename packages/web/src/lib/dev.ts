import { isDevelopment } from '@taxon/core';

/**
 * True outside production builds: `@taxon/core`'s one development flag (a page without a bundler,
 * with no `process`, counts as production).
 *
 * Code that only development needs (long messages, hints) is guarded inline with
 * `typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'` under one
 * `declare const process` per file instead: a call to this function survives minification, that
 * expression folds to `false` and takes the guarded code with it.
 */
export const isDev: () => boolean = isDevelopment;
