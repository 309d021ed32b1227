import type { Taxonomy } from '../model.js';
import { array, doc, key, lit } from './names.js';

/**
 * The funnels section of the runtime module: every funnel as data, steps typed as event names.
 * Not part of the `taxonomy` object: a browser bundle that does not import `funnels` sheds it.
 */
export function emitFunnels(taxonomy: Taxonomy): string {
  const funnels = [...taxonomy.funnels.values()]
    .map(
      (f) => `  /** ${doc(f.description)} */
  ${key(f.name)}: {
    description: ${lit(f.description)},
    window: ${lit(f.window)},
    windowMs: ${f.windowMs},
    steps: ${array(f.steps.map(lit), '    steps: ', '    ')},
  },`,
    )
    .join('\n');
  return `/** An ordered funnel: users pass the steps in order within the window. */
export interface FunnelDefinition {
  description: string;
  /** As written in the taxonomy, for example \`7d\`. */
  window: string;
  windowMs: number;
  steps: readonly EventName[];
}

/** Every funnel of the taxonomy. */
export const funnels = {
${funnels}
} as const satisfies Record<string, FunnelDefinition>;

export type FunnelName = keyof typeof funnels;
`;
}
