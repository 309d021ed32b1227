import type { MeasurementProtocolOptions } from './types.js';

const STREAM = 'GA4 Admin > Data collection and modification > Data streams > your web stream';

/** What is missing from the client's options, or `undefined`. */
export function checkConfig(options: MeasurementProtocolOptions): string | undefined {
  if (typeof options.measurementId !== 'string' || options.measurementId === '') {
    return `createMeasurementProtocol: measurementId is required ('G-XXXXXXXXXX', from ${STREAM}).`;
  }
  if (typeof options.apiSecret !== 'string' || options.apiSecret === '') {
    return (
      'createMeasurementProtocol: apiSecret is required ' +
      `(${STREAM} > Measurement Protocol API secrets > Create).`
    );
  }
  if (!options.taxonomy?.events) {
    return 'createMeasurementProtocol: taxonomy.events is required (the generated eventDefinitions).';
  }
  return undefined;
}
