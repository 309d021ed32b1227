export * from './drop.js';
export * from './scrub.js';
export * from './scrub-url.js';
export * from './limits.js';
export * from './transport.js';
export type * from './usage-record.js';
export type * from './processed-events.js';
export type * from './ga4-validation-code.js';
export * from './identifier.js';
