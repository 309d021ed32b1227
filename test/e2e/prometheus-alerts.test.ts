// The monitoring chain end to end, with the real engine: a Prometheus server (Debian's 2.42, see
// scripts/setup-system.sh) scrapes the demo's /api/metrics while the demo's AI provider times out
// (scenario `timeout`), and evaluates the rule file `taxon alerts export --format prometheus`
// renders from taxonomy/alerts.yaml. The AI error-rate alert must go pending, then firing. The
// rules are rendered with --test-windows 60 (5m windows become 5s) so this takes seconds; the
// expressions, labels and annotations are the ones a deployment gets. Browser-free: it uses the
// run's demo stack over HTTP only.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pollUntil, startPrometheus, tempDir, type Engine } from '../../packages/monitor/test/engines/engine-process.js';
import { ROOT } from './lib/stack.js';

const run = promisify(execFile);

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

describe('Prometheus scrapes the demo and fires the AI error-rate alert', () => {
  const { demoUrl } = inject('e2eStack');
  const dir = tempDir('prometheus-e2e');
  let prometheus: Engine | undefined;
  let api = '';
  let load: Promise<void> | undefined;
  let stopLoad = false;

  beforeAll(async () => {
    const rules = join(dir.path, 'taxon-rules.yml');
    await run(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), 'alerts', 'export', '--format', 'prometheus', '--test-windows', '60', '--out', rules], { cwd: ROOT });
    const target = new URL(demoUrl);
    ({ engine: prometheus, api } = await startPrometheus(
      dir.path,
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s, external_labels: { release: e2e } }',
        `rule_files: ['${rules}']`,
        'scrape_configs:',
        '  - job_name: demo',
        '    metrics_path: /api/metrics',
        `    static_configs: [{ targets: ['${target.host}'] }]`,
      ].join('\n'),
    ));
  });

  afterAll(async () => {
    stopLoad = true;
    await load;
    await prometheus?.stop();
    dir.remove();
  });

  /** One generation in `scenario`, as a paying user with its own id (no credit or limit applies). */
  const generate = (scenario: string, n: number) =>
    fetch(`${demoUrl}/api/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-scenario': scenario },
      body: JSON.stringify({ feature: 'rewrite', model: 'gpt-4.1-mini', prompt: 'Rewrite this, please.', userId: `prom_e2e_${scenario}_${n}`, planType: 'pro' }),
    }).then((response) => response.status);

  async function alerts(): Promise<PromAlert[]> {
    const body = (await (await fetch(`${api}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts.filter((a) => a.labels['alertname'] === 'ai_error_rate' || a.labels['taxon_alert'] === 'ai_error_rate');
  }

  it('loads the exported rules', async () => {
    const body = (await (await fetch(`${api}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const rules = body.data.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.health === 'err')).toEqual([]);
  });

  it('sees the timeouts and moves the alert from inactive to pending to firing', async () => {
    // Healthy traffic first: the series exist, and the alert is not active.
    expect(await Promise.all([0, 1, 2].map((n) => generate('normal', n)))).toEqual([200, 200, 200]);
    await pollUntil('the demo scraped with a successful generation', async () => {
      const q = await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent('sum(taxon_ai_generations_total{outcome="success"})')}`)).json() as { data: { result: { value: [number, string] }[] } };
      return Number(q.data.result[0]?.value[1] ?? 0) >= 3 ? true : undefined;
    });
    expect(await alerts()).toEqual([]);

    // Then the provider times out: batches of concurrent calls, each aborted after the demo's
    // timeout, until the test has seen what it waits for.
    let n = 0;
    const statuses: number[] = [];
    load = (async () => {
      while (!stopLoad) statuses.push(...(await Promise.all([0, 1, 2, 3].map(() => generate('timeout', n++)))));
    })();

    const states: string[] = [];
    const firing = await pollUntil(
      'ai_error_rate firing',
      async () => {
        const active = await alerts();
        for (const a of active) if (states.at(-1) !== a.state) states.push(a.state);
        return active.find((a) => a.state === 'firing');
      },
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; states seen: ${states.join(' -> ')}\n${prometheus?.output().slice(-3000)}`);
    });
    stopLoad = true;
    await load;

    expect(states[0]).toBe('pending');
    expect(states).toContain('firing');
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s < 400)).toEqual([]);
    expect(firing.labels).toMatchObject({ feature: 'rewrite', model: 'gpt-4.1-mini' });
    expect(['warning', 'critical']).toContain(firing.labels['severity']);
    expect(Number(firing.value)).toBeGreaterThan(0.07);
    expect(firing.annotations['summary']).toMatch(/AI error rate .* rewrite .* gpt-4\.1-mini .*release e2e/);
    // The reason is on the demo's own metric: every failure was a timeout.
    const q = (await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent('sum by (error_type) (taxon_ai_errors_total)')}`)).json()) as {
      data: { result: { metric: { error_type: string } }[] };
    };
    expect(q.data.result.map((r) => r.metric.error_type)).toEqual(['ai_timeout']);
    // The route's latency is its own series, under the route name the registry declares (a name
    // outside the declared list would be `_OTHER`).
    const routes = (await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent('sum by (http_route, status_class) (taxon_http_route_duration_seconds_count)')}`)).json()) as {
      data: { result: { metric: { http_route: string; status_class: string } }[] };
    };
    expect(routes.data.result.map((r) => r.metric).filter((m) => m.http_route === '/api/generate').map((m) => m.status_class).sort()).toEqual(['2xx', '5xx']);
  });
});
