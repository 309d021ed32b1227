/** Work that outlives the request: tracked so `flush()` and `waitUntil` can wait for it. */
export interface BackgroundTasks {
  /** Starts tracking a task; it is forgotten once settled. The task must not reject. */
  track(task: Promise<void>): void;
  /** Resolves when every task tracked so far (and any they start) has settled. */
  settled(): Promise<void>;
  /** How many tasks are running. */
  pending(): number;
}

/** A set of running tasks. */
export function createBackgroundTasks(): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    track(task) {
      running.add(task);
      void task.finally(() => running.delete(task));
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    pending: () => running.size,
  };
}
