// Lint and codegen of a synthetic 2,000-event taxonomy. Goal (issue 2): each under 1 s on the
// 2-core CI machine. Baseline: parsing the same YAML text with the `yaml` package alone.
import { parse } from 'yaml';
import { defaultOutputs, generate, lintTaxonomy } from '../packages/taxonomy/dist/index.js';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../packages/cli/dist/index.js';
import { measure, ms, ratio, table, us } from './lib.mjs';

const EVENTS = 2000;
const PARAMS = 60;

function synthetic() {
  const params = ['params:'];
  for (let j = 0; j < PARAMS; j++) {
    params.push(`  param_${j}:`, `    description: Synthetic param ${j}.`, '    type: enum', `    values: [alpha_${j}, beta_${j}, gamma_${j}]`);
  }
  params.push('  size_bucket:', '    description: Synthetic bucket.', '    type: bucket', '    from: size_raw', '    unit: count', '    edges: [0, 10, 100, 1000]');
  const events = ['events:'];
  for (let i = 0; i < EVENTS; i++) {
    const verb = ['viewed', 'clicked', 'started', 'completed', 'failed'][i % 5];
    const required = [0, 1, 2].map((k) => `param_${(i + k * 7) % PARAMS}`);
    const optional = [`param_${(i + 31) % PARAMS}`, 'size_bucket'];
    events.push(`  step_${Math.floor(i / 5)}_${verb}:`, `    description: Synthetic event ${i}.`, '    owner: client', `    required: [${required.join(', ')}]`, `    optional: [${optional.join(', ')}]`);
  }
  const funnels = ['funnels:'];
  for (let f = 0; f < 20; f++) {
    funnels.push(`  funnel_${f}:`, `    description: Synthetic funnel ${f}.`, '    window: 7d', `    steps: [step_${f}_viewed, step_${f}_clicked, step_${f}_completed]`);
  }
  return [
    { path: 'taxonomy.yaml', contents: 'taxonomy: synthetic\nversion: 1.0.0\ndescription: Benchmark.\n' },
    { path: 'params.yaml', contents: params.join('\n') },
    { path: 'events.yaml', contents: events.join('\n') },
    { path: 'funnels.yaml', contents: funnels.join('\n') },
  ];
}

const sources = synthetic();
const check = lintTaxonomy(sources);
const errors = check.findings.filter((f) => f.severity === 'error');
if (errors.length > 0 || check.taxonomy.events.size !== EVENTS) {
  throw new Error(`synthetic taxonomy is not clean: ${errors.length} errors, ${check.taxonomy.events.size} events`);
}
const options = { outputs: defaultOutputs('out'), source: 'synthetic/' };
const bytes = sources.reduce((n, s) => n + s.contents.length, 0);

const base = await measure(() => sources.forEach((s) => parse(s.contents)));
const lint = await measure(() => lintTaxonomy(sources));
const gen = await measure(() => generate(check.taxonomy, options));

// End to end, as a user runs it: `taxon gen` reading the files, linting, generating, writing.
const project = mkdtempSync(join(tmpdir(), 'taxon-bench-'));
mkdirSync(join(project, 'taxonomy'));
for (const s of sources) writeFileSync(join(project, 'taxonomy', s.path), s.contents);
writeFileSync(join(project, 'taxon.config.json'), '{}');
const quiet = { cwd: project, color: false, stdout: () => {}, stderr: (t) => process.stderr.write(t) };
const cli = await measure(async () => {
  if ((await main(['gen'], quiet)) !== 0) throw new Error('taxon gen failed');
}, { runs: 5, warmup: 1 });
rmSync(project, { recursive: true, force: true });

table(`taxonomy: ${EVENTS} events, ${PARAMS + 1} params, ${(bytes / 1024).toFixed(0)} KiB of YAML (median of runs)`, [
  ['step', 'total', 'per event', 'vs yaml.parse', 'goal'],
  ['yaml.parse (baseline)', ms(base), us(base / EVENTS), '1.0x', ''],
  ['lint (parse+validate+rules)', ms(lint), us(lint / EVENTS), ratio(lint, base), lint < 1000 ? '< 1 s: met' : '< 1 s: MISSED'],
  ['codegen (pure emitters)', ms(gen), us(gen / EVENTS), ratio(gen, base), gen < 1000 ? '< 1 s: met' : '< 1 s: MISSED'],
  ['taxon gen end to end (read, lint, generate, write)', ms(cli), us(cli / EVENTS), ratio(cli, base), '(reported)'],
]);
