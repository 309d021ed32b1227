import { emptyDropCounts, type Drop, type DropCounts, type DropReason } from '@taxon/core';
import type { ConsentState } from '../consent.js';

/** The bundler's `process.env.NODE_ENV` (folded in production builds); no Node types needed. */
declare const process: { env: { NODE_ENV?: string } };

/** What happened to the events one destination was given (see {@link TrackerDebug}). */
export interface DestinationDebug {
  /** Events handed to the destination (the collector may still hold or drop them: see `held`, `dropped`). */
  sent: number;
  /** Events the destination holds, not yet sent (the collector's batch and retries). */
  held: number;
  /** Events dropped for this destination, by reason. */
  dropped: Partial<DropCounts>;
}

/** A drop as the debug view lists it: which destination lost the event, when one did. */
export interface DebugDrop extends Drop {
  /** The destination that lost it; absent when the event was dropped before delivery. */
  destination?: string;
}

/**
 * The tracker's state for a developer: `tracker.debug()` in the console answers "why did
 * nothing arrive?" without a network tab.
 */
export interface TrackerDebug {
  /** `start()` ran and `shutdown()` did not follow. */
  started: boolean;
  /** The consent state in force. */
  consent: ConsentState;
  /** Events the tracker holds for every destination. */
  held: {
    /** Tracked before `start()`, sent when it runs. */
    beforeStart: number;
    /** Tracked while the new route's page view waits for its title, sent right after it. */
    awaitingPageView: number;
  };
  /** Dropped events by reason, every destination and stage together (as `dropCounts()`). */
  dropped: DropCounts;
  /** Per destination, by name (`ga4:G-…`, `collector:…`). */
  destinations: Record<string, DestinationDebug>;
  /** The last drops, newest last (at most 20). */
  recentDrops: DebugDrop[];
}

const RECENT = 20;

interface DiagnosticsDeps {
  onDrop: ((drop: Drop) => void) | undefined;
  /** Development: the first consent drop prints one warning naming the cause and the fix. */
  dev: boolean;
}

/** Drop counting, per-destination outcomes, and the one development warning about consent. */
export function createDiagnostics({ onDrop, dev }: DiagnosticsDeps) {
  const counts = emptyDropCounts();
  const destinations: Record<string, DestinationDebug> = {};
  const recent: DebugDrop[] = [];
  let warnedConsent = false;

  const of = (name: string): DestinationDebug => (destinations[name] ??= { sent: 0, held: 0, dropped: {} });

  /** Counts a drop; `destination` names the destination that lost the event, if one did. */
  function drop(reason: DropReason, event: string | undefined, detail?: string, destination?: string): void {
    counts[reason]++;
    const record: DebugDrop = { reason };
    if (event !== undefined) record.event = event;
    if (detail !== undefined) record.detail = detail;
    if (destination !== undefined) {
      const stats = of(destination);
      stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1;
      recent.push({ ...record, destination });
    } else recent.push(record);
    if (recent.length > RECENT) recent.shift();
    if (reason === 'consent_denied' && dev && !warnedConsent) {
      warnedConsent = true;
      console.warn(
        typeof process !== 'undefined' && process.env.NODE_ENV !== 'production'
          ? `[taxon] ${destination ?? 'A destination'} dropped "${event ?? 'an event'}": consent is denied (${detail ?? 'consent_denied'}). ` +
              'Every consent type defaults to denied. Fix: call tracker.setConsent({ analytics_storage: "granted" }) from your consent banner, ' +
              'or, if your legal basis allows it, createTracker({ consent: { default: { analytics_storage: "granted" } } }). ' +
              'tracker.debug() lists what each destination sent, held and dropped. (Shown once, in development only.)'
          : 'consent denied',
      );
    }
    try {
      onDrop?.(record);
    } catch {
      // A failing hook must not break tracking.
    }
  }

  return {
    drop,
    /** Counts an event handed to (or acknowledged for) a destination. */
    sent(destination: string, n = 1): void {
      of(destination).sent += n;
    },
    /** Registers a destination so the debug view lists it before its first event. */
    register(destination: string): void {
      of(destination);
    },
    counts: (): DropCounts => ({ ...counts }),
    /** Per-destination outcomes; `held` asks each destination what it still holds. */
    destinations(heldBy: (name: string) => number): Record<string, DestinationDebug> {
      const out: Record<string, DestinationDebug> = {};
      for (const [name, stats] of Object.entries(destinations)) {
        out[name] = { sent: stats.sent, held: heldBy(name), dropped: { ...stats.dropped } };
      }
      return out;
    },
    recentDrops: (): DebugDrop[] => recent.map((d) => ({ ...d })),
  };
}

/** The diagnostics of one tracker. */
export type Diagnostics = ReturnType<typeof createDiagnostics>;
