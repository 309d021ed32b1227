import { GenerationTimeoutError } from '../errors.js';

/** Options of {@link runWithTimeout}. */
export interface RunOptions {
  /** Abort the call after this many milliseconds. */
  timeoutMs?: number | undefined;
  /** An outer signal (the client disconnected); aborting it aborts the call. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `call` with a signal that aborts on the timeout or on the outer signal. The returned promise
 * settles with the call's own result or error; on a timeout it rejects with the abort reason (a
 * {@link GenerationTimeoutError}) even when the call ignores its signal, so a hung provider cannot
 * hold the request past its budget.
 */
export function runWithTimeout<T>(call: (signal: AbortSignal) => Promise<T>, options: RunOptions): Promise<T> {
  const controller = new AbortController();
  const { timeoutMs, signal: outer } = options;
  if (timeoutMs === undefined && !outer) return Promise.resolve().then(() => call(controller.signal));

  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = (reason: unknown) => {
      controller.abort(reason);
      reject(reason);
    };
    const onOuterAbort = () => abort(outer?.reason);
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    };
    if (outer?.aborted) {
      abort(outer.reason);
      return;
    }
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => abort(new GenerationTimeoutError(timeoutMs)), timeoutMs);
    }
    Promise.resolve()
      .then(() => call(controller.signal))
      .then(
        (value) => {
          cleanup();
          resolve(value);
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
  });
}
