import { UsageError } from '../io.js';

/**
 * A call that emits events. Matched by the callee's name (`trackEvent`, or `mp.send` to require
 * the receiver's text too). Either the event name is one of its arguments, or it emits a fixed
 * set of events (`instrumentGeneration` emits `generation_completed` or `generation_failed`).
 */
export type EmitterSpec =
  | {
      /** Callee name: `trackEvent`, or `receiver.method` such as `mp.send`. */
      name: string;
      /** Index of the argument holding the event name. @default 0 */
      nameArgument?: number;
    }
  | {
      /** Callee name: `instrumentGeneration`, or `receiver.method`. */
      name: string;
      /** Events every call emits (one of them per call at run time). */
      emits: string[];
    };

/** The `coverage` section of taxon.config.mjs. Globs are relative to the config file's folder. */
export interface CoverageConfig {
  /** Source files to index. @default ['**\/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'] */
  include?: string[];
  /** Files left out, added to the defaults (node_modules, dist, tests, the generated folder). */
  exclude?: string[];
  /** Files that run in the browser; wins over directives and folder conventions. */
  client?: string[];
  /** Files that run on a server; wins over `client`, directives and folder conventions. */
  server?: string[];
  /** Extra emitters, on top of type-based detection and the built-in ones. */
  emitters?: EmitterSpec[];
  /** Files allowed to call gtag / dataLayer.push directly (the destinations that implement Taxon). */
  allowBypass?: string[];
  /** tsconfig whose compilerOptions (paths, jsx, ...) the index uses. @default 'tsconfig.json' if present */
  tsconfig?: string;
  /**
   * Events emitted by code this index does not see (a mobile app, a service in another
   * repository), each with the reason: `{ subscription_renewed: 'billing-service, Stripe invoice.paid' }`.
   * They are listed as explained instead of unused; one that is found emitted here is reported as
   * a stale explanation.
   */
  emittedElsewhere?: Record<string, string>;
}

/** Coverage settings with every default applied. */
export interface CoverageOptions {
  include: string[];
  exclude: string[];
  client: string[];
  server: string[];
  emitters: EmitterSpec[];
  allowBypass: string[];
  tsconfig: string | undefined;
  emittedElsewhere: Record<string, string>;
}

export const DEFAULT_INCLUDE = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** Not product code: tests and stories call emitters too, and must not count as coverage. */
export const DEFAULT_EXCLUDE = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/.next/**',
  '**/coverage/**',
  '**/*.d.ts',
  '**/*.{test,spec}.{ts,tsx,js,jsx,mts,mjs}',
  '**/*.test-d.ts',
  '**/__tests__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/__mocks__/**',
  '**/bench/**',
  '**/*.stories.{ts,tsx,js,jsx}',
  '**/*.config.{ts,js,mjs,cjs,mts}',
];

/**
 * Name-only emitters. They apply only when the callee's type is unavailable (an untyped or
 * unresolved import); a typed callee is judged by its type, so `res.send('ok')` never counts.
 */
export const FALLBACK_EMITTER_NAMES = ['trackEvent', 'track', 'send'];

/** Server-side helpers of @taxon/edge that emit fixed events. */
export const BUILTIN_FIXED_EMITTERS: { name: string; emits: string[] }[] = [
  { name: 'instrumentGeneration', emits: ['generation_completed', 'generation_failed'] },
  { name: 'recordCheckoutCompleted', emits: ['checkout_completed'] },
];

function strings(value: unknown, key: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new UsageError(`taxon.config: coverage.${key} must be an array of globs, for example ['apps/web/src/**'].`);
  }
  return value as string[];
}

/** Checks the `coverage` config section and applies defaults. `generated` is excluded. */
export function resolveCoverageOptions(config: unknown, generatedDir: string): CoverageOptions {
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new UsageError("taxon.config: coverage must be an object, for example { client: ['apps/web/**'] }.");
  }
  const c = (config ?? {}) as Record<string, unknown>;
  const known = ['include', 'exclude', 'client', 'server', 'emitters', 'allowBypass', 'tsconfig', 'emittedElsewhere'];
  const unknown = Object.keys(c).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new UsageError(`taxon.config: unknown coverage option ${unknown.map((k) => `"${k}"`).join(', ')}. Expected: ${known.join(', ')}.`);
  }
  const emitters = c.emitters ?? [];
  if (!Array.isArray(emitters) || emitters.some((e) => !isEmitterSpec(e))) {
    throw new UsageError(
      "taxon.config: coverage.emitters must be an array of { name, nameArgument? } or { name, emits: [...] }, for example [{ name: 'logEvent', nameArgument: 1 }, { name: 'chargeCard', emits: ['checkout_completed'] }].",
    );
  }
  if (c.tsconfig !== undefined && typeof c.tsconfig !== 'string') throw new UsageError('taxon.config: coverage.tsconfig must be a path.');
  const elsewhere = c.emittedElsewhere ?? {};
  if (typeof elsewhere !== 'object' || elsewhere === null || Array.isArray(elsewhere) ||
    Object.values(elsewhere).some((reason) => typeof reason !== 'string' || reason.trim() === '')) {
    throw new UsageError("taxon.config: coverage.emittedElsewhere must map event names to a reason, for example " +
      "{ subscription_renewed: 'billing-service, on Stripe invoice.paid' }.");
  }
  const generated = generatedDir.replace(/\/+$/, '');
  return {
    include: strings(c.include, 'include') ?? DEFAULT_INCLUDE,
    exclude: [...DEFAULT_EXCLUDE, `${generated}/**`, ...(strings(c.exclude, 'exclude') ?? [])],
    client: strings(c.client, 'client') ?? [],
    server: strings(c.server, 'server') ?? [],
    emitters: emitters as EmitterSpec[],
    allowBypass: strings(c.allowBypass, 'allowBypass') ?? [],
    tsconfig: c.tsconfig as string | undefined,
    emittedElsewhere: elsewhere as Record<string, string>,
  };
}

function isEmitterSpec(value: unknown): value is EmitterSpec {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || v.name === '') return false;
  if ('emits' in v) return Array.isArray(v.emits) && v.emits.every((e) => typeof e === 'string');
  return v.nameArgument === undefined || (Number.isInteger(v.nameArgument) && (v.nameArgument as number) >= 0);
}
