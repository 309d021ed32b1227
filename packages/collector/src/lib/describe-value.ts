// How values and names appear in messages (scrubbed, cut) is shared with core's param check.
export { describeName, describeValue } from '@taxon/core';
