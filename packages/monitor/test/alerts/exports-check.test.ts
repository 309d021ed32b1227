import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { grafanaDashboard, renderGrafanaDashboard, renderPrometheusRules } from '@taxon/monitor';
import type { AlertDef } from '@taxon/taxonomy';
import { promtool, referenceAlerts } from './promtool.js';

let alerts: AlertDef[];
beforeAll(async () => {
  alerts = await referenceAlerts();
});

const check = (rules: string) => promtool((dir) => ['check', 'rules', `${dir}/rules.yml`], { 'rules.yml': rules });

describe('the Prometheus rule file', () => {
  it('passes promtool check rules: one alerting rule per alert and level', async () => {
    const result = await check(renderPrometheusRules(alerts));
    expect(result.output).toContain(`SUCCESS: ${alerts.length * 2} rules found`);
    expect(result.code).toBe(0);
  });

  it('with --test-windows every duration shrinks, and the file still passes', async () => {
    const text = renderPrometheusRules(alerts, { timeScale: 60 });
    expect(text).toContain('TEST WINDOWS');
    expect(text).toContain('rate(taxon_ai_errors_total[5s])');
    expect(text).toMatch(/alert: AiErrorRate\n\s+expr: .*\n\s+for: 5s\n\s+keep_firing_for: 5s/);
    const result = await check(text);
    expect(result.code, result.output).toBe(0);
  });

  it('promtool rejects a broken rule file (the check is real)', async () => {
    const broken = renderPrometheusRules(alerts).replace('rate(taxon_ai_errors_total[5m])', 'rate(taxon_ai_errors_total[5m]');
    expect((await check(broken)).code).not.toBe(0);
  });
});

describe('the Grafana dashboard', () => {
  it('is what an import needs: the datasource input used by every panel and query', () => {
    const dashboard = JSON.parse(renderGrafanaDashboard(alerts)) as ReturnType<typeof grafanaDashboard> & { panels: any[]; __inputs: any[]; __requires: any[] };
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    const required = dashboard.__requires.map((r) => `${r.type}:${r.id}`);
    expect(required).toEqual(expect.arrayContaining(['grafana:grafana', 'datasource:prometheus']));
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(required).toContain(`panel:${panel.type}`);
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
      for (const target of panel.targets) expect(target.datasource.uid).toBe('${DS_PROMETHEUS}');
    }
    expect(dashboard.id).toBeNull();
  });

  it('has unique panel ids and non-overlapping panels within 24 columns', () => {
    const { panels } = grafanaDashboard(alerts) as { panels: { id: number; gridPos: { x: number; y: number; w: number; h: number } }[] };
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    const cells = new Set<string>();
    for (const { gridPos: g } of panels) {
      expect(g.x).toBeGreaterThanOrEqual(0);
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `cell ${x},${y} is covered twice`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it("lays out seed 000's screen with the alerts' thresholds, revenue and margin pending", () => {
    const { panels } = grafanaDashboard(alerts) as { panels: any[] };
    expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Reliability', 'Throughput', 'Financial']);
    const byTitle = new Map(panels.map((p) => [p.title, p]));
    for (const title of ['AI latency p95', 'AI error rate', 'API response time p95', 'Generations per minute', 'Tokens per minute', 'MP queue size', 'AI cost per day']) {
      expect(byTitle.get(title)?.targets, title).toHaveLength(1);
    }
    expect(byTitle.get('AI error rate').fieldConfig.defaults.thresholds.steps).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 0.03 },
      { color: 'red', value: 0.07 },
    ]);
    expect(byTitle.get('AI latency p95').fieldConfig.defaults.unit).toBe('s');
    const pending = panels.filter((p) => /pending revenue tracking/.test(p.title));
    expect(pending.map((p) => p.targets.length)).toEqual([0, 0]);
  });

  it('a `below` alert colours healthy values green: red base, orange from critical, green from warning', () => {
    const latency = alerts.find((a) => a.name === 'ai_latency_p95')!;
    // The same alert turned around: fires when throughput-like values fall below 2 (warning) and 1 (critical).
    const below: AlertDef = {
      ...latency,
      condition: 'below',
      levels: latency.levels.map((l) => ({ ...l, threshold: l.severity === 'warning' ? 2 : 1 })),
    };
    const { panels } = grafanaDashboard([below]) as { panels: any[] };
    const steps = panels.find((p) => p.title === 'AI latency p95').fieldConfig.defaults.thresholds.steps;
    expect(steps).toEqual([
      { color: 'red', value: null },
      { color: 'orange', value: 1 },
      { color: 'green', value: 2 },
    ]);
  });

  it("every panel's PromQL is accepted by promtool (as recording rules)", async () => {
    const { panels } = grafanaDashboard(alerts) as { panels: { targets?: { expr: string }[] }[] };
    const exprs = panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    expect(exprs.length).toBeGreaterThanOrEqual(7);
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `taxon:dashboard_panel_${i}`, expr })) }] };
    const result = await check(stringify(rules, { lineWidth: 0 }));
    expect(result.output).toContain(`SUCCESS: ${exprs.length} rules found`);
  });
});
