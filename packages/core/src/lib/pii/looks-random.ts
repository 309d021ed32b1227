// CamelCase humps: a word (`Mini`, `use`), an acronym or a lone capital (`GPT`, `V`), a number
// with an optional letter (`4o`, `2024`).
const HUMP = /[A-Z]?[a-z]{2,}|[A-Z]{1,5}(?![a-z])|\d{1,8}[a-z]?(?![a-z])/g;

// Whether a mixed-case piece reads as an identifier made of words (`AnthropicClaudeOpus4`,
// `GenerationCompletedV2`): few humps, at least half of it words with a vowel. A random base-62
// piece passes with probability about 0.8% at 16 characters, 0.03% at 32 (measured).
function isCamelCase(piece: string): boolean {
  const humps = piece.match(HUMP);
  if (!humps || humps.join('') !== piece || humps.length * 3 > piece.length + 3) return false;
  let words = 0;
  for (const hump of humps) {
    if (/[a-z]{3}/.test(hump)) {
      if (!/[aeiouy]/i.test(hump)) return false;
      words += hump.length;
    } else if (/^[A-Z]{2,}$/.test(hump)) words += hump.length / 2;
  }
  return words * 2 >= piece.length;
}

// Taxon's own correlation ids (packages/web `newCorrelationId`): 20 base-36 characters, a digit
// first and a letter every fifth. They are random on purpose and travel in events; a generated
// lower-case secret of exactly this shape passes too (about 9% of 20-character base-36 ones).
const CORRELATION_ID = /^[1-9][0-9a-z]{4}(?:[a-z][0-9a-z]{4}){3}$/;

/**
 * Whether `token` holds a generated secret: one of its `-`/`_`-separated pieces is 16+ characters
 * that mix digits with letters the way generated keys do. Slugs (`how-to-write-2026`), UUIDs,
 * long snake_case names, CamelCase identifiers ending in a version and Taxon's correlation ids
 * stay readable.
 */
export function looksRandom(token: string): boolean {
  if (CORRELATION_ID.test(token)) return false;
  for (const piece of token.split(/[-_]/)) {
    if (piece.length < 16) continue;
    const digits = piece.replace(/\D/g, '').length;
    if (digits === 0) continue;
    const upper = /[A-Z]/.test(piece);
    const lower = /[a-z]/.test(piece);
    if (upper && lower && isCamelCase(piece)) continue;
    if ((upper && lower) || digits / piece.length >= 0.25) return true;
  }
  return false;
}
