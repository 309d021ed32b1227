import { WEBHOOK_EVENT_TYPES } from '@taxon/core/telemetry';
import type { CheckoutResult } from '../checkout/checkout-types.js';
import { guardMetrics, type MetricsOption } from './guard-metrics.js';
import { labelValue } from './label-value.js';

const EVENT_TYPES: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

// The checkout result's status, as the webhook outcome the metric table names.
const OUTCOMES = {
  recorded: 'processed',
  duplicate: 'duplicate',
  ignored: 'ignored',
  invalid_signature: 'invalid_signature',
  invalid_checkout: 'failed',
  error: 'failed',
} as const satisfies Record<CheckoutResult['status'], string>;

/**
 * Counts one webhook delivery (`taxon_webhook_events_total{event_type, outcome}`); a processing
 * error also counts as a background failure of task `webhook`. The event type is known once the
 * signature checks out (or from the app's verified event); before that it is `_OTHER`.
 */
export function recordWebhookMetrics(option: MetricsOption, result: CheckoutResult, verifiedType: string | undefined): void {
  const sink = guardMetrics(option);
  if (!sink) return;
  const outcome = OUTCOMES[result.status];
  sink.add('webhookEvents', 1, { event_type: labelValue(EVENT_TYPES, verifiedType), outcome });
  if (result.status === 'error') sink.add('backgroundFailures', 1, { task: 'webhook' });
}
