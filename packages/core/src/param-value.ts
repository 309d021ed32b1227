import { describeValue } from './describe-value.js';
import type { ValidationCode } from './validation-message.js';

/**
 * What {@link paramValueProblem} needs of a taxonomy param: the taxonomy's `ParamDef` fits, and
 * so does a runtime's compact form.
 */
export interface ParamRule {
  /** The param's name, for messages. */
  readonly name: string;
  readonly type: 'enum' | 'boolean' | 'bucket' | 'pattern' | 'number' | 'string';
  /** Allowed values of an `enum`. */
  readonly values?: readonly string[] | undefined;
  /** Anchored regular expression of a `pattern`. */
  readonly pattern?: string | undefined;
  /** A `bucket`'s labels and the call-site key that carries its raw number. */
  readonly bucket?: { readonly from: string; readonly labels: readonly string[] } | undefined;
  /** Bounds of a `number`. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly integer?: boolean | undefined;
}

/** Why a wire value does not fit its param, with GA4's (or the collector's) validation code. */
export interface ParamValueProblem {
  code: Extract<ValidationCode, 'UNSUPPORTED_TYPE' | 'VALUE_INVALID' | 'VALUE_OUT_OF_BOUNDS'>;
  /** What is wrong and what was expected; a string value is shown scrubbed and cut. */
  description: string;
  /** For a string outside an enum or the bucket labels: the allowed values, for a did-you-mean. */
  allowed?: readonly string[];
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source);
    if (patterns.size < 500) patterns.set(source, re);
  }
  return re;
}

const problem = (code: ParamValueProblem['code'], description: string, allowed?: readonly string[]): ParamValueProblem =>
  allowed === undefined ? { code, description } : { code, description, allowed };

function listed(values: readonly string[], value: unknown, shown: string, what: string): ParamValueProblem | undefined {
  if (typeof value !== 'string') return problem('UNSUPPORTED_TYPE', `Expected ${what} (a string), got ${shown}.`);
  if (values.includes(value)) return undefined;
  return problem('VALUE_INVALID', `${shown} is not ${what}.`, values);
}

function numberProblem(rule: ParamRule, value: unknown, shown: string): ParamValueProblem | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return problem('UNSUPPORTED_TYPE', `Expected a number, got ${shown}.`);
  if (rule.integer === true && !Number.isInteger(value)) return problem('VALUE_INVALID', `Expected an integer, got ${shown}.`);
  if (rule.min !== undefined && value < rule.min) return problem('VALUE_OUT_OF_BOUNDS', `${shown} is below the minimum ${rule.min}.`);
  if (rule.max !== undefined && value > rule.max) return problem('VALUE_OUT_OF_BOUNDS', `${shown} is above the maximum ${rule.max}.`);
  return undefined;
}

/**
 * The one check of a wire value against its taxonomy param, used by the collector and
 * `taxon verify` (and mirrored by the generated validators): its JSON type, an enum's values, a
 * bucket's labels, a pattern, a number's bounds. `undefined` when the value fits.
 *
 * @example paramValueProblem({ name: 'plan_type', type: 'enum', values: ['free', 'pro'] }, 'gold')
 * // { code: 'VALUE_INVALID', description: '"gold" is not one of free, pro.', allowed: ['free', 'pro'] }
 */
export function paramValueProblem(rule: ParamRule, value: unknown): ParamValueProblem | undefined {
  const shown = describeValue(value);
  switch (rule.type) {
    case 'enum': {
      const values = rule.values ?? [];
      return listed(values, value, shown, `one of ${values.join(', ')}`);
    }
    case 'bucket': {
      const labels = rule.bucket?.labels ?? [];
      if (typeof value === 'number') {
        return problem(
          'UNSUPPORTED_TYPE',
          `Got the raw number ${shown}; "${rule.name}" carries a bucket label (${labels.join(', ')}). ` +
            `Pass the raw value as "${rule.bucket?.from}" to the generated code, which buckets it.`,
        );
      }
      return listed(labels, value, shown, `a bucket label of "${rule.name}" (${labels.join(', ')})`);
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : problem('UNSUPPORTED_TYPE', `Expected true or false, got ${shown}.`);
    case 'pattern':
      if (typeof value !== 'string') return problem('UNSUPPORTED_TYPE', `Expected a string matching ${rule.pattern}, got ${shown}.`);
      return patternOf(rule.pattern ?? '').test(value) ? undefined : problem('VALUE_INVALID', `${shown} does not match ${rule.pattern}.`);
    case 'number':
      return numberProblem(rule, value, shown);
    default:
      return typeof value === 'string' ? undefined : problem('UNSUPPORTED_TYPE', `Expected a string, got ${shown}.`);
  }
}
