/**
 * A dotted-quad IPv4 address as a regular expression source, without boundaries (each use adds
 * its own). An octet is 0-255 without a leading zero: `010` is not one.
 */
export const IPV4 = '(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** True when `text` is a well-formed IPv6 address (full or `::`-compressed, no zone id). */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  return (
    halves.length <= 2 &&
    groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group)) &&
    (halves.length === 2 ? groups.length <= 7 : groups.length === 8)
  );
}
