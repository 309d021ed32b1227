import { createContext, type Context } from 'react';
import type { Tracker } from '@taxon/web';

/** Any Taxon tracker, whatever its event map. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTracker = Tracker<any>;

/**
 * Register your app's tracker type once, and `useAnalytics()` / `useTrackEvent()` are typed by
 * your taxonomy's `EventMap` everywhere without a type argument:
 *
 * ```ts
 * // lib/analytics.ts
 * export const tracker = createTracker<EventMap, ClientEventName>({ ... });
 * declare module '@taxon/react' {
 *   interface Register { tracker: typeof tracker }
 * }
 * ```
 *
 * Unregistered, the hooks accept any event name; the type argument is still available:
 * `useTrackEvent<typeof tracker>()`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The tracker type registered through {@link Register}, or `Tracker<any>` when none is. */
export type RegisteredTracker = Register extends { tracker: infer T extends AnyTracker } ? T : AnyTracker;

const KEY = Symbol.for('@taxon/react/context');

/**
 * The context holding the app's tracker (`undefined` outside `<AnalyticsProvider>`).
 *
 * It lives on `globalThis` under a registered symbol, created on first use, because the package
 * can be loaded twice: the CommonJS build bundles each entry (`@taxon/react`, `@taxon/react/next`)
 * with its own copy of this module, and an app can end up with an ESM and a CJS copy. Each copy
 * must find the provider's tracker. (react-redux shares its context the same way.)
 */
export function analyticsContext(): Context<AnyTracker | undefined> {
  const global = globalThis as { [KEY]?: Context<AnyTracker | undefined> };
  return (global[KEY] ??= createContext<AnyTracker | undefined>(undefined));
}
