// Each package's tests run on a taxonomy of their own (packages/<pkg>/test/fixtures/taxonomy/),
// compiled by the real code generator into a checked-in module (…/fixtures/taxon/), so editing the
// reference taxonomy cannot move a package's tests, and a change to the generator shows in each
// fixture's diff. Checked in rather than generated in a globalSetup: `pnpm typecheck` and editors
// read these modules before any test runs, and a fresh clone typechecks without running vitest.
//
// This test fails when a checked-in module is stale. After editing a fixture taxonomy or the
// generator: `pnpm vitest run --project unit test/fixture-taxonomies.test.ts -u`, then commit.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultOutputs, generate, lintTaxonomy, loadTaxonomySources } from '@taxon/taxonomy';

const root = new URL('..', import.meta.url).pathname;

const packages = readdirSync(`${root}packages`).filter((pkg) => existsSync(`${root}packages/${pkg}/test/fixtures/taxonomy`));

describe('package fixture taxonomies', () => {
  it('exist for the packages whose tests need a generated taxonomy', () => {
    expect(packages).toEqual(expect.arrayContaining(['collector', 'core', 'edge', 'react', 'store', 'web']));
  });

  it.each(packages)('%s: lint-clean, and its generated module is up to date', async (pkg) => {
    const fixtures = `packages/${pkg}/test/fixtures`;
    const { taxonomy, findings } = lintTaxonomy(await loadTaxonomySources(`${root}${fixtures}/taxonomy`, root));
    expect(findings).toEqual([]);
    const files = generate(taxonomy, { outputs: defaultOutputs(`${fixtures}/taxon`), source: `${fixtures}/taxonomy/` });
    // The runtime module and the development validators it imports (`loadValidators`); not the
    // Markdown tracking plan, which no test reads.
    for (const file of files.filter((f) => f.kind === 'ts')) await expect(file.contents).toMatchFileSnapshot(`${root}${file.path}`);
  });
});
