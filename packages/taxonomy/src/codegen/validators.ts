import { eventParams, type ParamDef, type Taxonomy } from '../model.js';
import { bucketFunctionName } from './buckets.js';
import { array, header, importPath, key, lit, type GenerateOptions } from './names.js';

function schemaOf(p: ParamDef, prefix: string): string {
  switch (p.type) {
    case 'enum':
      return `z.enum(${array(p.values!.map(lit), `${prefix}z.enum(`, '  ')})`;
    case 'bucket':
      return `z.enum(${bucketFunctionName(p.name)}Labels)`;
    case 'boolean':
      return 'z.boolean()';
    case 'number': {
      let s = p.integer ? 'z.number().int()' : 'z.number().finite()';
      if (p.min !== undefined) s += `.min(${p.min})`;
      if (p.max !== undefined) s += `.max(${p.max})`;
      return s;
    }
    case 'pattern':
      return `z.string().regex(new RegExp(${lit(p.pattern!)}))`;
    default:
      return 'z.string()';
  }
}

/**
 * `validators.ts`: zod schemas of every event, at the call site (`inputSchemas`) and on the wire
 * (`wireSchemas`). Import it only in development builds; production bundles never load zod.
 */
export function emitValidators(taxonomy: Taxonomy, options: GenerateOptions): string {
  const params = [...taxonomy.params.values()];
  const buckets = params.filter((p) => p.bucket).map((p) => `${bucketFunctionName(p.name)}Labels`);
  const paramSchemas = params.map((p) => `  ${key(p.name)}: ${schemaOf(p, `  ${key(p.name)}: `)},`).join('\n');
  const eventSchemas = (stage: 'input' | 'wire') =>
    [...taxonomy.events.values()]
      .map((e) => {
        const fields = eventParams(e).map(({ name: n, required }) => {
          const p = taxonomy.params.get(n)!;
          const field = stage === 'input' && p.bucket ? p.bucket.from : n;
          const schema =
            stage === 'input' && p.bucket
              ? 'z.number().finite().nonnegative()'
              : `paramSchemas.${key(n) === n ? n : `[${lit(n)}]`}`;
          return `    ${key(field)}: ${schema}${required ? '' : '.optional()'},`;
        });
        return `  ${key(e.name)}: z.strictObject({\n${fields.join('\n')}\n  }),`;
      })
      .join('\n');

  const bucketImport = buckets.length
    ? `import {\n${buckets.map((b) => `  ${b},`).join('\n')}\n} from '${importPath(options.outputs.validators, options.outputs.buckets)}';\n`
    : '';
  return `${header(taxonomy, options, 'ts')}
import { z } from 'zod';
${bucketImport}import type { EventName } from '${importPath(options.outputs.validators, options.outputs.events)}';

/** Schema of every param's wire value. */
export const paramSchemas = {
${paramSchemas}
};

/** Params as the app passes them (raw numbers for buckets). Extra keys are errors. */
export const inputSchemas = {
${eventSchemas('input')}
} satisfies Record<EventName, z.ZodType>;

/** Params as sent (bucket labels). Extra keys are errors. */
export const wireSchemas = {
${eventSchemas('wire')}
} satisfies Record<EventName, z.ZodType>;

/**
 * Checks an event against the taxonomy. Returns the problems, each naming the param, or an empty
 * list when the event is valid. Unknown event names are a problem too.
 */
export function validateEvent(
  name: string,
  params: unknown,
  stage: 'input' | 'wire' = 'wire',
): string[] {
  const schemas: Record<string, z.ZodType> = stage === 'input' ? inputSchemas : wireSchemas;
  const schema = schemas[name];
  if (!schema) return [\`unknown event "\${name}"\`];
  const result = schema.safeParse(params ?? {});
  return result.success
    ? []
    : result.error.issues.map(
        (issue) => \`\${name}.\${issue.path.join('.') || '(params)'}: \${issue.message}\`,
      );
}
`;
}
