import { resolve } from 'node:path';
import { compileTaxonomy, formatFindingsText, loadTaxonomySources, type Taxonomy } from '@taxon/taxonomy';

/** A compiled taxonomy model, as `compileTaxonomy(...).taxonomy` returns it. */
export type CompiledTaxonomy = Taxonomy;

/**
 * The taxonomy to validate against: a compiled model as is, or a folder of YAML files read and
 * compiled. A folder with structural errors is refused with every finding listed.
 */
export async function loadCollectorTaxonomy(taxonomy: string | CompiledTaxonomy): Promise<CompiledTaxonomy> {
  if (typeof taxonomy !== 'string') {
    const maps = [taxonomy?.events, taxonomy?.params, taxonomy?.funnels];
    if (!maps.every((m) => m instanceof Map)) {
      throw new TypeError(
        'startCollector: taxonomy must be a folder path or the model from compileTaxonomy(...).taxonomy ' +
          "(with events, params and funnels Maps), e.g. startCollector({ taxonomy: 'taxonomy' }).",
      );
    }
    return taxonomy;
  }
  const dir = resolve(taxonomy);
  const result = compileTaxonomy(await loadTaxonomySources(dir));
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const findings = formatFindingsText(errors);
    throw new Error(`startCollector: the taxonomy in ${dir} has ${errors.length} error(s); fix them (taxon lint):\n${findings}`);
  }
  return result.taxonomy;
}
