// A child process for the crash test: reserves one credit on the server given in argv, prints the
// hold as one JSON line, then hangs until the test kills it with SIGKILL (no cleanup can run).
import { openCreditLedger } from '../../src/index.js';

async function main(): Promise<void> {
  const [databaseUrl, accountId, key] = process.argv.slice(2);
  const ledger = await openCreditLedger({ databaseUrl: databaseUrl!, holdTtlMs: 60_000 });
  const hold = await ledger.reserve({ accountId: accountId!, amount: '1', idempotencyKey: key! });
  process.stdout.write(`${JSON.stringify(hold)}\n`);
  setInterval(() => {}, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
