/**
 * The collector answers `/debug/mp/collect` in GA4's shape; the codes (GA4's seven and the
 * collector's own four) and the message type live with the other Measurement Protocol facts in
 * `@taxon/core`.
 */
export type { CollectorValidationCode, Ga4ValidationCode, ValidationCode, ValidationMessage } from '@taxon/core';
