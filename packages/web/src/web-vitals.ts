import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricWithAttribution } from 'web-vitals/attribution';
import type { TrackerApi, WebVitalName } from './create-tracker.js';

type Report = (callback: (metric: MetricWithAttribution) => void) => void;

/** The web-vitals functions used; defaults to the attribution build of `web-vitals`. */
export interface WebVitalsReporters {
  onLCP: Report;
  onINP: Report;
  onCLS: Report;
  onFCP: Report;
  onTTFB: Report;
}

/** Options of {@link trackWebVitals}. */
export interface WebVitalsOptions {
  /**
   * Replaces the web-vitals functions (tests, or a soft-navigation build).
   * @default the `web-vitals/attribution` exports
   */
  reporters?: Partial<WebVitalsReporters>;
}

/** The GA4 params of one metric, following the web-vitals GA4 recipe. */
export function webVitalParams(metric: MetricWithAttribution): Record<string, string | number> {
  const params: Record<string, string | number> = {
    // GA4 sums `value`; CLS is a unitless fraction, so it is scaled to keep precision.
    value: Math.round(metric.name === 'CLS' ? metric.delta * 1000 : metric.delta),
    metric_id: metric.id,
    metric_value: metric.value,
    metric_delta: metric.delta,
    metric_rating: metric.rating,
  };
  const target = debugTarget(metric);
  if (target) params.debug_target = target;
  return params;
}

function debugTarget(metric: MetricWithAttribution): string | undefined {
  switch (metric.name) {
    case 'LCP':
      return metric.attribution.target;
    case 'INP':
      return metric.attribution.interactionTarget;
    case 'CLS':
      return metric.attribution.largestShiftTarget;
    default:
      return undefined;
  }
}

/**
 * Sends LCP, INP, CLS, FCP and TTFB to the tracker's destinations as GA4 events named after the
 * metric, with the web-vitals recipe params (`value` = delta, CLS x1000; `metric_id`,
 * `metric_value`, `metric_delta`, `metric_rating`, `debug_target` from the attribution build),
 * once per metric per page load. These names are not taxonomy events: the tracker accepts them
 * through `trackWebVital`, an allowlist of exactly these five names, and scrubs `debug_target`.
 * @see https://github.com/GoogleChrome/web-vitals#send-the-results-to-google-analytics
 */
export function trackWebVitals(tracker: Pick<TrackerApi<unknown>, 'trackWebVital'>, options: WebVitalsOptions = {}): void {
  const reporters: WebVitalsReporters = { onLCP, onINP, onCLS, onFCP, onTTFB, ...options.reporters };
  const sent = new Set<string>();
  const report = (metric: MetricWithAttribution) => {
    if (sent.has(metric.name)) return;
    sent.add(metric.name);
    tracker.trackWebVital(metric.name as WebVitalName, webVitalParams(metric));
  };
  for (const register of [reporters.onLCP, reporters.onINP, reporters.onCLS, reporters.onFCP, reporters.onTTFB]) {
    try {
      register(report);
    } catch {
      // An API this browser lacks must not break the page, nor cost the other metrics.
    }
  }
}
