// The shapes of the collector's `GET /funnels`, as @taxon/collector defines them.
export type { FunnelReport as Funnel, FunnelStepReport as FunnelStep } from '@taxon/collector';
