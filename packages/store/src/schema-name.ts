/** The PostgreSQL schema Taxon's tables live in when none is configured. */
export const DEFAULT_SCHEMA = 'taxon';

// Plain lowercase identifiers only: the name is interpolated into SQL (quoted), and one that
// never needs quoting is one an operator can type in psql without surprises.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a configured schema name and returns it double-quoted for SQL. `public` is refused:
 * it belongs to the app, whose ORM (drizzle-kit push, Prisma migrate) would otherwise see
 * Taxon's tables as drift and try to drop them.
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new Error(
      `Invalid schema ${JSON.stringify(schema)}: expected a lowercase PostgreSQL identifier ` +
        "(letters, digits, underscores; at most 63 characters), e.g. schema: 'taxon'.",
    );
  }
  if (schema === 'public' || schema.startsWith('pg_') || schema === 'information_schema') {
    throw new Error(
      `Invalid schema "${schema}": Taxon keeps its tables out of the app's and the system's schemas, ` +
        "so ORM migrations never see them. Use a schema of Taxon's own, e.g. schema: 'taxon' (the default).",
    );
  }
  return `"${schema}"`;
}
