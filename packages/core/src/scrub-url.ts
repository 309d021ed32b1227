import { scrubPii } from './scrub.js';

/** Options of {@link scrubUrl}. */
export interface ScrubUrlOptions {
  /**
   * Query (and fragment) param names removed whatever their value. Matched case-insensitively;
   * a name also matches when it contains `token`, `secret`, `passw`, `email`, `session` or a
   * localised password name (`kennw`, `wachtw`, `contrase`).
   * @default DEFAULT_DENIED_PARAMS
   */
  deniedParams?: readonly string[];
  /**
   * When set, only these query params are kept (after the deny list); every other param is
   * removed. Use it for pages whose query strings are known.
   */
  allowedParams?: readonly string[];
  /**
   * Params removed because they are tracking plumbing, not content: the GA linker's `_gl`,
   * `_ga`, `_glc` and Taxon's own cross-domain ids.
   * @default DEFAULT_STRIPPED_PARAMS
   */
  strippedParams?: readonly string[];
  /**
   * Keep the fragment (scrubbed). When false the fragment is removed.
   * @default true
   */
  keepFragment?: boolean;
}

/** Query param names {@link scrubUrl} removes by default. */
export const DEFAULT_DENIED_PARAMS: readonly string[] = /* @__PURE__ */ (
  // One space-separated string rather than an array literal: fewer bytes in browser bundles.
  'email mail e-mail token code state password pass pwd pw pswd passcode passphrase mdp senha session_id sessionid sid auth ' +
  'authorization key api_key apikey secret signature sig otp jwt phone tel name first_name ' +
  'last_name firstname lastname address ssn card iban invite reset client_secret access_token ' +
  'id_token refresh_token x-amz-signature x-amz-credential'
).split(' ');

/** Linker and cross-domain params {@link scrubUrl} removes by default. */
export const DEFAULT_STRIPPED_PARAMS: readonly string[] = ['_gl', '_ga', '_glc', 'tx_cid', 'tx_sid'];

// Localised password names: passwort, kennwort, wachtwoord, contraseña/contrasena.
const DENIED_FRAGMENTS = /token|secret|passw|email|session|kennw|wachtw|contrase/i;
const URL_PARTS = /^([a-z][a-z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#.*)?$/i;

function decode(part: string): string {
  // decodeURIComponent is slow; most segments and values have nothing to decode.
  if (part.indexOf('%') === -1 && part.indexOf('+') === -1) return part;
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

// encodeURIComponent throws on a lone surrogate (a string cut mid-character by the page): it is
// written as U+FFFD instead. With the `u` flag a surrogate pair is one character, so only a lone
// surrogate has the category Cs.
const LONE_SURROGATE = /\p{Cs}/gu;

// The placeholders' brackets stay readable: `[email]`, not `%5Bemail%5D`.
function encodeScrubbed(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd')).replace(/%5[BD]/g, decodeURIComponent);
}

interface ParamRules {
  denied: Set<string>;
  stripped: Set<string>;
  allowed: Set<string> | null;
}

function scrubParams(query: string, rules: ParamRules, useAllowList: boolean): string {
  const kept: string[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const name = decode(rawName);
    const lower = name.toLowerCase();
    if (rules.stripped.has(lower) || rules.denied.has(lower) || DENIED_FRAGMENTS.test(lower)) continue;
    if (useAllowList && rules.allowed && !rules.allowed.has(lower)) continue;
    const scrubbedName = scrubPii(name);
    const safeName = scrubbedName === name ? rawName : encodeScrubbed(scrubbedName);
    if (eq === -1) {
      kept.push(safeName);
      continue;
    }
    const rawValue = pair.slice(eq + 1);
    const value = decode(rawValue);
    const scrubbed = scrubPii(value);
    kept.push(`${safeName}=${scrubbed === value ? rawValue : encodeScrubbed(scrubbed)}`);
  }
  return kept.join('&');
}

function scrubPath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      const value = decode(segment);
      const scrubbed = scrubPii(value);
      return scrubbed === value ? segment : encodeScrubbed(scrubbed);
    })
    .join('/');
}

const lowerSet = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));

/**
 * Compiles {@link ScrubUrlOptions} once and returns a scrubber with the semantics of
 * {@link scrubUrl}; use it where URLs are scrubbed repeatedly (every page view).
 */
export function createUrlScrubber(options: ScrubUrlOptions = {}): (url: string) => string {
  const rules: ParamRules = {
    denied: lowerSet(options.deniedParams ?? DEFAULT_DENIED_PARAMS),
    stripped: lowerSet(options.strippedParams ?? DEFAULT_STRIPPED_PARAMS),
    allowed: options.allowedParams ? lowerSet(options.allowedParams) : null,
  };
  const keepFragment = options.keepFragment !== false;
  // A route change scrubs the same address twice (its dedupe key, then its page view): the last
  // answer is kept. Scrubbing is pure, so this never changes a result.
  let lastUrl: string | undefined;
  let lastResult = '';
  return (url) => {
    if (url === lastUrl) return lastResult;
    lastResult = scrub(url);
    lastUrl = url;
    return lastResult;
  };

  function scrub(url: string): string {
    const parts = URL_PARTS.exec(url);
    if (!parts) return scrubPii(url);
    const [, scheme = '', authority = '', path = '', query = '', fragment = ''] = parts;
    const at = authority.lastIndexOf('@');
    let out = scheme + (at === -1 ? authority : `//${authority.slice(at + 1)}`) + scrubPath(path);
    if (query.length > 1) {
      const kept = scrubParams(query.slice(1), rules, true);
      if (kept) out += `?${kept}`;
    }
    if (fragment.length > 1 && keepFragment) {
      const body = fragment.slice(1);
      const kept = body.includes('=') ? scrubParams(body, rules, false) : scrubPath(body);
      if (kept) out += `#${kept}`;
    }
    return out;
  }
}

let defaultScrubber: ((url: string) => string) | undefined;

/**
 * Removes personal data and secrets from a URL: credentials (`user:pass@`), query params on the
 * deny list or outside the allow list, linker params, and anything {@link scrubPii} finds in
 * path segments, remaining param values and the fragment (a fragment shaped like a query, as
 * OAuth implicit flows leave it, gets the query rules). Relative URLs stay relative. The host
 * is kept as is.
 *
 * @example scrubUrl('https://a.io/u/jane@x.io?token=abc&tab=2') // 'https://a.io/u/[email]?tab=2'
 */
export function scrubUrl(url: string, options?: ScrubUrlOptions): string {
  if (options) return createUrlScrubber(options)(url);
  defaultScrubber ??= createUrlScrubber();
  return defaultScrubber(url);
}
