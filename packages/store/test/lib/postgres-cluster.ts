// A throwaway PostgreSQL cluster for tests and benches: initdb + pg_ctl in a temp dir, on a free
// loopback port, owned by the `postgres` OS user when we run as root (initdb refuses root).
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running throwaway cluster. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust authentication. */
  url: string;
  /** Stops the server and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
  /** The same, synchronously: for a process `exit` handler, where nothing asynchronous runs. */
  stopSync(): void;
}

export interface ClusterOptions {
  /**
   * Trade durability for speed (fsync, synchronous_commit and full_page_writes off): right for
   * tests, wrong for benchmarks that claim durable write figures.
   * @default true
   */
  fast?: boolean;
  /** Where to look for the binaries (tests of the not-installed case). */
  search?: BinarySearch;
}

/** Where {@link findPostgresBinaries} looks. */
export interface BinarySearch {
  /** @default process.env.PATH */
  path?: string;
  /** @default '/usr/lib/postgresql' */
  libRoot?: string;
}

export const INSTALL_HINT =
  'Install the PostgreSQL server with `sh scripts/setup-system.sh` (Debian: apt-get install -y postgresql), ' +
  'or point TAXON_TEST_DATABASE_URL at a server you own.';

/** The folder holding initdb, pg_ctl and postgres: PATH first, then the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBinaries(search: BinarySearch = {}): string | undefined {
  for (const dir of (search.path ?? process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = search.libRoot ?? '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, and initdb refuses root, but there is no `postgres` OS user to run it as. ' + INSTALL_HINT,
    );
  }
}

/** Starts a fresh cluster; throws a clear error (never skips) when PostgreSQL is not installed. */
export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBinaries(options.search);
  if (bin === undefined) {
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. ${INSTALL_HINT}`);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'taxon-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const execOptions = { cwd: dir, env: { ...process.env, LC_ALL: 'C' } };
  const pg = (tool: string, args: string[]) => run(...command(tool, args), execOptions);
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await pg('pg_ctl', stopArgs).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const stopSync = () => {
    if (started) {
      started = false;
      try {
        execFileSync(...command('pg_ctl', stopArgs), { ...execOptions, stdio: 'ignore' });
      } catch {
        // Already stopped.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=50'];
    if (options.fast !== false) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
    await pg('pg_ctl', ['-D', data, '-l', log, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
    started = true;
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, stopSync };
  } catch (error) {
    const serverLog = existsSync(log) ? `\nserver log:\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    await stop();
    throw new Error(`Could not start a throwaway PostgreSQL cluster with ${bin}: ${String(error)}${serverLog}`, { cause: error });
  }
}
