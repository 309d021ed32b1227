/**
 * Sets `key` on `target` as an own data property. Plain assignment of `__proto__` would replace
 * the object's prototype instead (and lose the key); `defineProperty` never does.
 */
export function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * A deep copy of a JSON-like value (arrays and plain objects) with every string passed through
 * `mapString`. Keys such as `__proto__`, `constructor` and `prototype` are copied as data, never
 * assigned as prototypes; with `dropProtoKeys`, `__proto__` keys are left out instead. Depth is
 * bounded: below `maxDepth` levels a value is left out (`undefined`), so a hostile, deeply nested
 * param cannot overflow the stack.
 */
export function copyData(value: unknown, mapString: (text: string) => string, maxDepth = 16, dropProtoKeys = false): unknown {
  if (typeof value === 'string') return mapString(value);
  if (value === null || typeof value !== 'object') return value;
  if (maxDepth <= 0) return undefined;
  const copy = (item: unknown) => copyData(item, mapString, maxDepth - 1, dropProtoKeys);
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!dropProtoKeys || key !== '__proto__') setData(out, key, copy(item));
  }
  return out;
}
