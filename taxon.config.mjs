// Taxon configuration: where the taxonomy lives and where `taxon gen` writes.
// Paths are relative to this file. Every `taxon` command finds it from any subfolder.

/** @type {import('@taxon/cli').TaxonConfig} */
export default {
  taxonomy: 'taxonomy',
  outDir: 'generated/taxon',
  docs: 'docs/tracking-plan.md',
};
