import { createMeasurementProtocol, type MeasurementProtocolOptions } from '@taxon/edge';
import {
  bucketSources,
  enumValues,
  eventDefinitions,
  type EventMap,
  type ServerEventName,
} from '../fixtures/taxon/index.js';

/** The origin the GA mock of these tests listens on (`createGaMock({ baseUrl: GA_URL })`). */
export const GA_URL = 'https://ga.test';

/**
 * A Measurement Protocol client over the package's fixture taxonomy, as an app creates it,
 * sending to the GA mock at {@link GA_URL}; `overrides` replace any option (retry policy, ...).
 */
export function testMeasurementProtocol(overrides: Partial<MeasurementProtocolOptions> = {}) {
  return createMeasurementProtocol<EventMap, ServerEventName>({
    measurementId: 'G-TEST12345',
    apiSecret: 'test-secret',
    baseUrl: GA_URL,
    taxonomy: { events: eventDefinitions, buckets: bucketSources, enums: enumValues },
    ...overrides,
  });
}
