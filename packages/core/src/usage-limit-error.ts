import type { UsageLimitNotice, UsageLimitRefusal } from './usage-limit.js';

/**
 * Why a usage-limit call failed:
 * - `limit_exceeded`: the hard limit of one scope refused the call (`refusal` says which);
 * - `invalid_config`: the limits configuration is wrong (every problem is listed in the message);
 * - `invalid_input`: an admit, commit or release got a bad argument; nothing was changed;
 * - `unknown_plan`: the plan is not one of the taxonomy's `plan_type` values.
 */
export type UsageLimitErrorCode = 'limit_exceeded' | 'invalid_config' | 'invalid_input' | 'unknown_plan';

/** The typed error of fair-use limits. Check `code`, not the message. */
export class UsageLimitError extends Error {
  override readonly name = 'UsageLimitError';
  /** What went wrong, see {@link UsageLimitErrorCode}. */
  readonly code: UsageLimitErrorCode;
  /** With `limit_exceeded`: the limit that refused, without any account id. */
  readonly refusal: UsageLimitRefusal | undefined;
  /** With `limit_exceeded`: the `reached` notice this refusal decided to send (at most once per period). */
  readonly notices: readonly UsageLimitNotice[];

  constructor(
    code: UsageLimitErrorCode,
    message: string,
    options: { refusal?: UsageLimitRefusal; notices?: readonly UsageLimitNotice[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.refusal = options.refusal;
    this.notices = options.notices ?? [];
  }
}

/** Whether `error` is a {@link UsageLimitError} (also across bundled copies of @taxon/core). */
export function isUsageLimitError(error: unknown): error is UsageLimitError {
  return (
    error instanceof UsageLimitError ||
    (error instanceof Error && error.name === 'UsageLimitError' && typeof (error as { code?: unknown }).code === 'string')
  );
}
