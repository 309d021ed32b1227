import { createTracker } from '@taxon/web';
import type { AnyTracker } from '../context.js';

let inert: AnyTracker | undefined;

const closedHandle = () => ({ correlationId: '', closed: true, complete() {}, fail() {} });

/**
 * What the hooks return in production outside `<AnalyticsProvider>`: a real tracker that is never
 * started and has no destinations, so calls are accepted, go nowhere and never throw. Lifecycle
 * starters (`startGeneration`, ...) return a closed handle, whatever the app's taxonomy.
 */
export function inertTracker(): AnyTracker {
  return (inert ??= new Proxy(createTracker({ taxonomy: { events: {} }, destinations: [] }), {
    get: (target, key, receiver) =>
      typeof key === 'string' && /^start[A-Z]/.test(key) && !(key in target)
        ? closedHandle
        : Reflect.get(target, key, receiver),
  }) as AnyTracker);
}
