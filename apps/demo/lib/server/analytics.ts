import { createInstrumentation, createMeasurementProtocol } from '@taxon/edge';
import { createSqlProcessedEvents, openCreditLedger, openDatabase, openUsageLog } from '@taxon/store';
import { priceTable, taxonomy, type EventMap, type ServerEventName } from '@/lib/taxonomy';
import { collectorUrl, demoDataDir, gaMeasurementId, release } from '../runtime-config';
import { processSingleton } from './process-singleton';

/** How long the AI provider may take before the call is aborted as `ai_timeout`. */
export const GENERATION_TIMEOUT_MS = 4000;

async function open() {
  // MP goes to the local collector (GA4 itself is unreachable from the demo); the collector
  // speaks the same protocol, so pointing baseUrl at Google is the only production change.
  const mp = createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: gaMeasurementId() ?? 'G-TAXONDEV',
    apiSecret: process.env.GA_API_SECRET ?? 'taxon-local',
    baseUrl: collectorUrl(),
    taxonomy,
  });
  // DATABASE_URL (or POSTGRES_URL) when set, else PGlite in the demo's data folder; either way in
  // the `taxon` schema.
  const db = await openDatabase(process.env.DATABASE_URL || process.env.POSTGRES_URL ? {} : { dataDir: demoDataDir() });
  const usageLog = await openUsageLog({ driver: db });
  const processed = await createSqlProcessedEvents(db);
  // The free plan's generations live in the credit ledger, on the same database.
  const credits = await openCreditLedger({ driver: db });
  const instrumentation = createInstrumentation({
    prices: priceTable,
    sink: usageLog,
    mp,
    // Quill's user ids are random (`u_...`), never an email: safe as GA4 user_id.
    sendUserId: true,
    release: release(),
    timeoutMs: GENERATION_TIMEOUT_MS,
    // Free users hold one generation before the provider is called and are charged it after;
    // paid plans are not metered (accountId undefined).
    credits: {
      gate: credits,
      accountId: (context) => (context.planType === 'free' ? context.userId : undefined),
      reserve: '1',
      unit: 'generations',
      // Quill promises three free *successful* generations: its free users are refunded every
      // failure, billed ones included (the default policy charges those).
      policy: { ai_validation_error: 'release', ai_malformed_response: 'release' },
    },
  });
  return { mp, db, usageLog, processed, credits, ...instrumentation };
}

/** The server's analytics: MP client, usage log, processed-webhook store, instrumentation. */
export type ServerAnalytics = Awaited<ReturnType<typeof open>>;

/** Opens the server analytics once per process (the first request waits for the migrations). */
export function serverAnalytics(): Promise<ServerAnalytics> {
  return processSingleton('server-analytics', () => {
    const opening = open();
    // A failed open is retried by the next request rather than cached.
    opening.catch(() => {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('quill.server-analytics')];
    });
    return opening;
  });
}

/** User ids whose first successful generation was already reported (first_generation_completed). */
export function firstGenerations(): Set<string> {
  return processSingleton('first-generations', () => new Set<string>());
}
