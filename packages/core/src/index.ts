export * from './drop.js';
export * from './scrub.js';
export * from './scrub-url.js';
export * from './limits.js';
export * from './transport.js';
