import type { Violation } from '../types.js';
import type { ViolationMode } from '../tracker-types.js';

/** A violation thrown back into the public call that caused it (development, `violations: 'throw'`). */
export class ViolationError extends Error {
  override name = 'TaxonViolation';
}

interface ViolationDeps {
  /** The tracker's `violations` mode, already resolved for the environment. */
  mode: ViolationMode;
  /** Development: internal errors are thrown rather than counted. */
  dev: boolean;
  onViolation: ((violation: Violation) => void) | undefined;
  /** Counts an internal error a public call caught instead of throwing into the page. */
  internalError(error: unknown): void;
}

/**
 * The violation modes and the throw protocol. A violation throws only back into the public call
 * that caused it (once that call is done, so the event's other work is not cut short); outside a
 * public call (a history listener, a load callback, a timer) there is no caller, so it warns.
 */
export function createViolations({ mode, dev, onViolation, internalError }: ViolationDeps) {
  let pending: Violation | undefined;
  // How many public calls are on the stack.
  let depth = 0;

  /** Reports a violation; `throwable: false` never throws (a lifecycle abandoned on page hide). */
  function report(violation: Violation, throwable = true): void {
    try {
      onViolation?.(violation);
    } catch {
      // A failing hook must not break tracking.
    }
    if (mode === 'warn' || (mode === 'throw' && (!throwable || depth === 0))) console.warn(`[taxon] ${violation.message}`);
    else if (mode === 'throw') pending ??= violation;
  }

  /**
   * Wraps a public entry point: internal errors are counted instead of thrown into the page, and
   * a violation is thrown back to the caller in development. Two fixed params rather than a rest
   * array: it wraps trackEvent, which runs often. The wrapper forwards exactly two arguments.
   */
  function guard<F extends (a: never, b: never) => void>(fn: F): F {
    return ((a: never, b: never): void => {
      depth++;
      try {
        fn(a, b);
      } catch (error) {
        if (error instanceof ViolationError || (dev && mode === 'throw')) throw error;
        internalError(error);
        return;
      } finally {
        depth--;
      }
      if (depth === 0 && pending !== undefined) {
        const violation = pending;
        pending = undefined;
        if (mode === 'throw') throw new ViolationError(violation.message);
      }
    }) as F;
  }

  return { report, guard };
}

/** The violation reporter of one tracker. */
export type Violations = ReturnType<typeof createViolations>;
