import { lineProtocolHandler } from '@taxon/monitor';
import { metrics, metricsAccess } from '@/lib/server/metrics';

// Live values: never cached, always answered by this process.
export const dynamic = 'force-dynamic';

/** InfluxDB line protocol for Telegraf's `inputs.http` (`data_format = "influx"`). */
export const GET = lineProtocolHandler(metrics, metricsAccess);
