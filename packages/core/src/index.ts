export * from './drop.js';
