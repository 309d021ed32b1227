// Pairs of safe values the scrubber changes on purpose (docs/privacy.md, "accepted knowingly").
// A word ending in a street suffix, then a comma or a line break, then a number reads as a street
// and its house number: `Hauptstraße, 12`, `Kalverstraat, 92` and `Mannerheimintie` / `5` on two
// lines are addresses, and missing one leaks it, while reading `Necktie, 2048` as one costs only
// a little text. `Necktie` (Finnish `-tie`) is the one such word in safe.txt.

/** Safe values that end in a street suffix and so read as a street before a number. */
export const STREET_LIKE = ['Necktie'];

/** The separators after which a number still belongs to the street before it. */
export const STREET_NUMBER_SEPARATORS = [', ', '\n'];

/**
 * Whether `a + sep + b` may be scrubbed although `a` and `b` are safe: a street-like word, a
 * comma or line break, then anything that starts with a digit (a superset of what is scrubbed,
 * so a property test that skips these cannot hit one).
 */
export const isAcceptedPair = (a: string, sep: string, b: string): boolean =>
  STREET_LIKE.includes(a) && STREET_NUMBER_SEPARATORS.includes(sep) && /^\d/.test(b);
