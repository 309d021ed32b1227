import { metricsHandler } from '@taxon/monitor';
import { metrics, metricsAccess } from '@/lib/server/metrics';

// Live values: never cached, always answered by this process.
export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint (text exposition 0.0.4). */
export const GET = metricsHandler(metrics, metricsAccess);
