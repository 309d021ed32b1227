// taxon diff on a synthetic 2,000-event taxonomy. Baseline: lintTaxonomy of one side (what the CLI
// does twice before diffing). Cases: identical sides, and a head where every event is renamed
// (the worst case for rename detection), with 20 funnels following the renames.
import { diffTaxonomies, lintTaxonomy, renderMarkdown } from '../packages/taxonomy/dist/index.js';
import { measure, ms, ratio, table } from './lib.mjs';

const EVENTS = 2000;
const PARAMS = 60;
function synthetic(prefix, version) {
  const params = ['params:'];
  for (let j = 0; j < PARAMS; j++) params.push(`  param_${j}:`, `    description: Synthetic param ${j}.`, '    type: enum', `    values: [alpha_${j}, beta_${j}, gamma_${j}]`);
  const events = ['events:'];
  for (let i = 0; i < EVENTS; i++) {
    const verb = ['viewed', 'clicked', 'started', 'completed', 'failed'][i % 5];
    const required = [0, 1, 2].map((k) => `param_${(i + k * 7) % PARAMS}`);
    events.push(`  ${prefix}_${Math.floor(i / 5)}_${verb}:`, `    description: Synthetic event ${i}.`, '    owner: client', `    required: [${required.join(', ')}]`, `    optional: [param_${(i + 31) % PARAMS}]`);
  }
  const funnels = ['funnels:'];
  for (let f = 0; f < 20; f++) funnels.push(`  funnel_${f}:`, `    description: Synthetic funnel ${f}.`, '    window: 7d', `    steps: [${prefix}_${f}_viewed, ${prefix}_${f}_clicked, ${prefix}_${f}_completed]`);
  return [
    { path: 'taxonomy.yaml', contents: `taxonomy: synthetic\nversion: ${version}\ndescription: Benchmark.\n` },
    { path: 'params.yaml', contents: params.join('\n') },
    { path: 'events.yaml', contents: events.join('\n') },
    { path: 'funnels.yaml', contents: funnels.join('\n') },
  ];
}
const baseSources = synthetic('step', '1.0.0');
const base = lintTaxonomy(baseSources).taxonomy;
const same = lintTaxonomy(synthetic('step', '1.0.0')).taxonomy;
const renamed = lintTaxonomy(synthetic('stage', '2.0.0')).taxonomy;
const report = diffTaxonomies(base, renamed);
const suspected = report.changes.filter((c) => c.rule === 'event-rename-suspected').length;

const lint = await measure(() => lintTaxonomy(baseSources));
const identical = await measure(() => diffTaxonomies(base, same));
const allRenamed = await measure(() => diffTaxonomies(base, renamed));
const render = await measure(() => renderMarkdown(report));
table(`taxon diff: ${EVENTS} events (median of runs)`, [
  ['step', 'total', 'vs lint of one side'],
  ['lintTaxonomy, one side (baseline)', ms(lint), '1.0x'],
  ['diff, identical sides', ms(identical), ratio(identical, lint)],
  [`diff, every event renamed (${suspected} suspected renames found)`, ms(allRenamed), ratio(allRenamed, lint)],
  [`renderMarkdown of that report (${report.changes.length} changes)`, ms(render), ratio(render, lint)],
]);
