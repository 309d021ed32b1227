/** One step as the collector's `GET /funnels` returns it. */
export interface FunnelStep {
  name: string;
  count: number;
  stepConversion: number | null;
  overallConversion: number | null;
  medianMsFromPrevious: number | null;
  dropOff: number;
}

/** One funnel as the collector's `GET /funnels` returns it. */
export interface Funnel {
  name: string;
  description: string;
  window: string;
  steps: FunnelStep[];
  entered: number;
  completed: number;
  overallConversion: number | null;
}
