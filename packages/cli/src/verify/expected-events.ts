import { didYouMean, type Taxonomy } from '@taxon/taxonomy';
import { VerifyError } from './verify-error.js';

/**
 * The events to look for: `--events a,b`, a funnel's steps, or by default every client event
 * (server events need a backend to run, so they are asked for explicitly).
 */
export function expectedEvents(taxonomy: Taxonomy, args: { events?: string | undefined; funnel?: string | undefined }): { events: string[]; what: string } {
  if (args.events !== undefined && args.funnel !== undefined) throw new VerifyError('Give --events or --funnel, not both.');
  if (args.funnel !== undefined) {
    const funnel = taxonomy.funnels.get(args.funnel);
    if (!funnel) {
      const hint = didYouMean(args.funnel, taxonomy.funnels.keys());
      throw new VerifyError(`Unknown funnel "${args.funnel}".${hint ? ` Did you mean "${hint}"?` : ''} Funnels: ${[...taxonomy.funnels.keys()].join(', ')}.`);
    }
    return { events: [...funnel.steps], what: `funnel ${args.funnel}` };
  }
  if (args.events !== undefined) {
    const events = [...new Set(args.events.split(',').map((e) => e.trim()).filter(Boolean))];
    if (events.length === 0) throw new VerifyError('--events is empty. Expected a comma-separated list, for example --events signup_started,signup_completed.');
    const unknown = events.filter((e) => !taxonomy.events.has(e));
    if (unknown.length > 0) {
      const hints = unknown.map((e) => {
        const hint = didYouMean(e, taxonomy.events.keys());
        return `"${e}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
      throw new VerifyError(`--events: not in the taxonomy: ${hints.join(', ')}.`);
    }
    return { events, what: 'the given events' };
  }
  const client = [...taxonomy.events.values()].filter((e) => e.owner === 'client').map((e) => e.name);
  return { events: client, what: 'every client event' };
}
