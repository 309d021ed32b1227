// scripts/setup-system.sh installs the PostgreSQL server the usage-log and collector suites need,
// the Chromium the browser tests drive, and Prometheus and InfluxDB for the metrics-export suites. Run here against fake apt-get/sudo/id commands on a
// PATH holding nothing else, so it is exercised without touching the machine's packages.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = new URL('../scripts/setup-system.sh', import.meta.url).pathname;

describe('scripts/setup-system.sh', () => {
  let dir: string;
  let bin: string;
  let lib: string;
  let calls: string;
  let chromium: string;
  let engines: string;

  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const setup = async () => {
    const { stdout } = await run('/bin/sh', [script], {
      env: {
        PATH: bin,
        TAXON_PG_LIB_ROOT: lib,
        TAXON_CHROMIUM: chromium,
        TAXON_PROMETHEUS: join(engines, 'prometheus'),
        TAXON_PROMTOOL: join(engines, 'promtool'),
        TAXON_INFLUXD: join(engines, 'influxd'),
        CALLS: calls,
        FAKE_LIB: lib,
      },
    });
    return stdout;
  };
  const placeEngines = (...names: string[]) => {
    for (const name of names) {
      writeFileSync(join(engines, name), '#!/bin/sh\n');
      chmodSync(join(engines, name), 0o755);
    }
  };
  const nothingToDo =
    'setup-system: PostgreSQL server already installed: nothing to do\n' +
    'setup-system: Chromium already installed: nothing to do\n' +
    'setup-system: Prometheus already installed: nothing to do\n' +
    'setup-system: InfluxDB already installed: nothing to do\n';
  const recorded = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxon-setup-system-'));
    bin = join(dir, 'bin');
    lib = join(dir, 'lib', 'postgresql');
    calls = join(dir, 'calls.log');
    chromium = join(dir, 'chromium');
    engines = join(dir, 'engines');
    mkdirSync(bin, { recursive: true });
    mkdirSync(engines, { recursive: true });
    for (const tool of ['env', 'mkdir', 'chmod']) {
      const target = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find((p) => existsSync(p))!;
      symlinkSync(target, join(bin, tool));
    }
    // Like Debian's package: the server lands in /usr/lib/postgresql/<version>/bin, not on PATH.
    fake(
      'apt-get',
      [
        'echo "apt-get $*" >> "$CALLS"',
        'case "$*" in *install*postgresql*)',
        '  mkdir -p "$FAKE_LIB/15/bin"',
        '  printf "#!/bin/sh\\n" > "$FAKE_LIB/15/bin/initdb"; printf "#!/bin/sh\\n" > "$FAKE_LIB/15/bin/pg_ctl"',
        '  chmod +x "$FAKE_LIB/15/bin/initdb" "$FAKE_LIB/15/bin/pg_ctl";;',
        'esac',
        `case "$*" in *install*chromium*) printf "#!/bin/sh\\n" > "${chromium}"; chmod +x "${chromium}";; esac`,
        `case "$*" in *install*prometheus*) for t in prometheus promtool; do printf "#!/bin/sh\\n" > "${engines}/$t"; chmod +x "${engines}/$t"; done;; esac`,
        `case "$*" in *install*influxdb*) printf "#!/bin/sh\\n" > "${engines}/influxd"; chmod +x "${engines}/influxd";; esac`,
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('installs postgresql, chromium, prometheus and influxdb in one apt-get run as root, then does nothing on a re-run', async () => {
    fake('id', 'echo 0');
    const first = await setup();
    expect(recorded()).toEqual(['apt-get update -q', 'apt-get install -y -q --no-install-recommends postgresql chromium prometheus influxdb']);
    expect(first).toContain('setup-system: installing postgresql chromium prometheus influxdb (apt-get)');
    expect(first).toContain('setup-system: PostgreSQL server installed');
    expect(first).toContain('setup-system: Chromium installed');
    expect(first).toContain('setup-system: Prometheus installed');
    expect(first).toContain('setup-system: InfluxDB installed');

    const second = await setup();
    expect(second).toBe(nothingToDo);
    expect(recorded()).toHaveLength(2);
  });

  it('installs only what is missing', async () => {
    fake('id', 'echo 0');
    fake('initdb', 'exit 0');
    fake('pg_ctl', 'exit 0');
    placeEngines('prometheus', 'promtool');
    expect(await setup()).toContain('setup-system: Chromium installed');
    expect(recorded()).toEqual(['apt-get update -q', 'apt-get install -y -q --no-install-recommends chromium influxdb']);
  });

  it('installs prometheus when promtool alone is missing', async () => {
    fake('id', 'echo 0');
    fake('initdb', 'exit 0');
    fake('pg_ctl', 'exit 0');
    writeFileSync(chromium, '#!/bin/sh\n');
    chmodSync(chromium, 0o755);
    placeEngines('prometheus', 'influxd');
    expect(await setup()).toContain('setup-system: Prometheus installed');
    expect(recorded()).toEqual(['apt-get update -q', 'apt-get install -y -q --no-install-recommends prometheus']);
  });

  it('goes through sudo when not root', async () => {
    fake('id', 'echo 1000');
    fake('sudo', 'echo "sudo $*" >> "$CALLS"; exec "$@"');
    await setup();
    expect(recorded()).toEqual([
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q',
      'apt-get update -q',
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql chromium prometheus influxdb',
      'apt-get install -y -q --no-install-recommends postgresql chromium prometheus influxdb',
    ]);
  });

  it('finds initdb and pg_ctl on PATH, Chromium and the engines in place without installing anything', async () => {
    fake('id', 'echo 0');
    fake('initdb', 'exit 0');
    fake('pg_ctl', 'exit 0');
    writeFileSync(chromium, '#!/bin/sh\n');
    chmodSync(chromium, 0o755);
    placeEngines('prometheus', 'promtool', 'influxd');
    expect(await setup()).toBe(nothingToDo);
    expect(recorded()).toEqual([]);
  });

  it('fails with what to install where there is no apt-get', async () => {
    fake('id', 'echo 0');
    rmSync(join(bin, 'apt-get'));
    const error = await setup().then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain("apt-get not found: install postgresql chromium prometheus influxdb with your system's package manager.");
  });
});
