import type { Taxonomy } from '../model.js';
import { array, doc, header, importPath, key, lit, type GenerateOptions } from './names.js';

/** `funnels.ts`: every funnel as data, steps typed as event names. */
export function emitFunnels(taxonomy: Taxonomy, options: GenerateOptions): string {
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
  return `${header(taxonomy, options, 'ts')}
import type { EventName } from '${importPath(options.outputs.funnels, options.outputs.events)}';

/** An ordered funnel: users pass the steps in order within the window. */
export interface FunnelDefinition {
  description: string;
  /** As written in the taxonomy, for example \`7d\`. */
  window: string;
  windowMs: number;
  steps: readonly EventName[];
}

export const funnels = {
${funnels}
} as const satisfies Record<string, FunnelDefinition>;

export type FunnelName = keyof typeof funnels;
`;
}
