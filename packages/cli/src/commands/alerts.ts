import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatFindingsText, hasErrors } from '@taxon/taxonomy';
import { renderGrafanaDashboard, renderPrometheusRules } from '@taxon/monitor';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { lintFolder } from './shared.js';

export const alertsHelp = `Usage: taxon alerts export --format prometheus|grafana [--out FILE] [--test-windows FACTOR]

Renders the alerts of the taxonomy (taxonomy/alerts.yaml) for the engines that evaluate and show
them:
  prometheus   a rule file for prometheus.yml "rule_files": one alerting rule per alert and
               severity, with for, keep_firing_for, labels (severity, taxon_alert and the alert's
               group-by labels) and summary/description annotations ({{ $value }}, {{ $labels.x }};
               the release comes from the external label "release")
  grafana      a dashboard (classic JSON) for Dashboards > Import: reliability, throughput and
               financial rows, the alerts' thresholds as lines; asks for the Prometheus datasource

The taxonomy is linted first: with errors, the findings are printed and nothing is written.

Options:
  --format prometheus|grafana   what to render (required)
  --out <file>                  write there (all or nothing) instead of stdout
  --test-windows <factor>       TEST AID: divide every window, for, keep_firing_for, baseline
                                offset and baseline subquery range and step by factor (60 turns
                                5m into 5s, and 7 days of same-hour history into 168 minutes) so
                                an end-to-end test sees an alert fire in seconds. Never deploy
                                such rules.
  --config <file>               config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 written, 1 lint errors in the taxonomy, 2 usage or I/O error.`;

export const alertsCommand: Command = {
  name: 'alerts',
  summary: 'alerts export   render the alert rules for Prometheus or as a Grafana dashboard',
  help: alertsHelp,
  options: { format: { type: 'string' }, out: { type: 'string' }, 'test-windows': { type: 'string' } },
  maxPositionals: 1,
  async run(io, { values, positionals }, config) {
    if (positionals[0] !== 'export') throw new UsageError(`Expected "taxon alerts export", got "taxon alerts ${positionals[0] ?? ''}".`);
    const format = values.format as string | undefined;
    if (format !== 'prometheus' && format !== 'grafana') throw new UsageError(`--format must be prometheus or grafana${format ? `, not "${format}"` : ''}.`);
    let timeScale = 1;
    if (values['test-windows'] !== undefined) {
      timeScale = Number(values['test-windows']);
      if (!Number.isFinite(timeScale) || timeScale < 1) throw new UsageError(`--test-windows must be a number of 1 or more (e.g. 60), not "${String(values['test-windows'])}".`);
    }
    const result = await lintFolder(config!, io.cwd);
    if (hasErrors(result.findings)) {
      io.stderr(`${formatFindingsText(result.findings.filter((f) => f.severity === 'error'))}\n\ntaxon alerts: the taxonomy has errors; nothing written.\n`);
      return EXIT.findings;
    }
    const alerts = [...result.taxonomy.alerts.values()];
    if (alerts.length === 0) io.stderr('taxon alerts: the taxonomy declares no alerts (add taxonomy/alerts.yaml).\n');
    const text = format === 'prometheus' ? renderPrometheusRules(alerts, { timeScale }) : renderGrafanaDashboard(alerts, { timeScale });
    const out = values.out as string | undefined;
    if (out === undefined) {
      io.stdout(text);
      return EXIT.ok;
    }
    const target = resolve(io.cwd, out);
    // Beside the target, then renamed: a reader never sees half a rule file.
    const tmp = `${target}.taxon-${process.pid}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw new UsageError(`Cannot write ${out}: ${(error as Error).message}`);
    }
    io.stderr(`taxon alerts: wrote ${out} (${alerts.length} alert${alerts.length === 1 ? '' : 's'}, ${format}).\n`);
    return EXIT.ok;
  },
};
