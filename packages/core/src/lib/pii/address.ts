// Street addresses: a pattern for the scrubber's one alternation (matched case-insensitively) and
// a case-sensitive check of what it matched.

// Latin letters with diacritics (Latin-1 to Latin Extended-B): Straße, Marszałkowska, Václavské.
const L = 'A-Za-z\\u00C0-\\u024F';
// Space within one line: the words of a street name do not run on across a line break (`503
// Service Unavailable` above `place an order`).
const S = '[^\\S\\n]';
// Between a street's name and its number (or a number and the name after it) one line break may
// stand for the space: an address is often written over two lines (`rue de Rivoli` / `5`,
// `1600` / `Pennsylvania Avenue`). Missing one leaks it; reading two list items as one costs text.
const BREAK = `(?:${S}+|${S}*\\n${S}*)`;
// The house number, not the start of a time, a decimal or a version (`Necktie 14:46`, `19,99`,
// `1.65.1`).
const NO = '\\d{1,4}[a-z]?\\b(?![:.,]\\d)';
// A number first is not the end of a time, a decimal or a version (`2:46 PM place`).
const HOUSE = '(?<!\\d[:.,])\\b\\d';

// Number first, English: `221B Baker Street`, `1600 Pennsylvania Avenue`.
const EN_TYPES =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|' +
  'parkway|pkwy|square|sq|highway|hwy';
// A word ending in a street type, name first (Hauptstraße 12, Goethestr. 7, Kalverstraat 92,
// Drottninggatan 5), or a street type after the name (Berliner Straße 5, Váci utca 19): German,
// Dutch, Nordic, Finnish, Hungarian. Both start where a word starts: `\b` also holds between `a` and `é`,
// and trying them there in `aéaéaé...` would take quadratic time. A lookahead for the number
// skips the suffix search in words that no number follows (most words). `ring`, `gate` and
// `gade` are left out: `string 5`, `aggregate 3`, `upgrade 2`.
const SUFFIXES =
  'straße|strasse|str\\.|weg|allee|platz|gasse|damm|ufer|straat|gracht|laan|plein|kade|dijk|' +
  'singel|steeg|gatan|gata|vägen|vej|veien|katu|tie|utca';
// A street type as its own word before the name: Rue de Rivoli 5, Calle Mayor 3, Via Roma 10,
// Rua Augusta 100, ul. Marszałkowska 10; or after a number: 5 rue de Rivoli.
const ROMANCE_TYPES =
  'rue|avenue|av\\.|boulevard|bd|place|chemin|quai|impasse|allée|calle|c\\/|carrer|avenida|' +
  'avda\\.?|plaza|paseo|via|viale|piazza|corso|largo|rua|travessa|ul\\.|ulica|al\\.|aleja';
const PARTICLE_WORDS = 'de|del|della|dei|delle|di|da|do|dos|das|la|le|les|du|des';
// After `c/` or `ul.` the name may follow without a space; after a word it may not (`viable 3`).
const GAP = `(?:${S}+|(?<=[./]))`;

/**
 * Street addresses, for the scrubber's alternation (matched case-insensitively): five
 * alternatives, tried in this order. Composed inside a pure-annotated call so that bundles which
 * never scrub can drop it (see scrub.ts).
 */
export const ADDRESS = /* @__PURE__ */ (() => {
  // The number after the name: after a space or a line break, with `nº` before it; or after a
  // comma (`Hauptstraße, 12`), then only a plain number. `Necktie, 2048` (a list) is read as an
  // address too: a leak costs more than the text (docs/privacy.md). Composed here, not at the top
  // level: a template of templates is not provably pure to a bundler.
  const houseNumber = `(?:${BREAK}(?:n[º°o.]${S}*)?${NO}|,${BREAK}${NO})`;
  const particles = `(?:(?:${PARTICLE_WORDS})${S}+|[dl]')`;
  const name = `[${L}'.-]+`;
  return new RegExp(
    [
      `${HOUSE}\\d{0,4}[A-Za-z]?${BREAK}(?:[A-Za-z][a-zà-ÿ'.-]*${S}+){1,4}(?:${EN_TYPES})\\b\\.?`,
      `${HOUSE}\\d{0,3}(?:${S}?(?:bis|ter))?,?${BREAK}(?:${ROMANCE_TYPES})${GAP}${particles}{0,2}${name}`,
      `\\b(?:${ROMANCE_TYPES})${GAP}${particles}{0,2}${name}(?:${S}+${name}){0,3}?${S}*,?${BREAK}(?:n[º°o.]${S}*)?${NO}`,
      `(?<![${L}-])(?=[${L}.-]+${houseNumber})[${L}-]*(?:${SUFFIXES})${houseNumber}`,
      `(?<![${L}-])[${L}]+${S}+(?:${SUFFIXES})${houseNumber}`,
    ].join('|'),
  );
})();

const NOT_NAME = /* @__PURE__ */ (() =>
  new RegExp(`^(?:${ROMANCE_TYPES}|${EN_TYPES}|${SUFFIXES}|${PARTICLE_WORDS}|bis|ter|n[º°o.]|\\d.*)$`, 'i'))();

/**
 * The replacement for an address match: `[address]` when it names a street, its last name word
 * capitalised (`Via Roma 10`, not `via email 3`; `12 Baker Street`, not `12 items via the road`).
 * A lower-case word the match took before a street name (`der Hauptstraße 12`) is kept. What
 * names no street is rescanned after its first character.
 */
export function replaceAddress(match: string, rescan: (text: string) => string): string {
  const words = match.split(/[\s,/]+/).filter((w) => w !== '' && !NOT_NAME.test(w));
  // `d'Alésia`: the name starts after the apostrophe (and a bare `d'` names nothing).
  const last = words[words.length - 1]?.replace(/^[dl]'/i, '');
  if (!last || last[0] === last[0]!.toLowerCase()) return match[0]! + rescan(match.slice(1));
  const lead = /^[^\s\d]+\s+/.exec(match)?.[0];
  return lead && words.length > 1 && lead[0] === lead[0]!.toLowerCase() && !NOT_NAME.test(lead.trim())
    ? `${lead}[address]`
    : '[address]';
}
