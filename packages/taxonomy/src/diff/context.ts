import { didYouMean } from '../didyoumean.js';
import type { DefinitionSource, EventDef, Taxonomy } from '../model.js';
import type { DiffChange, DiffPosition, FunnelImpact } from './types.js';

/** A change as a rule module reports it, before its classification and severity are applied. */
export type Draft = Pick<DiffChange, 'rule' | 'subject' | 'title' | 'at' | 'events' | 'funnels'> &
  Partial<Pick<DiffChange, 'producer' | 'consumer'>>;

/** Both sides, and how names on the base side map to names on the head side. */
export interface DiffContext {
  base: Taxonomy;
  head: Taxonomy;
  /** Declared event renames, base name -> head name. */
  eventRenames: Map<string, string>;
  /** Suspected event renames (same params, similar name), base name -> head name. */
  suspectedRenames: Map<string, string>;
  /** Declared param renames, base name -> head name. */
  paramRenames: Map<string, string>;
  /** Drafts about the rename declarations themselves (`rename-declaration-ignored`). */
  renameFindings: Draft[];
}

/** `code` in Markdown; the renderers keep it, the GitHub renderer strips the backticks. */
export const code = (name: string): string => `\`${name}\``;

export function position(def: DefinitionSource, side: DiffPosition['side']): DiffPosition {
  return { side, file: def.at.file, line: def.at.line, column: def.at.column };
}

/** The funnels (of one side) that have `event` as a step. */
export function funnelImpacts(taxonomy: Taxonomy, event: string): FunnelImpact[] {
  return [...taxonomy.funnels.values()]
    .filter((f) => f.steps.includes(event))
    .map((f) => ({ funnel: f.name, step: f.steps.indexOf(event) + 1, steps: f.steps.length }));
}

/** Events (of one side) that list `param` as required or optional. */
export function eventsCarrying(taxonomy: Taxonomy, param: string): string[] {
  return [...taxonomy.events.values()]
    .filter((e) => e.required.includes(param) || e.optional.includes(param))
    .map((e) => e.name);
}

/** A readable list: `a`, `b` and `c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The object of an event name (all but its last word): `checkout` of `checkout_started`. */
const stem = (name: string): string => name.split('_').slice(0, -1).join('_');
/** The action of an event name (its last word): `started` of `checkout_started`. */
const action = (name: string): string => name.split('_').at(-1)!;
/** Whether the objects of two names share a word: `landing` in `landing_viewed`, `landing_page_viewed`. */
function sharesObjectWord(a: string, b: string): boolean {
  const words = new Set(stem(a).split('_').filter(Boolean));
  return stem(b).split('_').some((w) => words.has(w));
}

/** The sorted param names of an event, with base names mapped through declared param renames. */
function paramSet(event: EventDef, renames?: ReadonlyMap<string, string>): string {
  return [...event.required, ...event.optional].map((p) => renames?.get(p) ?? p).sort().join(',');
}

/**
 * Works out renames. A declaration (`renamed_from: old` on a head definition) counts when `old`
 * is in the base and gone from the head; a name kept in `renamed_from` from an earlier release is
 * history and is silently fine. An event that disappears while another appears with the same
 * owner and the same params (none included) is a suspected rename when the names are close
 * (did-you-mean distance), share their object (`checkout_started` / `checkout_begun`), or share
 * their action and a word of their object (`landing_viewed` / `landing_page_viewed`).
 */
export function createContext(base: Taxonomy, head: Taxonomy): DiffContext {
  const ctx: DiffContext = {
    base,
    head,
    eventRenames: new Map(),
    suspectedRenames: new Map(),
    paramRenames: new Map(),
    renameFindings: [],
  };
  const declare = (
    kind: 'event' | 'param',
    defs: Iterable<Pick<EventDef, 'name' | 'renamedFrom' | 'at'>>,
    baseHas: (n: string) => boolean,
    headHas: (n: string) => boolean,
    into: Map<string, string>,
  ) => {
    for (const def of defs) {
      for (const old of def.renamedFrom ?? []) {
        if (headHas(old)) {
          ctx.renameFindings.push({
            rule: 'rename-declaration-ignored',
            subject: def.name,
            title:
              `The ${kind} ${code(def.name)} declares \`renamed_from: ${old}\`, but ${code(old)} is still ` +
              'defined, so this is not treated as a rename.',
            at: { side: 'head', ...def.at },
            events: [],
            funnels: [],
          });
        } else if (baseHas(old) && !baseHas(def.name) && !into.has(old)) {
          into.set(old, def.name);
        }
      }
    }
  };
  declare('param', head.params.values(), (n) => base.params.has(n), (n) => head.params.has(n), ctx.paramRenames);
  declare('event', head.events.values(), (n) => base.events.has(n), (n) => head.events.has(n), ctx.eventRenames);

  const targets = new Set(ctx.eventRenames.values());
  const removed = [...base.events.values()].filter((e) => !head.events.has(e.name) && !ctx.eventRenames.has(e.name));
  const added = [...head.events.values()].filter((e) => !base.events.has(e.name) && !targets.has(e.name));
  // Group the added events by owner and param set once: a large rename stays linear, not quadratic.
  const addedBySignature = new Map<string, EventDef[]>();
  for (const e of added) {
    const key = `${e.owner}:${paramSet(e)}`;
    addedBySignature.set(key, [...(addedBySignature.get(key) ?? []), e]);
  }
  const taken = new Set<string>();
  for (const gone of removed) {
    const params = paramSet(gone, ctx.paramRenames);
    const candidates = (addedBySignature.get(`${gone.owner}:${params}`) ?? []).filter((e) => !taken.has(e.name));
    const close = didYouMean(gone.name, candidates.map((e) => e.name));
    const sameObject = candidates.filter((e) => stem(e.name) !== '' && stem(e.name) === stem(gone.name));
    const sameAction = candidates.filter((e) => sharesObjectWord(e.name, gone.name) && action(e.name) === action(gone.name));
    // Without params the signature says little, but the names still must be related; a unique
    // related candidate is the rename (landing_viewed -> landing_page_viewed).
    const unique = (list: EventDef[]) => (list.length === 1 ? list[0]!.name : undefined);
    const match = close ?? unique(sameObject) ?? unique(sameAction);
    if (match) {
      ctx.suspectedRenames.set(gone.name, match);
      taken.add(match);
    }
  }
  return ctx;
}

/** The head name of a base event: renamed (declared or suspected) or unchanged. */
export function headEventName(ctx: DiffContext, name: string): string {
  return ctx.eventRenames.get(name) ?? ctx.suspectedRenames.get(name) ?? name;
}
