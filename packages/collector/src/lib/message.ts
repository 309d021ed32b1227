import type { ValidationCode, ValidationMessage } from '../validation-message.js';

/** A validation message; the argument order reads like the JSON GA4 answers with. */
export function message(fieldPath: string, validationCode: ValidationCode, description: string): ValidationMessage {
  return { fieldPath, description, validationCode };
}

/** A problem with a value: its code and description, before it is placed at a field path. */
export type Problem = [ValidationCode, string] | undefined;

/** The problem as a list of at most one message at `path`. */
export function at(path: string, problem: Problem): ValidationMessage[] {
  return problem === undefined ? [] : [message(path, problem[0], problem[1])];
}
