import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/io.js';
import { alertsHelp } from '../src/commands/alerts.js';
import { main } from '../src/main.js';

const reference = fileURLToPath(new URL('../../../taxonomy', import.meta.url));
let dir: string;
let out: string[];
let err: string[];
let io: CliIO;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'taxon-alerts-'));
  await cp(reference, join(dir, 'taxonomy'), { recursive: true });
  out = [];
  err = [];
  io = { cwd: dir, stdout: (t) => out.push(t), stderr: (t) => err.push(t), color: false };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('taxon alerts export', () => {
  it('prints the Prometheus rule file on stdout', async () => {
    expect(await main(['alerts', 'export', '--format', 'prometheus'], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('- alert: AiErrorRate');
    expect(text).toContain('severity: critical');
  });

  it('writes the Grafana dashboard to --out', async () => {
    expect(await main(['alerts', 'export', '--format', 'grafana', '--out', 'dashboard.json'], io)).toBe(0);
    const dashboard = JSON.parse(await readFile(join(dir, 'dashboard.json'), 'utf8')) as { __inputs: { name: string }[] };
    expect(dashboard.__inputs[0]!.name).toBe('DS_PROMETHEUS');
    expect(out.join('')).toBe('');
  });

  it('--test-windows scales windows and for', async () => {
    expect(await main(['alerts', 'export', '--format', 'prometheus', '--test-windows', '60'], io)).toBe(0);
    expect(out.join('')).toContain('rate(taxon_ai_errors_total[5s])');
    expect(await main(['alerts', 'export', '--format', 'prometheus', '--test-windows', '0.5'], io)).toBe(2);
  });

  it('--test-windows also scales baseline offsets and subquery steps, and its help says so', async () => {
    expect(await main(['alerts', 'export', '--format', 'prometheus', '--test-windows', '60'], io)).toBe(0);
    const text = out.join('');
    expect(text).toContain('offset 24m'); // ai_tokens_spike's 1d back, divided by 60
    expect(text).toMatch(/\[12h:24m\] offset 24m/); // ai_daily_cost_anomaly's [30d:1d] history after its 1d window
    const help = alertsHelp.replace(/\s+/g, ' ');
    expect(help).toMatch(/--test-windows <factor> TEST AID: divide every window, for, keep_firing_for, baseline offset and baseline subquery range and step by factor/);
  });

  it('a malformed alerts file exits 1 with the findings and leaves --out untouched', async () => {
    await writeFile(join(dir, 'rules.yml'), 'previous contents\n');
    const alerts = join(dir, 'taxonomy', 'alerts.yaml');
    await writeFile(alerts, (await readFile(alerts, 'utf8')).replace('metric: aiErrors', 'metric: aiErrorz'));
    expect(await main(['alerts', 'export', '--format', 'prometheus', '--out', 'rules.yml'], io)).toBe(1);
    expect(err.join('')).toMatch(/taxonomy\/alerts\.yaml:\d+:\d+ {2}error {2}alerts\/unknown-metric/);
    expect(await readFile(join(dir, 'rules.yml'), 'utf8')).toBe('previous contents\n');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('usage errors exit 2', async () => {
    expect(await main(['alerts', 'export', '--format', 'nagios'], io)).toBe(2);
    expect(await main(['alerts', 'import', '--format', 'prometheus'], io)).toBe(2);
    expect(await main(['alerts', 'export', '--format', 'prometheus', '--out', join(dir, 'missing', 'x.yml')], io)).toBe(2);
  });
});
