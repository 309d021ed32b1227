/**
 * True unless `process.env.NODE_ENV` is `'production'`. Written so bundlers can replace
 * `process.env.NODE_ENV`; where `process` does not exist (some edge runtimes) it counts as
 * production, so misuse is dropped and counted rather than thrown.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}
