import type { FunnelDef } from '../model.js';
import { code, headEventName, listOf, position, type DiffContext, type Draft } from './context.js';

const path = (steps: readonly string[]): string => steps.map(code).join(' → ');

/** Changes to funnels: added, removed, steps and window. Steps are compared after event renames. */
export function diffFunnels(ctx: DiffContext): Draft[] {
  const drafts: Draft[] = [];
  for (const before of ctx.base.funnels.values()) {
    const after = ctx.head.funnels.get(before.name);
    const whole = [{ funnel: before.name, steps: before.steps.length }];
    if (!after) {
      drafts.push({
        rule: 'funnel-removed',
        subject: before.name,
        title: `The funnel ${code(before.name)} (${path(before.steps)}) was removed.`,
        consumer: 'Dashboards and funnel explorations built on it lose their definition.',
        at: position(before, 'base'),
        events: [],
        funnels: whole,
      });
      continue;
    }
    drafts.push(...comparePair(ctx, before, after));
  }
  for (const after of ctx.head.funnels.values()) {
    if (ctx.base.funnels.has(after.name)) continue;
    drafts.push({
      rule: 'funnel-added',
      subject: after.name,
      title: `New funnel ${code(after.name)}: ${path(after.steps)} within ${after.window}.`,
      at: position(after, 'head'),
      events: [],
      funnels: [{ funnel: after.name, steps: after.steps.length }],
    });
  }
  return drafts;
}

function comparePair(ctx: DiffContext, before: FunnelDef, after: FunnelDef): Draft[] {
  const drafts: Draft[] = [];
  const name = code(after.name);
  const at = position(after, 'head');
  const funnels = [{ funnel: after.name, steps: after.steps.length }];
  // A renamed event keeps its place: that is the rename's finding, not a change of the funnel.
  const old = before.steps.map((s) => headEventName(ctx, s));
  if (old.join() !== after.steps.join()) {
    const added = after.steps.filter((s) => !old.includes(s));
    const removed = old.filter((s) => !after.steps.includes(s));
    const kept = after.steps.filter((s) => old.includes(s));
    const reordered = kept.join() !== old.filter((s) => after.steps.includes(s)).join();
    const parts = [
      ...added.map((s) => `${code(s)} was added as step ${after.steps.indexOf(s) + 1}`),
      ...(removed.length > 0 ? [`${listOf(removed.map(code))} ${removed.length === 1 ? 'was' : 'were'} removed`] : []),
      ...(reordered ? ['the remaining steps were reordered'] : []),
    ];
    drafts.push({
      rule: 'funnel-steps-changed',
      subject: after.name,
      title:
        `The steps of the ${name} funnel changed: ${parts.join('; ')}. ` +
        `Now: ${path(after.steps)} (was ${path(before.steps)}).`,
      consumer:
        'Conversion rates before and after the deploy are not comparable; funnel explorations and ' +
        'dashboards built on the old steps must be updated.',
      at,
      events: [...new Set([...added, ...removed])],
      funnels,
    });
  }
  if (before.windowMs !== after.windowMs) {
    drafts.push({
      rule: 'funnel-window-changed',
      subject: after.name,
      title: `The ${name} funnel's window changed from ${before.window} to ${after.window}.`,
      consumer: 'Conversion rates before and after the deploy are not comparable.',
      at,
      events: [],
      funnels,
    });
  }
  if (before.description !== after.description) {
    drafts.push({
      rule: 'description-changed',
      subject: after.name,
      title: `The description of the ${name} funnel changed to: "${after.description}"`,
      at,
      events: [],
      funnels,
    });
  }
  return drafts;
}
