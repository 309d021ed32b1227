// The generated taxonomy code (repo root `generated/taxon`, from `taxon gen`): one module that
// imports nothing, so every bundler resolves it as it is.
export * from '../../../generated/taxon';
