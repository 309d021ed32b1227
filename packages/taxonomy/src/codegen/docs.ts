import { eventParams, type ParamDef, type Taxonomy } from '../model.js';
import { header, type GenerateOptions } from './names.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const code = (text: string): string => `\`${text}\``;

function describeType(p: ParamDef): string {
  switch (p.type) {
    case 'enum':
      return `enum: ${p.values!.map(code).join(', ')}`;
    case 'bucket':
      return `bucket of ${code(p.bucket!.from)} (${p.bucket!.unit}): ${p.bucket!.labels.map(code).join(', ')}`;
    case 'pattern':
      return `pattern ${code(p.pattern!)}`;
    case 'number':
      return `number${p.min !== undefined ? ` >= ${p.min}` : ''}${p.max !== undefined ? ` <= ${p.max}` : ''}`;
    default:
      return p.type;
  }
}

/** `docs/tracking-plan.md`: the tracking plan for people: funnels, events by category, params, prices. */
export function emitDocs(taxonomy: Taxonomy, options: GenerateOptions): string {
  const events = [...taxonomy.events.values()];
  const usedBy = (param: string) => events.filter((e) => e.required.includes(param) || e.optional.includes(param));
  const out: string[] = [header(taxonomy, options, 'md')];
  out.push(`# Tracking plan: ${taxonomy.name} ${taxonomy.version}\n`);
  if (taxonomy.description) out.push(`${taxonomy.description}\n`);
  out.push(
    `${events.length} events (${events.filter((e) => e.owner === 'client').length} client, ${events.filter((e) => e.owner === 'server').length} server), ${taxonomy.params.size} params, ${taxonomy.funnels.size} funnels.\n`,
  );

  out.push('## Funnels\n');
  for (const f of taxonomy.funnels.values()) {
    out.push(`### ${f.name}\n\n${f.description} Window: ${f.window}.\n`);
    out.push(f.steps.map((s, i) => `${i + 1}. ${code(s)} (${taxonomy.events.get(s)?.owner ?? '?'})`).join('\n') + '\n');
  }

  out.push('## Events\n');
  const categories = [...new Set(events.map((e) => e.category))];
  for (const category of categories) {
    out.push(`### ${category}\n`);
    for (const e of events.filter((x) => x.category === category)) {
      out.push(`#### ${code(e.name)}\n\n${e.description}\n\nOwner: **${e.owner}**.\n`);
      const rows = eventParams(e);
      if (rows.length === 0) {
        out.push('No params.\n');
        continue;
      }
      out.push('| param | required | type |\n| --- | --- | --- |');
      out.push(
        rows
          .map(({ name: n, required }) => {
            const p = taxonomy.params.get(n);
            const name = p?.bucket ? `${code(n)} (pass ${code(p.bucket.from)})` : code(n);
            return `| ${name} | ${required ? 'yes' : 'no'} | ${p ? cell(describeType(p)) : '?'} |`;
          })
          .join('\n') + '\n',
      );
    }
  }

  out.push('## Params\n');
  out.push('| param | type | description | used by |\n| --- | --- | --- | --- |');
  out.push(
    [...taxonomy.params.values()]
      .map((p) => `| ${code(p.name)} | ${cell(describeType(p))} | ${cell(p.description)} | ${usedBy(p.name).length} events |`)
      .join('\n') + '\n',
  );

  if (taxonomy.prices) {
    const t = taxonomy.prices;
    out.push(`## Model prices\n\n${t.currency} per ${t.perTokens} tokens.\n`);
    out.push('| model | provider | effective | input | cached input | output | cache write |\n| --- | --- | --- | --- | --- | --- | --- |');
    out.push(
      t.models
        .flatMap((m) =>
          m.history.map(
            (p) => `| ${code(m.model)} | ${m.provider} | ${p.effective} | ${p.input} | ${p.cachedInput} | ${p.output} | ${p.cacheWrite ?? '-'} |`,
          ),
        )
        .join('\n') + '\n',
    );
  }
  return out.join('\n');
}
