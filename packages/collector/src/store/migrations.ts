import type { Migration } from '@taxon/store';

/** The scope of the collector's migrations in `taxon_migrations` (beside the usage log's). */
export const COLLECTOR_MIGRATION_SCOPE = 'collector';

// Kept as strings rather than .sql files: the package needs no file lookup at runtime, so it
// works bundled, from ESM and from CJS alike.
/** The collector's schema, versioned like the usage log's and applied by `@taxon/edge`'s `migrate`. */
export const COLLECTOR_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create_collector_events',
    sql: `CREATE TABLE collector_events (
  id bigserial PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('good', 'bad')),
  name text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  client_id text,
  user_id text,
  session_id text,
  user_properties jsonb,
  measurement_id text,
  event_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  reasons jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX collector_events_status_name ON collector_events (status, name, id);
CREATE INDEX collector_events_client ON collector_events (client_id, event_time);
CREATE INDEX collector_events_user ON collector_events (user_id, event_time) WHERE user_id IS NOT NULL;
CREATE INDEX collector_events_session ON collector_events (session_id);
CREATE INDEX collector_events_received ON collector_events (received_at);
`,
  },
  {
    version: 2,
    name: 'add_funnel_indexes',
    // The funnel query probes "the next step of this client (or user) after this time".
    sql: `CREATE INDEX collector_events_client_step ON collector_events (client_id, name, event_time, id)
  WHERE status = 'good';
CREATE INDEX collector_events_user_step ON collector_events (user_id, name, event_time, id)
  WHERE status = 'good' AND user_id IS NOT NULL;
`,
  },
];
