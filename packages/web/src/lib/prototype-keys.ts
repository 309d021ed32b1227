/** How deep object params are searched; deeper values are passed on as they are. */
const MAX_DEPTH = 32;

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

/**
 * Object and array param values without any own `__proto__` key, at any depth up to 32. Copying
 * such a key by assignment (`out[key] = value`) would set the copy's prototype instead of
 * copying the data, so the key is dropped before the params are copied anywhere. `constructor`
 * and `prototype` keys are ordinary data when assigned and stay. Returns `params` itself when
 * nothing had to change (the common case: no allocation).
 */
export function withoutProtoKeys(params: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in params) {
    const value = params[key];
    if (value === null || typeof value !== 'object') continue;
    const clean = cleanValue(value, 1);
    if (clean !== value) (out ??= { ...params })[key] = clean;
  }
  return out ?? params;
}

function cleanValue(value: object, depth: number): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      const clean = cleanValue(item, depth + 1);
      if (clean !== item) (out ??= value.slice())[i] = clean;
    }
    return out ?? value;
  }
  let changed = hasOwn(value, '__proto__');
  const entries = Object.entries(value);
  const cleaned = entries.map(([key, item]): [string, unknown] => {
    if (item === null || typeof item !== 'object') return [key, item];
    const clean = cleanValue(item, depth + 1);
    if (clean !== item) changed = true;
    return [key, clean];
  });
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of cleaned) {
    if (key !== '__proto__') out[key] = item;
  }
  return out;
}
