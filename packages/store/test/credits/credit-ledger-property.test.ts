// Model-based property test: random sequences of grants, reserves, commits, releases, retries,
// clock moves and sweeps run against the ledger and against a few lines of in-memory arithmetic
// (integer cents). After every step the ledger's balance must equal the model's, and
// available = granted - committed - held - expired.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditLedgerError } from '../../src/index.js';
import { backends, openHarness, type LedgerHarness } from './ledger-harness.js';

type Command =
  | { op: 'grant'; cents: number }
  | { op: 'grantExpiring'; cents: number; inMs: number }
  | { op: 'reserve'; cents: number; ttlMs: number }
  | { op: 'retryReserve'; pick: number }
  | { op: 'commit'; pick: number; quarters: number }
  | { op: 'release'; pick: number }
  | { op: 'advance'; ms: number }
  | { op: 'sweep' };

/** The longest hold TTL the commands use (and the harness default). */
const MAX_TTL_MS = 60_000;

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('grant' as const), cents: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ op: fc.constant('grantExpiring' as const), cents: fc.integer({ min: 1, max: 5_000 }), inMs: fc.constantFrom(1_000, 3_000, 40_000) }),
  fc.record({ op: fc.constant('reserve' as const), cents: fc.integer({ min: 1, max: 1_500 }), ttlMs: fc.constantFrom(1_000, 5_000, 60_000) }),
  fc.record({ op: fc.constant('retryReserve' as const), pick: fc.nat() }),
  // quarters 0..4 commit that many quarters of the hold; 5 is above the hold (refused).
  fc.record({ op: fc.constant('commit' as const), pick: fc.nat(), quarters: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(500, 2_000, 30_000) }),
  fc.constant({ op: 'sweep' as const }),
);

/** Integer cents as the ledger's canonical decimal string. */
function decimal(cents: number): string {
  const fraction = String(cents % 100).padStart(2, '0').replace(/0+$/, '');
  return `${Math.floor(cents / 100)}${fraction === '' ? '' : `.${fraction}`}`;
}

interface ModelHold {
  id: string;
  key: string;
  cents: number;
  expiresAt: number;
  state: 'open' | 'committed' | 'released' | 'expired';
  committed?: number;
}

async function codeOf(attempt: Promise<unknown>): Promise<string | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (!(error instanceof CreditLedgerError)) throw error;
    return error.code;
  }
}

describe.each(backends)('credit ledger model on $name', (backend) => {
  let h: LedgerHarness;
  beforeAll(async () => {
    h = await openHarness(backend, { holdTtlMs: 60_000 });
  });
  afterAll(async () => {
    await h.dispose();
  });

  let run = 0;
  it('at every point balance = grants - commits - open holds - expirations, as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 18 }), async (commands) => {
        const { ledger, clock } = h;
        run++;
        const accountId = `acct-${run}`;
        const holds: ModelHold[] = [];
        // Grants that may expire; an expired one forfeits its unspent part (soonest-expiring spent first).
        const grants: { cents: number; expiresAt: number; live: boolean }[] = [];
        let granted = 0;
        let committed = 0;
        let expired = 0;
        // The account exists from its first grant.
        await ledger.grant({ accountId, amount: '1', idempotencyKey: `${accountId}-g0` });
        granted += 100;
        const held = () => holds.filter((x) => x.state === 'open').reduce((n, x) => n + x.cents, 0);
        const available = () => granted - committed - held() - expired;
        const expireDue = () => {
          const now = clock.now().getTime();
          for (const x of holds) if (x.state === 'open' && x.expiresAt <= now) x.state = 'expired';
          const due = grants.filter((g) => g.live && g.expiresAt <= now).sort((a, b) => a.expiresAt - b.expiresAt);
          for (const g of due) {
            const others = grants.filter((o) => o.live && o !== g).reduce((n, o) => n + o.cents, 0) + permanent;
            expired += Math.max(0, Math.min(g.cents, available() - others));
            g.live = false;
          }
        };
        let permanent = 100;
        try {
          for (const [step, c] of commands.entries()) {
            const pick = (n: number) => holds[n % holds.length];
            if (c.op === 'grant') {
              await ledger.grant({ accountId, amount: decimal(c.cents), idempotencyKey: `${accountId}-g${step + 1}` });
              granted += c.cents;
              permanent += c.cents;
            } else if (c.op === 'grantExpiring') {
              const expiresAt = new Date(clock.now().getTime() + c.inMs);
              await ledger.grant({ accountId, amount: decimal(c.cents), idempotencyKey: `${accountId}-g${step + 1}`, expiresAt });
              granted += c.cents;
              grants.push({ cents: c.cents, expiresAt: expiresAt.getTime(), live: true });
            } else if (c.op === 'reserve') {
              expireDue();
              const attempt = ledger.reserve({ accountId, amount: decimal(c.cents), idempotencyKey: `${accountId}-r${step}`, ttlMs: c.ttlMs });
              if (available() < c.cents) {
                expect(await codeOf(attempt)).toBe('insufficient_credits');
              } else {
                const r = await attempt;
                holds.push({ id: r.id, key: r.idempotencyKey, cents: c.cents, expiresAt: clock.now().getTime() + c.ttlMs, state: 'open' });
              }
            } else if (c.op === 'retryReserve') {
              const x = pick(c.pick);
              if (!x) continue;
              expireDue();
              expect((await ledger.reserve({ accountId, amount: decimal(x.cents), idempotencyKey: x.key })).id).toBe(x.id);
            } else if (c.op === 'commit') {
              const x = pick(c.pick);
              if (!x) continue;
              const actual = Math.floor((x.cents * c.quarters) / 4);
              const attempt = ledger.commit(x.id, decimal(actual));
              if (x.state === 'committed') {
                expect(await codeOf(attempt)).toBe(actual === x.committed ? undefined : 'idempotency_conflict');
              } else if (x.state !== 'open') {
                expect(await codeOf(attempt)).toBe('hold_not_open');
              } else if (actual > x.cents) {
                expect(await codeOf(attempt)).toBe('invalid_amount');
              } else {
                expect((await attempt).returned).toBe(decimal(x.cents - actual));
                x.state = 'committed';
                x.committed = actual;
                committed += actual;
              }
            } else if (c.op === 'release') {
              const x = pick(c.pick);
              if (!x) continue;
              const attempt = ledger.release(x.id, 'property');
              if (x.state === 'open' || x.state === 'released') {
                expect((await attempt).released).toBe(decimal(x.cents));
                x.state = 'released';
              } else {
                expect(await codeOf(attempt)).toBe('hold_not_open');
              }
            } else if (c.op === 'advance') {
              clock.advance(c.ms);
            } else {
              const due = holds.filter((x) => x.state === 'open' && x.expiresAt <= clock.now().getTime()).length;
              // Exact: every earlier run closed its holds, so only this account's due holds are swept.
              expect((await ledger.sweepExpired()).expired).toBe(due);
            }
            // The balance expires what is due, as the model does here.
            expireDue();
            const b = await ledger.balance({ accountId });
            const open = holds.filter((x) => x.state === 'open');
            expect(b).toEqual({
              accountId,
              available: decimal(available()),
              granted: decimal(granted),
              committed: decimal(committed),
              held: decimal(held()),
              expired: decimal(expired),
              openHolds: open.length,
            });
          }
        } finally {
          // Close every hold this run left open (past any TTL), so the next run's sweep counts only its own.
          clock.advance(MAX_TTL_MS + 1);
          await ledger.sweepExpired();
        }
      }),
      {
        numRuns: backend.name === 'pglite' ? 60 : 40,
        // Always run: an expiring grant partly spent (held) when it expires forfeits only the rest.
        examples: [[[
          { op: 'grantExpiring', cents: 1, inMs: 1_000 },
          { op: 'reserve', cents: 1, ttlMs: 60_000 },
          { op: 'advance', ms: 2_000 },
        ]]],
      },
    );
  });
});
