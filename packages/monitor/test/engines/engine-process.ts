// Starting and stopping a real engine (prometheus, influxd) for a test: a free 127.0.0.1 port, a
// temporary directory, readiness polled over HTTP (never a fixed sleep), output kept for failures.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export function tempDir(name: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `taxon-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Polls `check` until it returns a value (not undefined), with a short pause between attempts,
 * up to `timeoutMs`; fails with `what` and the last error.
 */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Engine {
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command`, keeping its output; `stop()` sends SIGTERM and waits for the exit. */
export function startEngine(command: string, args: readonly string[]): Engine {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Starts a real Prometheus (`TAXON_PROMETHEUS`, default /usr/bin/prometheus) with `config` written
 * to `dir/prometheus.yml` and its data in `dir/data`, on a free 127.0.0.1 port, and waits until it
 * is ready. Returns the engine and its API base URL.
 */
export async function startPrometheus(dir: string, config: string): Promise<{ engine: Engine; api: string }> {
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const engine = startEngine(process.env.TAXON_PROMETHEUS ?? '/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  await pollUntil(`Prometheus ready on ${api}`, async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined)).catch(async (error: Error) => {
    const output = engine.output();
    await engine.stop();
    throw new Error(`${error.message}\n${output}`);
  });
  return { engine, api };
}
