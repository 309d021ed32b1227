/**
 * The one door to the browser environment. Nothing in `@taxon/web` reads `window` or `document`
 * except through `env`, and only inside functions, so importing the package is safe in SSR and
 * tests can swap the environment (like TanStack Query's `focusManager`).
 */
export interface TaxonEnv {
  /** The window, or undefined outside a browser. */
  window(): (Window & typeof globalThis) | undefined;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Schedules `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

const defaultEnv: TaxonEnv = {
  window: () => (typeof window === 'undefined' ? undefined : window),
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};

let current: TaxonEnv = defaultEnv;

/** The environment layer used by every tracker. */
export const env = {
  /** The current window, or undefined (SSR, workers without a window). */
  window: () => current.window(),
  /** The current document, or undefined. */
  document: (): Document | undefined => current.window()?.document,
  /** Milliseconds since the epoch. */
  now: () => current.now(),
  /** Schedules `fn` after `ms`; returns a cancel function. */
  setTimer: (fn: () => void, ms: number) => current.setTimer(fn, ms),
  /** Replaces parts of the environment (tests, benchmarks, non-standard hosts). */
  setup(overrides: Partial<TaxonEnv>): void {
    current = { ...current, ...overrides };
  },
  /** Restores the real browser environment. */
  reset(): void {
    current = defaultEnv;
  },
};
