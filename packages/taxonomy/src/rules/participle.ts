/**
 * English past participles for event names: `sign_in` -> `signed_in`, `stop` -> `stopped`,
 * `apply` -> `applied`, `send` -> `sent`. Used by `naming/tense` to recognise a participle and
 * to suggest one.
 */

/** Irregular verbs common in product analytics, base form -> past participle. */
const IRREGULAR: Record<string, string> = {
  be: 'been', become: 'become', begin: 'begun', bid: 'bid', break: 'broken', bring: 'brought',
  build: 'built', buy: 'bought', catch: 'caught', choose: 'chosen', come: 'come', cut: 'cut',
  deal: 'dealt', do: 'done', draw: 'drawn', drive: 'driven', eat: 'eaten', fall: 'fallen',
  feed: 'fed', breed: 'bred', feel: 'felt', find: 'found', fly: 'flown', forget: 'forgotten', forgive: 'forgiven',
  freeze: 'frozen', get: 'gotten', give: 'given', go: 'gone', grow: 'grown', hang: 'hung',
  have: 'had', hear: 'heard', hide: 'hidden', hit: 'hit', hold: 'held', keep: 'kept',
  know: 'known', lay: 'laid', lead: 'led', leave: 'left', lend: 'lent', let: 'let', lose: 'lost',
  make: 'made', mean: 'meant', meet: 'met', mistake: 'mistaken', overwrite: 'overwritten',
  pay: 'paid', prepay: 'prepaid', put: 'put', quit: 'quit', read: 'read', rebuild: 'rebuilt',
  redo: 'redone', reread: 'reread', resend: 'resent', reset: 'reset', rewrite: 'rewritten',
  ride: 'ridden', ring: 'rung', rise: 'risen', run: 'run', rerun: 'rerun', say: 'said',
  see: 'seen', seek: 'sought', sell: 'sold', send: 'sent', set: 'set', shake: 'shaken',
  show: 'shown', shut: 'shut', sing: 'sung', sit: 'sat', sleep: 'slept', speak: 'spoken',
  spend: 'spent', split: 'split', spread: 'spread', stand: 'stood', steal: 'stolen',
  stick: 'stuck', strike: 'struck', swim: 'swum', swing: 'swung', take: 'taken', teach: 'taught',
  tear: 'torn', tell: 'told', think: 'thought', throw: 'thrown', undo: 'undone',
  understand: 'understood', unfreeze: 'unfrozen', unhide: 'unhidden', upset: 'upset',
  wake: 'woken', wear: 'worn', win: 'won', withdraw: 'withdrawn', write: 'written',
};

/**
 * Verbs of more than one syllable stressed on the last one, which double their final consonant
 * (`submit` -> `submitted`); a spelling rule cannot see stress. `cancel` follows British and
 * GA4's own `_cancelled`; `label`, `model` and `travel` stay single (`labeled`) as in US usage.
 */
const DOUBLED = new Set([
  'admit', 'commit', 'compel', 'control', 'defer', 'deter', 'emit', 'embed', 'equip', 'excel',
  'expel', 'forbid', 'infer', 'occur', 'omit', 'patrol', 'permit', 'prefer', 'propel', 'rebut',
  'recur', 'refer', 'regret', 'remit', 'resubmit', 'submit', 'transfer', 'transmit', 'unpin',
  'unzip', 'cancel',
]);

/** Words ending in -ed that are not participles: `checkout_speed` is not past tense. */
const NOT_PARTICIPLE = new Set([
  'bed', 'bleed', 'breed', 'embed', 'exceed', 'feed', 'need', 'proceed', 'red', 'seed', 'shed', 'speed', 'succeed', 'weed',
]);

/** Particles of phrasal verbs: the verb comes before them (`sign_in` -> `signed_in`). */
const PARTICLES = new Set(['in', 'out', 'up', 'down', 'on', 'off', 'over', 'back', 'away', 'through']);

/** Closed compounds written as one word that name a phrasal verb: `signup` -> `signed_up`. */
const COMPOUNDS: Record<string, string> = {
  checkin: 'checked_in', checkout: 'checked_out', login: 'logged_in', logon: 'logged_on',
  logout: 'logged_out', optin: 'opted_in', optout: 'opted_out', rollback: 'rolled_back',
  setup: 'set_up', signin: 'signed_in', signout: 'signed_out', signup: 'signed_up',
  startup: 'started_up', backup: 'backed_up', payout: 'paid_out', followup: 'followed_up',
  pickup: 'picked_up', walkthrough: 'walked_through', shutdown: 'shut_down', breakdown: 'broken_down',
};

/** `got` is the British participle of `get`, and common in names. */
const PARTICIPLES = new Set([...Object.values(IRREGULAR), 'got']);
const VOWEL = /[aeiouy]/;

/** Groups of vowels (y between consonants counts): `stop` 1, `open` 2, `submit` 2. */
const syllables = (word: string): number => word.replace(/y(?=[^aeiou]|$)/g, 'i').match(/[aeiou]+/g)?.length ?? 0;

/** The past participle of one verb: `stop` -> `stopped`, `save` -> `saved`, `apply` -> `applied`. */
export function participleOf(verb: string): string {
  const irregular = IRREGULAR[verb];
  if (irregular) return irregular;
  if (verb.endsWith('e')) return `${verb}d`;
  // Consonant + y -> ied (apply, copy, verify); vowel + y keeps it (play, delay, enjoy).
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
  // A stressed consonant-vowel-consonant ending doubles: stop, plan, ship, log, quiz (not c, w, x, y).
  const cvc = /(^|[^aeiou])[aeiou][bdfghj-np-tvz]$/.test(verb) || /qu[aeiou][bdfghj-np-tvz]$/.test(verb);
  if (cvc && (syllables(verb) === 1 || DOUBLED.has(verb))) return `${verb}${verb.at(-1)}ed`;
  return `${verb}ed`;
}

/** Whether `word` reads as a past participle: `started`, `sent`, `paid`, `set`. */
export function isParticiple(word: string): boolean {
  if (PARTICIPLES.has(word)) return true;
  return word.endsWith('ed') && word.length > 3 && !NOT_PARTICIPLE.has(word) && VOWEL.test(word.slice(0, -2));
}

/**
 * Whether an event name ends in a past participle, looking past a trailing particle:
 * `checkout_completed`, `signed_in`, `set_up` do; `sign_in`, `checkout_start` do not.
 */
export function endsInParticiple(name: string): boolean {
  const parts = name.split('_');
  const last = parts.at(-1) ?? '';
  if (PARTICLES.has(last) && parts.length > 1) return isParticiple(parts.at(-2)!);
  return isParticiple(last);
}

/**
 * Suggests the past-participle form of an event name by changing its verb: the last word, or the
 * word before a trailing particle. `landing_view` -> `landing_viewed`, `sign_in` -> `signed_in`,
 * `user_signup` -> `user_signed_up`, `checkout_stop` -> `checkout_stopped`.
 */
export function pastTense(name: string): string {
  const parts = name.split('_');
  const last = parts.at(-1) ?? name;
  if (COMPOUNDS[last]) return [...parts.slice(0, -1), COMPOUNDS[last]].join('_');
  const verbAt = PARTICLES.has(last) && parts.length > 1 ? parts.length - 2 : parts.length - 1;
  if (isParticiple(parts[verbAt]!)) return name;
  parts[verbAt] = participleOf(parts[verbAt]!);
  return parts.join('_');
}
