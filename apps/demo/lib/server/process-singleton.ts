/**
 * One value per Next server process. Route handlers and pages are separate bundles that may each
 * evaluate a shared module, so state that must be shared (the database, in-memory stores) lives
 * on `globalThis` under a registered symbol.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`quill.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return (store[key] ??= create());
}
