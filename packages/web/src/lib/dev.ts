/**
 * True outside production builds. Bundlers replace `process.env.NODE_ENV`, so production
 * bundles fold this to `false`; a page without a bundler (no `process`) counts as production.
 *
 * Code that only development needs (long messages, hints) is guarded inline with
 * `typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'` instead: a call to
 * this function survives minification, that expression folds to `false` and takes the guarded
 * code with it.
 */
export function isDev(): boolean {
  try {
    // @ts-ignore `process` comes from Node or the bundler; the web package has no Node types.
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}
