import { windowToMs } from './buckets.js';
import { makeFinding, type Finding } from './findings.js';
import type { EventDef, FunnelDef, Lifecycle, ModelPrices, PriceTable, Taxonomy } from './model.js';
import { toParam } from './param.js';
import { compileAlert } from './alerts/compile-alerts.js';
import { parseDuration } from './alerts/duration.js';

/** Prometheus' default scrape interval, assumed when `scrape_interval` is not set. */
export const DEFAULT_SCRAPE_INTERVAL = '15s';
/** Prometheus' default retention (`--storage.tsdb.retention.time`), assumed when `retention` is not set. */
export const DEFAULT_RETENTION = '15d';
import { eventSchema, fileSchema, funnelSchema, paramSchema, pricesSchema } from './schema.js';
import { locate, parseSource, type ParsedFile, type SourceFile } from './source.js';
import { EXAMPLES, zodFindings } from './structure-findings.js';

export interface CompileResult {
  /** Present unless nothing could be read at all; may be partial when findings exist. */
  taxonomy: Taxonomy;
  /** Parse and structure findings. Lint rules add theirs separately (see `lintTaxonomy`). */
  findings: Finding[];
  parsed: ParsedFile[];
}

/** Copies `renamed_from` and `deprecated` onto a definition; a single former name becomes a list. */
function withLifecycle<T extends Lifecycle>(def: T, raw: { renamed_from?: string | string[] | undefined; deprecated?: string | undefined }): T {
  if (raw.renamed_from !== undefined) def.renamedFrom = typeof raw.renamed_from === 'string' ? [raw.renamed_from] : raw.renamed_from;
  if (raw.deprecated !== undefined) def.deprecated = raw.deprecated;
  return def;
}

function categoryOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

/**
 * Parses and structurally validates taxonomy files into one model. Never throws on bad input:
 * every problem becomes a finding with a position, and everything that is valid is kept so that
 * one run reports all findings.
 */
export function compileTaxonomy(sources: readonly SourceFile[]): CompileResult {
  const findings: Finding[] = [];
  const parsedFiles: ParsedFile[] = [];
  const taxonomy: Taxonomy = {
    name: '',
    version: '',
    description: '',
    params: new Map(),
    events: new Map(),
    funnels: new Map(),
    prices: undefined,
    alerts: new Map(),
    alerting: {
      scrapeInterval: DEFAULT_SCRAPE_INTERVAL,
      scrapeIntervalMs: parseDuration(DEFAULT_SCRAPE_INTERVAL),
      retention: DEFAULT_RETENTION,
      retentionMs: parseDuration(DEFAULT_RETENTION),
    },
    files: [],
    manifest: undefined,
    brokenNames: { params: new Map(), events: new Map() },
  };
  const firstSeen = new Map<string, ParsedFile>();

  const sorted = [...sources].sort((a, b) => a.path.localeCompare(b.path));
  for (const source of sorted) {
    taxonomy.files.push(source.path);
    const { parsed, findings: parseFindings } = parseSource(source);
    findings.push(...parseFindings);
    if (parsed) parsedFiles.push(parsed);
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const declares = (p: ParsedFile) => isObject(p.value) && ('taxonomy' in p.value || 'version' in p.value);
  // The manifest is taxonomy.yaml when it declares the name/version, else the first file that does.
  const manifest =
    parsedFiles.find((p) => declares(p) && /(^|[\\/])taxonomy\.ya?ml$/.test(p.file)) ?? parsedFiles.find(declares);

  for (const parsed of parsedFiles) {
    if (!isObject(parsed.value)) {
      findings.push(
        makeFinding({
          rule: 'schema/invalid-value',
          severity: 'error',
          at: locate(parsed, []),
          problem: 'The file must be a mapping of sections, not a list or a single value.',
          expected: 'top-level keys among taxonomy, version, description, params, events, funnels, prices, scrape_interval, retention, alerts',
          example: EXAMPLES.file!,
        }),
      );
      continue;
    }
    const top = fileSchema.safeParse(parsed.value);
    // Report structural problems of the file, then keep every section that is itself well formed:
    // one bad key must not hide the rest of the file (or cascade into "no manifest").
    if (!top.success) findings.push(...zodFindings(parsed, [], top.error, 'file'));
    const raw = parsed.value as Record<string, unknown>;
    const section = (name: string): Record<string, unknown> | undefined =>
      isObject(raw[name]) ? (raw[name] as Record<string, unknown>) : undefined;
    const str = (name: string): string => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
    const file = { params: section('params'), events: section('events'), funnels: section('funnels'), prices: raw.prices, alerts: section('alerts') };

    if (declares(parsed)) {
      if (parsed !== manifest) {
        findings.push(
          makeFinding({
            rule: 'ref/duplicate-definition',
            severity: 'error',
            at: locate(parsed, ['taxonomy' in raw ? 'taxonomy' : 'version']),
            problem: `The taxonomy name and version are already declared in ${manifest!.file}.`,
            expected: 'taxonomy, version and description in exactly one file, taxonomy.yaml',
          }),
        );
      } else {
        taxonomy.name = str('taxonomy');
        taxonomy.version = str('version');
        taxonomy.description = str('description');
        taxonomy.manifest = { file: parsed.file, versionAt: locate(parsed, ['version'], 'value') };
        for (const key of ['taxonomy', 'version', 'description'].filter((k) => !(k in raw))) {
          findings.push(
            makeFinding({
              rule: 'schema/missing-field',
              severity: 'error',
              at: locate(parsed, []),
              problem: `The manifest ${parsed.file} has no "${key}".`,
              expected: 'taxonomy (a name), version (semver) and description together',
              example: 'taxonomy: ai-writer\nversion: 1.0.0\ndescription: Events of the AI writing app.',
            }),
          );
        }
      }
    }

    const sourceOf = (section: string, name: string) => ({ file: parsed.file, path: [section, name], at: locate(parsed, [section, name]) });
    const duplicate = (section: string, name: string): boolean => {
      const key = `${section}:${name}`;
      const earlier = firstSeen.get(key);
      if (!earlier) {
        firstSeen.set(key, parsed);
        return false;
      }
      const where = locate(earlier, [section, name]);
      findings.push(
        makeFinding({
          rule: 'ref/duplicate-definition',
          severity: 'error',
          at: locate(parsed, [section, name]),
          problem: `${section.slice(0, -1)} "${name}" is already defined at ${where.file}:${where.line}:${where.column}.`,
          expected: 'each name defined once across all taxonomy files',
        }),
      );
      return true;
    };

    for (const [name, raw] of Object.entries(file.params ?? {})) {
      if (duplicate('params', name)) continue;
      const result = paramSchema.safeParse(raw);
      if (!result.success) {
        findings.push(...zodFindings(parsed, ['params', name], result.error, 'params'));
        taxonomy.brokenNames.params.set(name, sourceOf('params', name));
        continue;
      }
      const { def, findings: paramFindings } = toParam(parsed, name, result.data);
      findings.push(...paramFindings);
      if (def) taxonomy.params.set(name, withLifecycle(def, result.data));
      else taxonomy.brokenNames.params.set(name, sourceOf('params', name));
    }

    for (const [name, raw] of Object.entries(file.events ?? {})) {
      if (duplicate('events', name)) continue;
      const result = eventSchema.safeParse(raw);
      if (!result.success) {
        findings.push(...zodFindings(parsed, ['events', name], result.error, 'events'));
        taxonomy.brokenNames.events.set(name, sourceOf('events', name));
        continue;
      }
      const path = ['events', name];
      const event: EventDef = {
        name,
        file: parsed.file,
        path,
        at: locate(parsed, path),
        description: result.data.description,
        owner: result.data.owner,
        category: result.data.category ?? categoryOf(parsed.file),
        required: result.data.required ?? [],
        optional: result.data.optional ?? [],
      };
      taxonomy.events.set(name, withLifecycle(event, result.data));
    }

    for (const [name, raw] of Object.entries(file.funnels ?? {})) {
      if (duplicate('funnels', name)) continue;
      const result = funnelSchema.safeParse(raw);
      if (!result.success) {
        findings.push(...zodFindings(parsed, ['funnels', name], result.error, 'funnels'));
        continue;
      }
      const path = ['funnels', name];
      const funnel: FunnelDef = {
        name,
        file: parsed.file,
        path,
        at: locate(parsed, path),
        description: result.data.description,
        window: result.data.window,
        windowMs: windowToMs(result.data.window),
        steps: result.data.steps,
      };
      taxonomy.funnels.set(name, funnel);
    }

    for (const [name, raw] of Object.entries(file.alerts ?? {})) {
      if (duplicate('alerts', name)) continue;
      const { def, findings: alertFindings } = compileAlert(parsed, name, raw);
      findings.push(...alertFindings);
      if (def) taxonomy.alerts.set(name, def);
    }

    if (raw.scrape_interval !== undefined) {
      const at = locate(parsed, ['scrape_interval'], 'value');
      if (taxonomy.alerting.at) {
        findings.push(
          makeFinding({
            rule: 'ref/duplicate-definition',
            severity: 'error',
            at: locate(parsed, ['scrape_interval']),
            problem: `scrape_interval is already set at ${taxonomy.alerting.at.file}:${taxonomy.alerting.at.line}.`,
            expected: 'one scrape_interval, in taxonomy/alerts.yaml',
          }),
        );
      } else {
        const text = String(raw.scrape_interval);
        taxonomy.alerting = { ...taxonomy.alerting, scrapeInterval: text, scrapeIntervalMs: parseDuration(text), at };
      }
    }

    if (raw.retention !== undefined) {
      if (taxonomy.alerting.retentionAt) {
        findings.push(
          makeFinding({
            rule: 'ref/duplicate-definition',
            severity: 'error',
            at: locate(parsed, ['retention']),
            problem: `retention is already set at ${taxonomy.alerting.retentionAt.file}:${taxonomy.alerting.retentionAt.line}.`,
            expected: 'one retention, in taxonomy/alerts.yaml',
          }),
        );
      } else {
        const text = String(raw.retention);
        taxonomy.alerting = { ...taxonomy.alerting, retention: text, retentionMs: parseDuration(text), retentionAt: locate(parsed, ['retention'], 'value') };
      }
    }

    if (file.prices !== undefined) {
      if (taxonomy.prices) {
        findings.push(
          makeFinding({
            rule: 'ref/duplicate-definition',
            severity: 'error',
            at: locate(parsed, ['prices']),
            problem: 'A price table is already defined in another file.',
            expected: 'one prices section, in taxonomy/prices.yaml',
          }),
        );
      } else {
        const result = pricesSchema.safeParse(file.prices);
        if (!result.success) {
          findings.push(...zodFindings(parsed, ['prices'], result.error, 'prices'));
        } else {
          const models: ModelPrices[] = Object.entries(result.data.models).map(([model, entry]) => {
            const path = ['prices', 'models', model];
            return {
              model,
              file: parsed.file,
              path,
              at: locate(parsed, path),
              provider: entry.provider,
              history: entry.history.map((p) => ({
                effective: p.effective,
                input: p.input,
                cachedInput: p.cached_input,
                output: p.output,
                ...(p.cache_write !== undefined ? { cacheWrite: p.cache_write } : {}),
              })),
            };
          });
          const table: PriceTable = { currency: result.data.currency, perTokens: result.data.per_tokens, models };
          taxonomy.prices = table;
        }
      }
    }
  }

  if (!manifest && parsedFiles.length > 0) {
    const first = parsedFiles[0]!;
    findings.push(
      makeFinding({
        rule: 'schema/missing-field',
        severity: 'error',
        at: locate(first, []),
        problem: 'No file declares the taxonomy name and version.',
        expected: 'a taxonomy/taxonomy.yaml with taxonomy, version and description',
        example: 'taxonomy: ai-writer\nversion: 1.0.0\ndescription: Events of the AI writing app.',
      }),
    );
  }
  return { taxonomy, findings, parsed: parsedFiles };
}
