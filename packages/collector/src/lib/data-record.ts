/**
 * An empty record for copying received keys into. It has no prototype, so a received key such as
 * `__proto__` is stored as a plain key (with `{}`, assigning it would replace the prototype and
 * lose the key).
 */
export function dataRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
