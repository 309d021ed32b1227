// The generated taxonomy code (repo root `generated/taxon`, from `taxon gen`). Its index re-exports
// with `.js` specifiers (`./events.js`), which Turbopack does not map to the `.ts` files, so the
// app imports the modules themselves, extensionless. The other imports between them are type-only.
export * from '../../../generated/taxon/events';
export * from '../../../generated/taxon/buckets';
export * from '../../../generated/taxon/funnels';
export * from '../../../generated/taxon/prices';
