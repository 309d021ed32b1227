import { migrate, type Queryable, type SqlDriver } from '@taxon/store';
import type { ValidationMessage } from '../validation-message.js';
import { COLLECTOR_MIGRATION_SCOPE, COLLECTOR_MIGRATIONS } from './migrations.js';

/** One event to store. */
export interface NewEvent {
  /** `good` when it passed every check, else `bad` with its reasons. */
  status: 'good' | 'bad';
  name: string;
  /** As received, or scrubbed where PII was found. */
  params: Record<string, unknown>;
  clientId: string | undefined;
  userId: string | undefined;
  /** From `params.session_id`. */
  sessionId: string | undefined;
  userProperties: Record<string, unknown> | undefined;
  /** The `measurement_id` of the request URL. */
  measurementId: string | undefined;
  /** When it happened (`timestamp_micros`); the receive time when undefined. */
  time: Date | undefined;
  reasons: readonly ValidationMessage[];
}

/** One stored event, as `GET /events` returns it. */
export interface StoredEvent {
  /** Ascending in the order events were stored (request order within a request). */
  id: number;
  /** The event name; `''` for the placeholder of a request that could not be read. */
  name: string;
  /** The params as received (key order aside); a PII-bad event's params are stored scrubbed. */
  params: Record<string, unknown>;
  /** The request's `client_id` (or `app_instance_id`). */
  client_id?: string;
  /** The request's `user_id`. */
  user_id?: string;
  /** The event's `params.session_id`. */
  session_id?: string;
  /** When the event happened: its `timestamp_micros`, else when it was received (ISO 8601). */
  event_time: string;
  /** When the collector received it (ISO 8601). */
  received_at: string;
  /** Why the event is bad (only in `GET /events/bad`). */
  reasons?: ValidationMessage[];
}

/** Filters of {@link EventStore.list}. */
export interface EventFilter {
  name?: string | undefined;
  clientId?: string | undefined;
  userId?: string | undefined;
  sessionId?: string | undefined;
  /** Only events received at or after this time. */
  since?: Date | undefined;
  /** At most this many events (the newest are dropped). @default 10000 */
  limit?: number | undefined;
}

interface Row {
  id: number | string | bigint;
  name: string;
  params: Record<string, unknown>;
  client_id: string | null;
  user_id: string | null;
  session_id: string | null;
  event_time: Date;
  received_at: Date;
  reasons: ValidationMessage[];
}

const COLUMNS = 'status, name, params, client_id, user_id, session_id, user_properties, measurement_id, event_time';
// One statement per request whatever its size: each column travels as one array.
const INSERT =
  `INSERT INTO collector_events (${COLUMNS}, reasons) ` +
  'SELECT s, n, p::jsonb, c, u, sid, up::jsonb, m, coalesce(t::timestamptz, now()), r::jsonb ' +
  'FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], ' +
  '$9::text[], $10::text[]) AS x(s, n, p, c, u, sid, up, m, t, r)';

/** The collector's storage: one table of good and bad events on any `SqlDriver`. */
export interface EventStore {
  /** Stores a request's events in one statement. */
  insert(events: readonly NewEvent[]): Promise<void>;
  /** Good or bad events matching `filter`, oldest first; bad ones with their reasons. */
  list(status: 'good' | 'bad', filter?: EventFilter): Promise<StoredEvent[]>;
  /** How many good and bad events are stored. */
  counts(): Promise<{ good: number; bad: number }>;
  /** Deletes every stored event (between tests). */
  reset(): Promise<void>;
  /** The connection the funnel queries read through. */
  readonly db: Queryable;
}

function toEvent(row: Row, withReasons: boolean): StoredEvent {
  return {
    id: Number(row.id),
    name: row.name,
    params: row.params,
    ...(row.client_id === null ? {} : { client_id: row.client_id }),
    ...(row.user_id === null ? {} : { user_id: row.user_id }),
    ...(row.session_id === null ? {} : { session_id: row.session_id }),
    event_time: new Date(row.event_time).toISOString(),
    received_at: new Date(row.received_at).toISOString(),
    ...(withReasons ? { reasons: row.reasons } : {}),
  };
}

function toColumns(events: readonly NewEvent[]): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: 10 }, () => []);
  for (const e of events) {
    const values = [
      e.status,
      e.name,
      JSON.stringify(e.params),
      e.clientId ?? null,
      e.userId ?? null,
      e.sessionId ?? null,
      e.userProperties === undefined ? null : JSON.stringify(e.userProperties),
      e.measurementId ?? null,
      e.time === undefined ? null : e.time.toISOString(),
      JSON.stringify(e.reasons),
    ];
    values.forEach((v, i) => columns[i]!.push(v));
  }
  return columns;
}

/** What is stored of an event the database refused: its place and why, nothing of its content. */
function unstorable(): NewEvent {
  const reason = {
    fieldPath: '',
    validationCode: 'VALUE_INVALID' as const,
    description: 'The event could not be stored as received; only this placeholder is kept.',
  };
  return {
    status: 'bad', name: '', params: {}, clientId: undefined, userId: undefined, sessionId: undefined,
    userProperties: undefined, measurementId: undefined, time: undefined,
    reasons: [reason],
  };
}

/** Applies the collector's migrations (scope `collector`) and returns its store on `driver`. */
export async function openEventStore(driver: SqlDriver): Promise<EventStore> {
  await migrate(driver, { scope: COLLECTOR_MIGRATION_SCOPE, migrations: COLLECTOR_MIGRATIONS });
  return {
    db: driver,
    async insert(events) {
      if (events.length === 0) return;
      try {
        await driver.query(INSERT, toColumns(events));
      } catch {
        // One row the database refuses must not cost the others: each is stored alone, and a
        // refused one as a bad placeholder that says so (without the database's message).
        for (const event of events) {
          try {
            await driver.query(INSERT, toColumns([event]));
          } catch {
            await driver.query(INSERT, toColumns([unstorable()]));
          }
        }
      }
    },
    async list(status, filter = {}) {
      const where = ['status = $1'];
      const params: unknown[] = [status];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.name !== undefined) add('name = ?', filter.name);
      if (filter.clientId !== undefined) add('client_id = ?', filter.clientId);
      if (filter.userId !== undefined) add('user_id = ?', filter.userId);
      if (filter.sessionId !== undefined) add('session_id = ?', filter.sessionId);
      if (filter.since !== undefined) add('received_at >= ?::timestamptz', filter.since.toISOString());
      params.push(filter.limit ?? 10_000);
      const { rows } = await driver.query<Row>(
        'SELECT id, name, params, client_id, user_id, session_id, event_time, received_at, reasons ' +
          `FROM collector_events WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => toEvent(r, status === 'bad'));
    },
    async counts() {
      const { rows } = await driver.query<{ good: number | string; bad: number | string }>(
        "SELECT count(*) FILTER (WHERE status = 'good') AS good, count(*) FILTER (WHERE status = 'bad') AS bad " +
          'FROM collector_events',
      );
      return { good: Number(rows[0]?.good ?? 0), bad: Number(rows[0]?.bad ?? 0) };
    },
    async reset() {
      await driver.query('DELETE FROM collector_events');
    },
  };
}
