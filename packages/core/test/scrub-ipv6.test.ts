import { describe, expect, it } from 'vitest';
import { scrubPii } from '../src/index.js';

// The text forms of RFC 4291 section 2.2, generated: (1) eight groups of 1-4 hex digits; (2) `::`
// standing for one or more groups of zeros, at the start, in the middle or at the end; (3) the
// last two groups written as a dotted IPv4 address, alone or with `::` anywhere before it.
const GROUPS = ['2001', 'db8', '0', 'AbCd', 'ffff', '00a0', '1', 'c0de'];
const V4 = '192.0.2.33';

function rfc4291Forms(): string[] {
  const forms = new Set<string>();
  for (const [groups, tail] of [
    [GROUPS, []],
    [GROUPS.slice(0, 6), [V4]],
  ] as const) {
    forms.add([...groups, ...tail].join(':'));
    for (let start = 0; start < groups.length; start++) {
      for (let end = start + 1; end <= groups.length; end++) {
        forms.add(`${groups.slice(0, start).join(':')}::${[...groups.slice(end), ...tail].join(':')}`);
      }
    }
  }
  // `::` alone (the unspecified address) is left out: it names no host, and `::` is common
  // outside addresses (C++, CSS).
  forms.delete('::');
  return [...forms];
}

// Where an address sits in text: the placeholder must take the whole address and nothing more.
const CONTEXTS = ['from %s ok', '%s', 'from %s.', 'from %s: denied', '(%s),', '[%s]:443', 'net %s/64', 'a\n%s\nb'];

describe('scrubPii on IPv6 addresses', () => {
  const forms = rfc4291Forms();

  it('generates every RFC 4291 text form (36 pure hex, 22 with a dotted IPv4 tail)', () => {
    expect(forms.length).toBe(36 + 22);
    expect(forms).toContain('2001:db8:0:AbCd:ffff:00a0:1::');
    expect(forms).toContain('::db8:0:AbCd:ffff:00a0:1:c0de');
    expect(forms).toContain('::192.0.2.33');
  });

  it.each(forms)('replaces %s whole, wherever it stands', (address) => {
    for (const context of CONTEXTS) {
      expect(scrubPii(context.replace('%s', address)), context).toBe(context.replace('%s', '[ip]'));
      expect(scrubPii(context.replace('%s', address.toUpperCase())), context).toBe(context.replace('%s', '[ip]'));
    }
  });

  it('replaces IPv4-mapped and translated addresses whole', () => {
    expect(scrubPii('from ::ffff:1.2.3.4 ok')).toBe('from [ip] ok');
    expect(scrubPii('::ffff:192.168.0.1')).toBe('[ip]');
    expect(scrubPii('64:ff9b::1.2.3.4')).toBe('[ip]');
    expect(scrubPii('a:b:c:d:e:f:1::')).toBe('[ip]');
    expect(scrubPii('1:2:3:4:5:6:7::, ::2:3:4:5:6:7:8')).toBe('[ip], [ip]');
  });

  it('keeps colon-separated text that is no IPv6 address', () => {
    const kept = [
      '00:1a:2b:3c:4d:5e',
      '00:1A:2B:3C:4D:5E',
      '14:46:05',
      '23:59:59.999',
      '1:02:03:04',
      '14:46',
      'a:b',
      '16:9',
      'a:hover',
      'li::marker',
      'p::before',
      'std::vector<int>',
      'dead:beef',
      'cafe:babe:f00d',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::1',
      '1:2:3:4:5:6:7:1.2.3.4',
      '::ffff:1.2.3.256',
      'http://localhost:3000',
      'fra1::abcd1-1733234567890-0123456789ab',
    ];
    for (const text of kept) expect(scrubPii(text)).toBe(text);
  });
});
