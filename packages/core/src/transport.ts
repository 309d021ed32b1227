import type { DropReason } from './drop.js';
import { parseRetryAfter } from './retry-after.js';
import { computeRetryDelay, type RetryOptions } from './transport-retry.js';

export type { RetryOptions } from './transport-retry.js';

/** What `makeRequest` reports back: an HTTP status, and the `Retry-After` header when present. */
export interface TransportResponse {
  /** HTTP status code. 2xx acknowledges the batch; 408, 429 and 5xx are retried; others drop it. */
  status: number;
  /** The raw `Retry-After` header (seconds or an HTTP date), honoured on 429 and 503. */
  retryAfter?: string | null;
}

/**
 * Time and randomness, injected so tests run retries in virtual time. The defaults use
 * `Date.now`, `setTimeout` and `Math.random`.
 */
export interface TransportClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /** A number in [0, 1), used for the backoff jitter. */
  random(): number;
}

/** Options of {@link createTransport}. */
export interface TransportOptions<T> {
  /**
   * Sends one batch and resolves with its status. Rejecting (or throwing) counts as a network
   * error and is retried. Called again with the same batch only when it was not acknowledged.
   */
  makeRequest: (batch: readonly T[]) => Promise<TransportResponse>;
  /**
   * Most items held at once (queued or in flight); a further `add` is dropped with
   * `queue_overflow`.
   * @default 1000
   */
  maxQueue?: number;
  /** Most items per request. @default 25 */
  maxBatch?: number;
  /** Most bytes per request, as summed by `sizeOf`. @default Infinity */
  maxBatchBytes?: number;
  /** Size of one item in a request, in bytes. @default () => 0 */
  sizeOf?: (item: T) => number;
  /** Items only share a request with items of the same group (for example one user). @default () => '' */
  groupOf?: (item: T) => string;
  /** Retries with exponential backoff and full jitter. */
  retry?: RetryOptions;
  /**
   * Total time one batch may spend being retried, from its first attempt. A wait that would end
   * past it drops the batch with `budget_exceeded`.
   * @default 30000
   */
  budgetMs?: number;
  /** Requests in flight at once. @default 2 */
  concurrency?: number;
  /** Called once per dropped batch (every item in it), with the reason. */
  onDrop?: (items: readonly T[], reason: DropReason, detail: string) => void;
  /** Called once per acknowledged batch, with the attempts it took (1 when not retried). */
  onDeliver?: (items: readonly T[], attempts: number) => void;
  /** Called with `pending()` after an item is queued and after each batch settles (a queue-size gauge). */
  onPendingChange?: (pending: number) => void;
  /** Injected time and randomness. */
  clock?: Partial<TransportClock>;
}

/** Totals since the transport was created. */
export interface FlushResult {
  /** Items acknowledged by the endpoint. */
  delivered: number;
  /** Items given up, for any reason (see the drop counts for which). */
  dropped: number;
}

/** A queue with batching, retries and drop accounting around one injected `makeRequest`. */
export interface Transport<T> {
  /** Queues an item; `false` when it was dropped with `queue_overflow`. Never throws. */
  add(item: T): boolean;
  /** Resolves when every item added so far was delivered or dropped. Never rejects. */
  flush(): Promise<FlushResult>;
  /** Items queued or in flight. */
  pending(): number;
}

type Attempt =
  | { outcome: 'delivered' }
  | { outcome: 'retry'; failure: string; retryAfter?: string | null | undefined }
  | { outcome: 'invalid_event' | 'limit_exceeded'; failure: string };

const defaultClock: TransportClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/**
 * Creates the delivery algorithm shared by every Taxon runtime: a bounded queue, batches grouped
 * and capped by count and bytes, retries of unacknowledged batches on network errors, 408, 429
 * and 5xx (exponential backoff, full jitter, `Retry-After` honoured) within a time budget, and a
 * typed drop reason for every item given up. Dependency-free and runtime-agnostic: the caller
 * brings the request (`fetch`, `sendBeacon`, ...).
 */
export function createTransport<T>(options: TransportOptions<T>): Transport<T> {
  const maxQueue = options.maxQueue ?? 1000;
  const maxBatch = Math.max(1, options.maxBatch ?? 25);
  const maxBatchBytes = options.maxBatchBytes ?? Number.POSITIVE_INFINITY;
  const sizeOf = options.sizeOf ?? (() => 0);
  const groupOf = options.groupOf ?? (() => '');
  const budgetMs = options.budgetMs ?? 30_000;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const clock: TransportClock = { ...defaultClock, ...options.clock };

  let queue: T[] = [];
  let head = 0;
  let inFlight = 0;
  let running = 0;
  let scheduled = false;
  let delivered = 0;
  let dropped = 0;
  let waiters: (() => void)[] = [];

  const pending = () => queue.length - head + inFlight;

  function safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // A throwing hook must not stop delivery of the other batches.
    }
  }

  function drop(items: readonly T[], reason: DropReason, detail: string): void {
    dropped += items.length;
    safely(() => options.onDrop?.(items, reason, detail));
  }

  function settleWaiters(): void {
    if (pending() > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  }

  /**
   * The oldest item plus the following items of its group, within the count and byte caps. The
   * scan looks a bounded distance ahead so that many interleaved groups cost linear time.
   */
  function takeBatch(): T[] {
    const first = queue[head] as T;
    const group = groupOf(first);
    const batch: T[] = [first];
    let bytes = sizeOf(first);
    const skipped: T[] = [];
    const scanEnd = Math.min(queue.length, head + 1 + maxBatch * 8);
    let i = head + 1;
    for (; i < scanEnd && batch.length < maxBatch; i++) {
      const item = queue[i] as T;
      const size = sizeOf(item);
      if (groupOf(item) === group && bytes + size <= maxBatchBytes) {
        batch.push(item);
        bytes += size;
      } else skipped.push(item);
    }
    if (skipped.length === 0) {
      head = i;
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
    } else {
      // Skipped items (another group, or too big for this request) keep their place in line.
      queue = skipped.concat(queue.slice(i));
      head = 0;
    }
    return batch;
  }

  /** One request: acknowledged, refused for good, or failed in a way worth retrying. */
  async function attempt(batch: T[]): Promise<Attempt> {
    let response: TransportResponse;
    try {
      response = await options.makeRequest(batch);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: 'retry', failure: `network error: ${message}` };
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { outcome: 'delivered' };
    if (status === 408 || status === 429 || status >= 500) {
      return { outcome: 'retry', failure: `HTTP ${status}`, retryAfter: response.retryAfter };
    }
    const outcome = status === 413 ? 'limit_exceeded' : 'invalid_event';
    return { outcome, failure: `HTTP ${status}, not retried` };
  }

  async function deliver(batch: T[]): Promise<void> {
    const started = clock.now();
    for (let n = 1; ; n++) {
      const result = await attempt(batch);
      if (result.outcome === 'delivered') {
        delivered += batch.length;
        safely(() => options.onDeliver?.(batch, n));
        return;
      }
      if (result.outcome !== 'retry') return drop(batch, result.outcome, result.failure);
      const retryAfter = parseRetryAfter(result.retryAfter, clock.now());
      const delay = computeRetryDelay(n, options.retry, clock.random(), retryAfter);
      if (delay === undefined) return drop(batch, 'network_error', `${result.failure} after ${n} attempts`);
      if (clock.now() + delay - started > budgetMs) {
        const detail = `${result.failure}; a retry in ${delay} ms would exceed the ${budgetMs} ms budget`;
        return drop(batch, 'budget_exceeded', detail);
      }
      await clock.sleep(delay);
    }
  }

  async function worker(): Promise<void> {
    running++;
    try {
      while (queue.length - head > 0) {
        const batch = takeBatch();
        inFlight += batch.length;
        try {
          await deliver(batch);
        } catch {
          drop(batch, 'network_error', 'unexpected transport failure');
        } finally {
          inFlight -= batch.length;
          if (options.onPendingChange) safely(() => options.onPendingChange?.(pending()));
        }
      }
    } finally {
      running--;
      settleWaiters();
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // Deferred so that items added in the same tick share requests.
    void Promise.resolve().then(() => {
      scheduled = false;
      while (running < concurrency && queue.length - head > 0) void worker();
    });
  }

  return {
    add(item) {
      if (pending() >= maxQueue) {
        drop([item], 'queue_overflow', `queue holds its maximum of ${maxQueue} items`);
        return false;
      }
      const size = sizeOf(item);
      if (size > maxBatchBytes) {
        drop([item], 'limit_exceeded', `item of ${size} bytes exceeds the ${maxBatchBytes}-byte request cap`);
        return false;
      }
      queue.push(item);
      if (options.onPendingChange) safely(() => options.onPendingChange?.(pending()));
      schedule();
      return true;
    },
    flush() {
      return new Promise<FlushResult>((resolve) => {
        const done = () => resolve({ delivered, dropped });
        if (pending() === 0) return done();
        waiters.push(done);
        schedule();
      });
    },
    pending,
  };
}
