// The runtime shape of the generated price table lives with the other shared facts in @taxon/core.
export type { ModelPrices, PricePoint, PriceTable } from '@taxon/core';
