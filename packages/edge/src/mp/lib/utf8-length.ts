// The native regex scan is much faster than a JavaScript loop for the common all-ASCII case.
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 byte length of a string without allocating (MP's 130 kB cap is in bytes, not characters). */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is 2 UTF-16 units and 4 UTF-8 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
