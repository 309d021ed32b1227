import type { EventDef } from '../model.js';
import { code, funnelImpacts, headEventName, position, type DiffContext, type Draft } from './context.js';

const side = (owner: EventDef['owner']): string => (owner === 'client' ? 'the browser' : 'the server');

/** Changes to events: removed, renamed (declared or suspected), added, and changes inside each pair. */
export function diffEvents(ctx: DiffContext): Draft[] {
  const drafts: Draft[] = [];
  const matched = new Set<string>();
  for (const before of ctx.base.events.values()) {
    const name = headEventName(ctx, before.name);
    const after = ctx.head.events.get(name);
    const funnels = funnelImpacts(ctx.base, before.name);
    if (!after) {
      drafts.push({
        rule: 'event-removed',
        subject: before.name,
        title: `${code(before.name)} was removed.`,
        producer: `Code that sends ${code(before.name)} no longer compiles against the generated types; remove those calls.`,
        consumer:
          `${code(before.name)} stops arriving from the deploy on: reports, audiences and conversions ` +
          'built on it go flat.',
        at: position(before, 'base'),
        events: [before.name],
        funnels,
      });
      if (before.deprecated === undefined) drafts.push(notDeprecated('event', before.name, position(before, 'base')));
      continue;
    }
    matched.add(name);
    if (name !== before.name) drafts.push(...renamed(ctx, before, after, funnels));
    drafts.push(...comparePair(ctx, before, after));
  }
  for (const after of ctx.head.events.values()) {
    if (matched.has(after.name)) continue;
    const params = [...after.required, ...after.optional];
    const carrying = params.length > 0 ? ` with ${params.map(code).join(', ')}` : '';
    drafts.push({
      rule: 'event-added',
      subject: after.name,
      title: `New event ${code(after.name)}, sent by ${side(after.owner)}${carrying}.`,
      at: position(after, 'head'),
      events: [after.name],
      funnels: funnelImpacts(ctx.head, after.name),
    });
  }
  return drafts;
}

function renamed(ctx: DiffContext, before: EventDef, after: EventDef, funnels: Draft['funnels']): Draft[] {
  const declared = ctx.eventRenames.get(before.name) === after.name;
  const old = code(before.name);
  const now = code(after.name);
  const change: Draft = {
    rule: declared ? 'event-renamed' : 'event-rename-suspected',
    subject: before.name,
    title: declared
      ? `${old} was renamed to ${now}.`
      : `${old} disappeared and ${now} appeared with the same params: this looks like a rename. ` +
        `If it is, add \`renamed_from: ${before.name}\` to ${now} to confirm it.`,
    producer: `Every call that sends ${old} must send ${now} instead.`,
    consumer:
      `GA4 reports will show two events from the deploy on (${old} before it, ${now} after): ` +
      `reports, audiences, conversions and custom definitions on ${old} must be updated, and history does not carry over.`,
    at: position(after, 'head'),
    events: [before.name, after.name],
    funnels,
  };
  const drafts = [change];
  // A declared rename is the author saying "this is intended"; an undeclared one is still a removal.
  if (!declared && before.deprecated === undefined) {
    drafts.push(notDeprecated('event', before.name, position(before, 'base')));
  }
  return drafts;
}

/** The finding that a definition was removed without being deprecated in the base. */
export function notDeprecated(kind: 'event' | 'param', name: string, at: Draft['at']): Draft {
  return {
    rule: 'removed-without-deprecation',
    subject: name,
    title:
      `The ${kind} ${code(name)} was removed without being deprecated first. Keep it for one release with ` +
      '`deprecated: <why, and what replaces it>` so code and reports can migrate, then remove it.',
    at,
    events: kind === 'event' ? [name] : [],
    funnels: [],
  };
}

/** Changes between the base and head definitions of one event (same name, or renamed). */
function comparePair(ctx: DiffContext, before: EventDef, after: EventDef): Draft[] {
  const drafts: Draft[] = [];
  const name = code(after.name);
  const at = position(after, 'head');
  const events = before.name === after.name ? [after.name] : [before.name, after.name];
  const funnels = funnelImpacts(ctx.head, after.name);
  const add = (draft: Omit<Draft, 'at' | 'events' | 'funnels' | 'subject'>) =>
    drafts.push({ subject: after.name, at, events, funnels, ...draft });

  if (before.owner !== after.owner) {
    add({
      rule: 'event-owner-changed',
      title: `${name} is now sent by ${side(after.owner)} instead of ${side(before.owner)}.`,
      producer:
        `Move the calls from ${side(before.owner)} to ${side(after.owner)}: the generated ClientEventName and ` +
        'ServerEventName types change, and the old calls no longer type-check.',
    });
  }
  const mapped = (list: string[]) => list.map((p) => ctx.paramRenames.get(p) ?? p);
  const required = mapped(before.required);
  const optional = mapped(before.optional);
  for (const p of after.required) {
    if (optional.includes(p)) {
      add({
        rule: 'param-made-required',
        title: `${code(p)} is now required on ${name} (it was optional).`,
        producer: `Every call that sends ${name} must pass ${code(p)}.`,
      });
    } else if (!required.includes(p)) {
      add({
        rule: 'param-required-added',
        title: `${name} now requires the param ${code(p)}.`,
        producer: `Every call that sends ${name} must pass ${code(p)}.`,
      });
    }
  }
  for (const p of after.optional) {
    if (required.includes(p)) {
      add({
        rule: 'param-made-optional',
        title: `${code(p)} is now optional on ${name} (it was required); reports may see it missing.`,
      });
    } else if (!optional.includes(p)) {
      add({ rule: 'param-optional-added', title: `${name} may now carry ${code(p)} (optional).` });
    }
  }
  const now = new Set([...after.required, ...after.optional]);
  for (const p of [...required, ...optional].filter((p) => !now.has(p))) {
    add({
      rule: 'event-param-removed',
      title: `${name} no longer carries ${code(p)}.`,
      producer: `Calls that pass ${code(p)} with ${name} must stop passing it.`,
      consumer: `Reports that break ${name} down by ${code(p)} get no values from the deploy on.`,
    });
  }
  if (after.deprecated !== undefined && before.deprecated === undefined) {
    add({ rule: 'deprecated', title: `${name} is now deprecated: ${after.deprecated}` });
  }
  if (before.description !== after.description) {
    add({ rule: 'description-changed', title: `The description of ${name} changed to: "${after.description}"` });
  }
  if (before.category !== after.category) {
    add({
      rule: 'category-changed',
      title: `${name} moved from the ${code(before.category)} to the ${code(after.category)} category of the tracking plan.`,
    });
  }
  return drafts;
}
