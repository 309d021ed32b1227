/**
 * A dotted-quad IPv4 address as a regular expression source, without boundaries (each use adds
 * its own). An octet is 0-255 without a leading zero: `010` is not one.
 */
export const IPV4 = '(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * True when `text` is a well-formed IPv6 address in an RFC 4291 text form: eight groups, `::`
 * standing for one or more zero groups (at the start, middle or end), the last two groups
 * optionally a dotted IPv4 address (`::ffff:192.0.2.1`, `64:ff9b::1.2.3.4`). No zone id.
 */
export function isIpv6(text: string): boolean {
  // A dotted IPv4 tail counts as two groups.
  const halves = text.replace(RegExp(`:${IPV4}$`), ':0:0').split('::');
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  return (
    halves.length <= 2 &&
    groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group)) &&
    (halves.length === 2 ? groups.length <= 7 : groups.length === 8)
  );
}
