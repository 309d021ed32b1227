// A process killed between reserve and commit (SIGKILL: no finally, no exit handler) leaves a hold
// that nothing will ever close. After the TTL the sweeper expires it and the credit returns.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCreditLedger, type CreditLedger } from '../../src/index.js';
import { postgresUrl } from '../lib/postgres-backends.js';
import { createTestDatabase } from '../lib/postgres-database.js';

let database: { url: string; drop(): Promise<void> };
let dir: string;
let childScript: string;
beforeAll(async () => {
  database = await createTestDatabase(postgresUrl());
  dir = mkdtempSync(join(tmpdir(), 'taxon-credit-crash-'));
  // The child runs the ledger's current sources, bundled (the test does not depend on a build).
  childScript = join(dir, 'child.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures-reserve-and-hang.ts', import.meta.url))],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['pg-native', '@electric-sql/pglite'],
    logLevel: 'error',
  });
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function reserveInChildThenKill(accountId: string, key: string): Promise<{ id: string; exitSignal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, database.url, accountId, key], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hold: { id: string } | undefined;
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (hold === undefined && out.includes('\n')) {
        hold = JSON.parse(out.slice(0, out.indexOf('\n'))) as { id: string };
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (hold === undefined) reject(new Error(`The child exited before reserving: ${err}`));
      else resolve({ id: hold.id, exitSignal: signal });
    });
  });
}

it('a process SIGKILLed between reserve and commit leaves no permanent hold after the TTL (PostgreSQL)', async () => {
  let skew = 0;
  const now = () => new Date(Date.now() + skew);
  let ledger: CreditLedger | undefined;
  try {
    ledger = await openCreditLedger({ databaseUrl: database.url, now });
    await ledger.grant({ accountId: 'org_crash', amount: '3', idempotencyKey: 'g' });
    const killed = await reserveInChildThenKill('org_crash', 'req-killed');
    expect(killed.exitSignal).toBe('SIGKILL');
    // The dead process's hold is committed to the database and still holds its credit.
    expect(await ledger.balance({ accountId: 'org_crash' })).toMatchObject({ available: '2', held: '1', openHolds: 1 });
    expect(await ledger.sweepExpired()).toEqual({ expired: 0, grantsExpired: 0 });
    skew = 60_001; // past the child's 60 s TTL
    expect(await ledger.sweepExpired()).toEqual({ expired: 1, grantsExpired: 0 });
    expect(await ledger.balance({ accountId: 'org_crash' })).toMatchObject({ available: '3', held: '0', openHolds: 0 });
    await expect(ledger.commit(killed.id, '1')).rejects.toMatchObject({ code: 'hold_not_open' });
  } finally {
    await ledger?.close();
  }
});
