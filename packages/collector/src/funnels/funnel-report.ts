import type { Queryable } from '@taxon/store';
import type { Taxonomy } from '@taxon/taxonomy';

/** One step of a funnel report. */
export interface FunnelStepReport {
  /** The step's event name. */
  name: string;
  /** Clients (or users) that reached this step, in order, within the window. */
  count: number;
  /** `count / previous step's count`, 0 to 1; 1 for the first step; null when the previous count is 0. */
  stepConversion: number | null;
  /** `count / first step's count`, 0 to 1; null when nobody entered. */
  overallConversion: number | null;
  /** Median milliseconds from the previous step to this one; null for the first step or when nobody reached it. */
  medianMsFromPrevious: number | null;
  /** How many reached the previous step but not this one (0 for the first step). */
  dropOff: number;
}

/** One funnel of the taxonomy, computed over the stored good events. */
export interface FunnelReport {
  /** The funnel's name in `funnels.yaml`. */
  name: string;
  /** Its description in `funnels.yaml`. */
  description: string;
  /** The window as written in the taxonomy, e.g. `7d`: every step must happen within it from the first. */
  window: string;
  steps: FunnelStepReport[];
  /** Clients (or users) that did the first step. */
  entered: number;
  /** Clients (or users) that did every step. */
  completed: number;
  /** `completed / entered`; null when nobody entered. */
  overallConversion: number | null;
}

/** Options of {@link funnelReport}. */
export interface FunnelOptions {
  /**
   * Who walks the funnel: each `client_id` (a browser), or each `user_id` (events without one
   * are left out).
   * @default 'client'
   */
  by?: 'client' | 'user';
  /** Only events that happened at or after this time. */
  since?: Date;
}

interface StepRow {
  idx: number | string;
  count: number | string;
  median_ms: number | string | null;
}

// For every first-step event of an entity, a recursive walk takes the earliest next step after
// the current one (by event time, then id) inside the window from the first step: the earliest
// choice reaches at least as far as any other. Each entity keeps its furthest attempt (ties: the
// earliest), and the per-step figures come from that attempt.
function funnelSql(entity: 'client_id' | 'user_id'): string {
  // The next step is looked up in the table itself (not in a CTE), so each lookup is one probe of
  // the (entity, name, event_time) index instead of a scan.
  return `WITH RECURSIVE
  chain (entity, start_id, start_time, step, ev_id, ev_time, prev_time) AS (
    SELECT ${entity}, id, event_time, 1, id, event_time, NULL::timestamptz FROM collector_events
    WHERE status = 'good' AND ${entity} IS NOT NULL AND name = ($1::text[])[1]
      AND ($3::timestamptz IS NULL OR event_time >= $3::timestamptz)
    UNION ALL
    SELECT c.entity, c.start_id, c.start_time, c.step + 1, n.id, n.event_time, c.ev_time
    FROM chain c CROSS JOIN LATERAL (
      SELECT e.id, e.event_time FROM collector_events e
      WHERE e.${entity} = c.entity AND e.name = ($1::text[])[c.step + 1] AND e.status = 'good'
        AND (e.event_time, e.id) > (c.ev_time, c.ev_id)
        AND e.event_time <= c.start_time + $2::bigint * interval '1 millisecond'
      ORDER BY e.event_time, e.id LIMIT 1
    ) n
    WHERE c.step < cardinality($1::text[])
  ),
  attempts AS (
    SELECT entity, start_id, start_time, max(step) AS reached FROM chain GROUP BY entity, start_id, start_time
  ),
  best AS (
    SELECT DISTINCT ON (entity) entity, start_id FROM attempts
    ORDER BY entity, reached DESC, start_time, start_id
  ),
  path AS (
    SELECT c.step, extract(epoch FROM c.ev_time - c.prev_time) * 1000 AS gap_ms
    FROM chain c JOIN best b ON b.entity = c.entity AND b.start_id = c.start_id
  )
  SELECT s.idx, count(p.step) AS count,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY p.gap_ms) AS median_ms
  FROM generate_series(1, cardinality($1::text[])) AS s(idx)
  LEFT JOIN path p ON p.step = s.idx
  GROUP BY s.idx ORDER BY s.idx`;
}

/** `part / whole` rounded to 4 decimal places, or null when dividing by zero. */
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * Computes every funnel of the taxonomy in SQL (one query per funnel, on PGlite or PostgreSQL):
 * per client (or user), the ordered steps, each after the previous and within the funnel's
 * window from the first; per step the count, step and overall conversion, median time from the
 * previous step and drop-off.
 */
export async function funnelReport(
  db: Queryable,
  taxonomy: Pick<Taxonomy, 'funnels'>,
  options: FunnelOptions = {},
): Promise<FunnelReport[]> {
  const entity = options.by === 'user' ? 'user_id' : 'client_id';
  const sql = funnelSql(entity);
  const reports: FunnelReport[] = [];
  for (const funnel of taxonomy.funnels.values()) {
    const { rows } = await db.query<StepRow>(sql, [
      funnel.steps,
      Math.round(funnel.windowMs),
      options.since === undefined ? null : options.since.toISOString(),
    ]);
    const counts = rows.map((r) => Number(r.count));
    const entered = counts[0] ?? 0;
    const steps = funnel.steps.map((name, i): FunnelStepReport => {
      const count = counts[i] ?? 0;
      const previous = i === 0 ? count : (counts[i - 1] ?? 0);
      const median = rows[i]?.median_ms;
      return {
        name,
        count,
        stepConversion: i === 0 ? (count === 0 ? null : 1) : ratio(count, previous),
        overallConversion: ratio(count, entered),
        medianMsFromPrevious: median === null || median === undefined ? null : Math.round(Number(median)),
        dropOff: previous - count,
      };
    });
    const completed = counts[counts.length - 1] ?? 0;
    reports.push({
      name: funnel.name,
      description: funnel.description,
      window: funnel.window,
      steps,
      entered,
      completed,
      overallConversion: ratio(completed, entered),
    });
  }
  return reports;
}
