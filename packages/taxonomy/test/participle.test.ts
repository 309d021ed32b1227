import { describe, expect, it } from 'vitest';
import { lintTaxonomy } from '../src/index.js';
import { endsInParticiple, participleOf, pastTense } from '../src/rules/participle.js';

/** Base form -> past participle: the spelling rules of English and the irregular verbs analytics names use. */
const VERBS: Record<string, string> = {
  // regular
  view: 'viewed', click: 'clicked', open: 'opened', start: 'started', complete: 'completed',
  upload: 'uploaded', download: 'downloaded', search: 'searched', join: 'joined', load: 'loaded',
  visit: 'visited', edit: 'edited', offer: 'offered', enter: 'entered', order: 'ordered',
  listen: 'listened', happen: 'happened', limit: 'limited', check: 'checked', fix: 'fixed',
  sign: 'signed', opt: 'opted', connect: 'connected', request: 'requested', sync: 'synced',
  label: 'labeled', travel: 'traveled', follow: 'followed', snooze: 'snoozed',
  // a consonant doubled after one stressed short vowel
  stop: 'stopped', plan: 'planned', drop: 'dropped', ship: 'shipped', tap: 'tapped', log: 'logged',
  chat: 'chatted', pin: 'pinned', unpin: 'unpinned', skip: 'skipped', tag: 'tagged', scan: 'scanned',
  star: 'starred', flag: 'flagged', drag: 'dragged', zip: 'zipped', quiz: 'quizzed',
  submit: 'submitted', refer: 'referred', commit: 'committed', occur: 'occurred', prefer: 'preferred',
  transfer: 'transferred', permit: 'permitted', cancel: 'cancelled', equip: 'equipped', embed: 'embedded',
  // -e
  save: 'saved', share: 'shared', upgrade: 'upgraded', downgrade: 'downgraded', rate: 'rated',
  close: 'closed', create: 'created', delete: 'deleted', update: 'updated', invite: 'invited',
  agree: 'agreed', free: 'freed', tie: 'tied', subscribe: 'subscribed', purchase: 'purchased',
  // -y
  apply: 'applied', try: 'tried', copy: 'copied', reply: 'replied', verify: 'verified', deny: 'denied',
  retry: 'retried', notify: 'notified', modify: 'modified', play: 'played', delay: 'delayed',
  enjoy: 'enjoyed', obey: 'obeyed', deploy: 'deployed', replay: 'replayed',
  // irregular
  send: 'sent', begin: 'begun', pay: 'paid', buy: 'bought', see: 'seen', show: 'shown',
  choose: 'chosen', run: 'run', rerun: 'rerun', set: 'set', reset: 'reset', write: 'written',
  give: 'given', take: 'taken', make: 'made', find: 'found', lose: 'lost', win: 'won', sell: 'sold',
  spend: 'spent', leave: 'left', keep: 'kept', hold: 'held', build: 'built', do: 'done',
  undo: 'undone', go: 'gone', read: 'read', put: 'put', hide: 'hidden', forget: 'forgotten',
  withdraw: 'withdrawn', resend: 'resent', feed: 'fed', split: 'split', quit: 'quit', get: 'gotten',
};

/** Event names as written -> the suggestion. */
const NAMES: Record<string, string> = {
  sign_in: 'signed_in', log_in: 'logged_in', log_out: 'logged_out', check_out: 'checked_out',
  opt_in: 'opted_in', opt_out: 'opted_out', sign_up: 'signed_up', roll_back: 'rolled_back',
  user_sign_in: 'user_signed_in', landing_view: 'landing_viewed', checkout_start: 'checkout_started',
  payment_stop: 'payment_stopped', coupon_apply: 'coupon_applied', invite_send: 'invite_sent',
  trial_begin: 'trial_begun', invoice_pay: 'invoice_paid', file_share: 'file_shared',
  plan_upgrade: 'plan_upgraded', report_run: 'report_run', user_signup: 'user_signed_up',
  user_login: 'user_logged_in', cart_checkout: 'cart_checked_out', account_setup: 'account_set_up',
  login: 'logged_in', signup: 'signed_up',
};

describe('past participles', () => {
  it.each(Object.entries(VERBS))('%s -> %s', (verb, participle) => {
    expect(participleOf(verb)).toBe(participle);
    expect(endsInParticiple(`thing_${participle}`)).toBe(true);
    expect(endsInParticiple(`thing_${verb}`)).toBe(verb === participle);
  });

  it.each(Object.entries(NAMES))('suggests %s -> %s, and accepts the suggestion', (name, suggestion) => {
    expect(pastTense(name)).toBe(suggestion);
    expect(endsInParticiple(suggestion)).toBe(true);
    expect(pastTense(suggestion)).toBe(suggestion);
  });

  it('reads past a trailing particle: signed_in, set_up and opted_out are past, sign_in is not', () => {
    expect(['signed_in', 'set_up', 'opted_out', 'checked_out', 'rolled_back'].map(endsInParticiple)).toEqual([true, true, true, true, true]);
    expect(['sign_in', 'log_in', 'check_out', 'checkout_speed', 'pet_feed'].map(endsInParticiple)).toEqual([false, false, false, false, false]);
  });

  it('naming/tense suggests signed_in for sign_in, and accepts signed_in', () => {
    const lint = (name: string) =>
      lintTaxonomy([{
        path: 'taxonomy.yaml',
        contents: `taxonomy: t\nversion: 1.0.0\ndescription: T.\nevents:\n  ${name}:\n    description: D.\n    owner: client\n`,
      }]).findings.filter((f) => f.rule === 'naming/tense');
    const findings = lint('sign_in');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('Example: signed_in');
    expect(findings[0]!.message).not.toContain('sign_ined');
    expect(lint('signed_in')).toEqual([]);
    expect(lint('account_set_up')).toEqual([]);
    expect(lint('signup')[0]!.message).toContain('Example: signed_up');
  });
});
