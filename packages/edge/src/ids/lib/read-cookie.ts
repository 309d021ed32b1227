/**
 * The value of cookie `name` in a `Cookie` header, percent-decoded when it is encoded (some
 * frameworks write `$` as `%24`), or `undefined`. The first of duplicate names wins, as in
 * browsers' `document.cookie` order (most specific path first).
 */
export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      return value;
    }
  }
  return undefined;
}
