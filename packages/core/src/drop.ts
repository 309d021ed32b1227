/**
 * Why an event did not reach a destination. Every drop in every Taxon runtime carries one of
 * these, so a count of lost events can always be explained.
 */
export type DropReason =
  | 'consent_denied'
  | 'invalid_event'
  | 'pii_blocked'
  | 'queue_overflow'
  | 'limit_exceeded'
  | 'network_error'
  | 'budget_exceeded'
  | 'duplicate';

/** One dropped event, as reported to `onDrop` hooks. */
export interface Drop {
  reason: DropReason;
  /** The event name, when the drop concerns a single event. */
  event?: string;
  /** A human-readable explanation: which limit, which status code, which param. */
  detail?: string;
}

/** Drop counts by reason, as returned by `dropCounts()` on trackers and clients. */
export type DropCounts = Record<DropReason, number>;

/** A zeroed `DropCounts`. */
export function emptyDropCounts(): DropCounts {
  return {
    consent_denied: 0,
    invalid_event: 0,
    pii_blocked: 0,
    queue_overflow: 0,
    limit_exceeded: 0,
    network_error: 0,
    budget_exceeded: 0,
    duplicate: 0,
  };
}
