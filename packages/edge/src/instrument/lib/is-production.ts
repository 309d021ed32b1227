/**
 * True when `process.env.NODE_ENV` is `'production'`. Edge runtimes without `process` count as
 * production: misuse is reported loudly only where a developer is watching.
 */
export function isProduction(): boolean {
  if (typeof process === 'undefined' || typeof process.env !== 'object') return true;
  return process.env.NODE_ENV === 'production';
}
