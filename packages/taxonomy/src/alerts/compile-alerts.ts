import type { Finding } from '../findings.js';
import { locate, type ParsedFile } from '../source.js';
import { zodFindings } from '../structure-findings.js';
import { parseDuration } from './duration.js';
import type { AlertDef, AlertSignal, MetricSelector } from './model.js';
import { alertSchema } from './schema.js';

type Path = readonly (string | number)[];

function selector(raw: { metric: string; where?: Record<string, string | string[]> | undefined }, path: Path): MetricSelector {
  const where: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw.where ?? {})) where[key] = Array.isArray(value) ? value : [value];
  return { metric: raw.metric, where, path };
}

/** Parses one `alerts.<name>` entry; structural problems become findings and no definition. */
export function compileAlert(parsed: ParsedFile, name: string, raw: unknown): { def?: AlertDef; findings: Finding[] } {
  const result = alertSchema.safeParse(raw);
  if (!result.success) return { findings: zodFindings(parsed, ['alerts', name], result.error, 'alerts') };
  const a = result.data;
  const path = ['alerts', name];
  const s = a.signal;
  const at = (...rest: (string | number)[]) => [...path, 'signal', ...rest];
  let signal: AlertSignal;
  if (s.ratio) {
    signal = { kind: 'ratio', numerator: selector(s.ratio.numerator, at('ratio', 'numerator')), denominator: selector(s.ratio.denominator, at('ratio', 'denominator')) };
  } else if (s.quantile) {
    signal = { kind: 'quantile', quantile: s.quantile.q, of: selector(s.quantile, at('quantile')) };
  } else if (s.rate) {
    const per = String(s.rate.per ?? '1m');
    signal = { kind: 'rate', of: selector(s.rate, at('rate')), per, perMs: parseDuration(per) };
  } else if (s.increase) {
    signal = { kind: 'increase', of: selector(s.increase, at('increase')) };
  } else {
    signal = { kind: 'gauge', of: selector(s.gauge!, at('gauge')), aggregate: s.gauge!.aggregate ?? 'max' };
  }
  const def: AlertDef = {
    name,
    file: parsed.file,
    path,
    at: locate(parsed, path),
    description: a.description,
    signal,
    window: String(a.window),
    windowMs: parseDuration(a.window),
    condition: a.condition,
    labels: a.labels ?? [],
    levels: Object.entries(a.severity).map(([severity, level]) => ({
      severity,
      threshold: level.threshold,
      for: String(level.for),
      forMs: parseDuration(level.for),
      at: locate(parsed, [...path, 'severity', severity]),
    })),
    summary: a.summary,
    display: a.display ?? 'number',
  };
  if (a.baseline?.type === 'same_hour') {
    const b = a.baseline;
    def.baseline = { type: 'same_hour', days: b.days, compare: b.compare, minBaseline: b.min_baseline };
  }
  else if (a.baseline) {
    const b = a.baseline;
    def.baseline = { type: 'average', over: String(b.over), overMs: parseDuration(b.over), step: String(b.step), stepMs: parseDuration(b.step), compare: 'zscore', minStddev: b.min_stddev };
  }
  if (a.keep_firing_for !== undefined) {
    def.keepFiringFor = String(a.keep_firing_for);
    def.keepFiringForMs = parseDuration(a.keep_firing_for);
  }
  if (a.runbook_url !== undefined) def.runbookUrl = a.runbook_url;
  return { def, findings: [] };
}
