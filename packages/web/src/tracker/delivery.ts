import type { ConsentState } from '../consent.js';
import type { Destination, TaxonEvent } from '../types.js';
import type { Diagnostics } from './diagnostics.js';

interface DeliveryDeps {
  /** The consent state in force. */
  consent(): ConsentState;
  /** Events kept before `start()`; older ones beyond this are dropped (`queue_overflow`). */
  queueSize: number;
  diagnostics: Diagnostics;
}

/**
 * The last stage: events tracked before `start()` wait in a bounded queue; afterwards each
 * started destination gets its own copy of the params, unless the consent it requires is denied.
 */
export function createDelivery({ consent, queueSize, diagnostics }: DeliveryDeps) {
  let active: Destination[] = [];
  let open = false;
  let queue: TaxonEvent[] = [];

  // Each destination gets params it may extend in place (`send_to`, `session_id`): the last one
  // gets the pipeline's own object, the others a copy. A spread copy defines each key as data,
  // so a `__proto__` key stays a key (Object.assign would set the prototype).
  function deliver(event: TaxonEvent): void {
    const last = active.length - 1;
    for (let i = 0; i <= last; i++) {
      const destination = active[i]!;
      const needs = destination.requiresConsent;
      if (needs !== undefined && needs.length > 0) {
        const state = consent();
        if (needs.some((type) => state[type] !== 'granted')) {
          diagnostics.drop('consent_denied', event.name, `${destination.name} needs ${needs.join(', ')}`, destination.name);
          continue;
        }
      }
      try {
        destination.send(i === last ? event : { ...event, params: { ...event.params } });
        diagnostics.sent(destination.name);
      } catch (error) {
        diagnostics.drop('network_error', event.name, `${destination.name} failed: ${String(error)}`, destination.name);
      }
    }
  }

  return {
    /** Delivers now when open, else queues for {@link open}. */
    accept(event: TaxonEvent): void {
      if (open) return deliver(event);
      queue.push(event);
      while (queue.length > queueSize) {
        const lost = queue.shift()!;
        diagnostics.drop('queue_overflow', lost.name, `more than ${queueSize} events before start()`);
      }
    },
    /** Sets the started destinations (once, by the first `start()`). */
    setDestinations(destinations: Destination[]): void {
      active = destinations;
    },
    /**
     * Starts delivering: `first` runs with delivery open (the first page view goes out before
     * anything tracked earlier), then the queued events follow in order.
     */
    open(first: () => void): void {
      open = true;
      first();
      const held = queue;
      queue = [];
      for (const event of held) deliver(event);
    },
    /** Queues again until the next {@link open} (`shutdown()`). */
    close(): void {
      open = false;
    },
    /** The started destinations. */
    active: (): readonly Destination[] => active,
    /** Events waiting for `start()`. */
    queued: () => queue.length,
  };
}
