// The one declaration of `process` in the package: bundlers replace `process.env.NODE_ENV`, and
// without a bundler a browser or edge runtime may have no `process` at all.
declare const process: { readonly env: { readonly NODE_ENV?: string | undefined } } | undefined;

/**
 * True outside production: `process.env.NODE_ENV` is set and not `'production'`. Where `process`
 * does not exist (a page without a bundler, some edge runtimes) it counts as production, so misuse
 * is counted and dropped rather than thrown. Read at each call, so a test may change it.
 *
 * Code that only development needs (long messages) can instead be guarded inline with
 * `typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'` under the same
 * `declare const process`: bundlers fold that expression, not a call.
 */
export function isDevelopment(): boolean {
  try {
    return typeof process !== 'undefined' && process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}
