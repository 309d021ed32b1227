import type { AnalyticsIds, Destination } from '../types.js';

/** Client and session ids from the first destinations that know them. Never rejects. */
export async function collectAnalyticsIds(destinations: readonly Destination[]): Promise<AnalyticsIds> {
  const ids: AnalyticsIds = {};
  for (const destination of destinations) {
    try {
      const found = (await destination.getAnalyticsIds?.()) ?? {};
      if (!ids.clientId && found.clientId) ids.clientId = found.clientId;
      if (!ids.sessionId && found.sessionId) ids.sessionId = found.sessionId;
    } catch {
      // Fall through to the next destination.
    }
    if (ids.clientId && ids.sessionId) break;
  }
  return ids;
}
