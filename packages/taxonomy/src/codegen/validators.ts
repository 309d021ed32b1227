import { eventParams, type ParamDef, type Taxonomy } from '../model.js';
import { array, declarationPath, header, importPath, key, lit, type GenerateOptions } from './names.js';

function schemaOf(p: ParamDef, prefix: string): string {
  switch (p.type) {
    case 'enum':
      return `z.enum(${array(p.values!.map(lit), `${prefix}z.enum(`, '  ')})`;
    case 'bucket':
      // The labels again, not an import of the runtime module's: this file imports no value of it.
      return `z.enum(${array(p.bucket!.labels.map(lit), `${prefix}z.enum(`, '  ')})`;
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
 * `validators.js`: zod schemas of every event, at the call site (`inputSchemas`) and on the wire
 * (`wireSchemas`), and `validateEvent`. Plain JavaScript, so that the runtime module can load it
 * with `import()` by its file name in every bundler; its types are in {@link emitValidatorTypes}.
 * Loaded only outside production (the runtime module's `taxonomy.loadValidators`).
 */
export function emitValidators(taxonomy: Taxonomy, options: GenerateOptions): string {
  const params = [...taxonomy.params.values()];
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
              : `paramSchemas${key(n) === n ? `.${n}` : `[${lit(n)}]`}`;
          return `    ${key(field)}: ${schema}${required ? '' : '.optional()'},`;
        });
        return `  ${key(e.name)}: z.strictObject({${fields.length ? `\n${fields.join('\n')}\n  ` : ''}}),`;
      })
      .join('\n');

  return `${header(taxonomy, options, 'ts')}// Development only: the runtime module loads this file outside production builds, so neither it
// nor zod is ever in a production bundle. Types: ${declarationPath(options.outputs.validators).split('/').pop()}.
import { z } from 'zod';

/** Schema of every param's wire value. */
export const paramSchemas = {
${paramSchemas}
};

/** Params as the app passes them (raw numbers for buckets). Extra keys are errors. */
export const inputSchemas = {
${eventSchemas('input')}
};

/** Params as sent (bucket labels). Extra keys are errors. */
export const wireSchemas = {
${eventSchemas('wire')}
};

/**
 * Checks an event against the taxonomy. Returns the problems, each naming the param, or an empty
 * list when the event is valid. Unknown event names are a problem too.
 * @param {string} name
 * @param {unknown} params
 * @param {'input' | 'wire'} [stage]
 * @returns {string[]}
 */
export function validateEvent(name, params, stage = 'wire') {
  const schemas = stage === 'input' ? inputSchemas : wireSchemas;
  const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
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

/** `validators.d.ts`: the types of `validators.js`. Imports only types (from zod and the runtime module). */
export function emitValidatorTypes(taxonomy: Taxonomy, options: GenerateOptions): string {
  const from = declarationPath(options.outputs.validators);
  return `${header(taxonomy, options, 'ts')}import type { ZodType } from 'zod';
import type { EventName, ValidateEvent } from '${importPath(from, options.outputs.index)}';

/** Schema of every param's wire value. */
export declare const paramSchemas: Readonly<Record<string, ZodType>>;

/** Params as the app passes them (raw numbers for buckets). Extra keys are errors. */
export declare const inputSchemas: Readonly<Record<EventName, ZodType>>;

/** Params as sent (bucket labels). Extra keys are errors. */
export declare const wireSchemas: Readonly<Record<EventName, ZodType>>;

/**
 * Checks an event against the taxonomy. Returns the problems, each naming the param, or an empty
 * list when the event is valid. Unknown event names are a problem too.
 */
export declare const validateEvent: ValidateEvent;
`;
}
