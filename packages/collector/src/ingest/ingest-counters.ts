import type { BodyOutcome } from './ingest-request.js';

/**
 * What `/health` reports of the requests received since the collector started (or since the last
 * `DELETE /events`): a body that could not be read is answered 204 like GA4 does, so these
 * counters (and its placeholder in `/events/bad`) are where it shows.
 */
export interface IngestCounters {
  /** Measurement Protocol requests received (`/mp/collect`; `/debug/mp/collect` stores nothing). */
  requests: number;
  /** Bodies that were not JSON, or not a JSON object. */
  unparseable: number;
  /** Bodies larger than the collector reads (1 MB), not parsed at all. */
  too_large: number;
  /** Events whose content had to be changed to be stored (NUL, lone surrogates, depth, size). */
  made_storable: number;
}

/** Zeroed counters. */
export function createIngestCounters(): IngestCounters {
  return { requests: 0, unparseable: 0, too_large: 0, made_storable: 0 };
}

/** Counts one request by how its body was read, and how many of its events were made storable. */
export function countRequest(counters: IngestCounters, outcome: BodyOutcome, madeStorable: number): void {
  counters.requests += 1;
  if (outcome === 'unparseable') counters.unparseable += 1;
  if (outcome === 'too_large') counters.too_large += 1;
  counters.made_storable += madeStorable;
}

/** Zeroes the counters in place (`DELETE /events`). */
export function resetIngestCounters(counters: IngestCounters): void {
  Object.assign(counters, createIngestCounters());
}
