/**
 * Runs once when the Next server starts, before it answers requests (Node runtime only).
 * - The demo has no AI provider keys and no internet: msw answers the providers' APIs inside this
 *   process, so every error type can be produced on demand with the `x-demo-scenario` header.
 * - The usage log's database is opened (and migrated) now rather than on the first generation.
 * - The OpenTelemetry SDK is registered for traces: one span per AI call (see lib/server/tracing.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { registerTracing } = await import('./lib/server/tracing');
  registerTracing();
  if (process.env.QUILL_MOCK_PROVIDER !== 'off') {
    const { startMockProvider } = await import('./lib/server/mock-provider');
    startMockProvider();
  }
  const { serverAnalytics } = await import('./lib/server/analytics');
  await serverAnalytics().catch((error: unknown) => {
    // The routes retry on their next request and report the error there.
    console.error('[quill] could not open the usage log:', error);
  });
}
