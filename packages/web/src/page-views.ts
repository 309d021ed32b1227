import { scrubPii } from '@taxon/core';
import { env } from './env.js';
import { removeParams } from './lib/url.js';

/** Page view options of `createTracker`. */
export interface PageViewOptions {
  /**
   * Track route changes by listening to `history.pushState`/`replaceState`/`popstate`, and
   * send the first page view on `start()`. Set to false when a router binding calls
   * `pageView()` itself; duplicate calls for the same route are deduped either way.
   * @default true
   */
  auto?: boolean;
  /**
   * Query params that do not make a new route: a `replaceState` changing only these sends no
   * page view. Added to the defaults (UTM and click-id params).
   * @default DEFAULT_IGNORED_PARAMS
   */
  ignoredParams?: readonly string[];
  /** Your own domains: a referrer from them sets `ignore_referrer: true` on the first page view. */
  ownDomains?: readonly string[];
  /** Checkout/payment domains (e.g. `checkout.stripe.com`): referrers from them are ignored too. */
  checkoutDomains?: readonly string[];
  /**
   * Milliseconds an automatic page view waits for `document.title` to change after a route
   * change, so it reports the new route's title and not the old one.
   * @default 300
   */
  titleTimeoutMs?: number;
  /**
   * Count fragment changes (`#/route`) as routes, for hash routers.
   * @default false
   */
  hashRoutes?: boolean;
}

/** Params that never make a new route (campaign tags and click ids). */
export const DEFAULT_IGNORED_PARAMS: readonly string[] = [
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id', 'gclid', 'dclid',
  'gbraid', 'wbraid', 'fbclid', 'msclkid',
];

/** What a page view sends. */
export interface PageViewInput {
  /** Full URL; read from `location.href` at call time when omitted. */
  location?: string;
  /** Title; read from `document.title` at call time when omitted. */
  title?: string;
}

interface PageViewDeps {
  options: PageViewOptions;
  scrubUrl: (url: string) => string;
  send: (params: Record<string, unknown>) => void;
}

const matchesDomain = (host: string, domains: readonly string[]) =>
  domains.some((d) => host === d || host.endsWith(`.${d}`));

/** Page view state and the history listener of one tracker. */
export function createPageViews({ options, scrubUrl, send }: PageViewDeps) {
  const ignored = new Set([...DEFAULT_IGNORED_PARAMS, ...(options.ignoredParams ?? [])].map((p) => p.toLowerCase()));
  const ignoredDomains = [...(options.ownDomains ?? []), ...(options.checkoutDomains ?? [])];
  let lastKey: string | undefined;
  let lastLocation: string | undefined;
  let cancelPending: (() => void) | undefined;
  let firePending: (() => void) | undefined;
  let pendingKey: string | undefined;
  let uninstall: (() => void) | undefined;

  const keyOf = (scrubbed: string) => {
    const noHash = options.hashRoutes ? scrubbed : scrubbed.replace(/#.*$/, '');
    return removeParams(noHash, ignored);
  };

  function pageView(input: PageViewInput = {}): boolean {
    const win = env.window();
    const location = input.location ?? win?.location.href;
    if (!location) return false;
    const pageLocation = scrubUrl(location);
    const key = keyOf(pageLocation);
    if (key === lastKey) return false;
    const params: Record<string, unknown> = { page_location: pageLocation };
    const title = input.title ?? env.document()?.title;
    if (title) params.page_title = scrubPii(title);
    if (lastLocation === undefined) {
      const referrer = env.document()?.referrer;
      if (referrer) {
        params.page_referrer = scrubUrl(referrer);
        const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(referrer)?.[1]?.toLowerCase();
        if (host && matchesDomain(host, ignoredDomains)) params.ignore_referrer = true;
      }
    } else {
      params.page_referrer = lastLocation;
    }
    lastKey = key;
    lastLocation = pageLocation;
    send(params);
    return true;
  }

  function onRouteChange(): void {
    const win = env.window();
    const doc = env.document();
    if (!win || !doc) return;
    const href = win.location.href;
    const key = keyOf(scrubUrl(href));
    // Floods of replaceState that only touch ignored params stop here, before any timer; so
    // does a second change to the route already waiting for its title.
    if (key === lastKey || key === pendingKey) return;
    firePending?.();
    pendingKey = key;
    const titleBefore = doc.title;
    let observer: MutationObserver | undefined;
    const fire = () => {
      cancelPending?.();
      pageView({ location: href });
    };
    firePending = fire;
    const cancelTimer = env.setTimer(fire, options.titleTimeoutMs ?? 300);
    cancelPending = () => {
      cancelTimer();
      observer?.disconnect();
      cancelPending = undefined;
      firePending = undefined;
      pendingKey = undefined;
    };
    if (typeof win.MutationObserver === 'function') {
      observer = new win.MutationObserver(() => {
        if (doc.title !== titleBefore) fire();
      });
      observer.observe(doc.head ?? doc.documentElement, { subtree: true, childList: true, characterData: true });
    }
  }

  function install(): void {
    const win = env.window();
    if (!win || uninstall) return;
    const history = win.history;
    const originalPush = history.pushState;
    const originalReplace = history.replaceState;
    const push: History['pushState'] = function (this: History, ...args) {
      originalPush.apply(this, args);
      onRouteChange();
    };
    const replace: History['replaceState'] = function (this: History, ...args) {
      originalReplace.apply(this, args);
      onRouteChange();
    };
    history.pushState = push;
    history.replaceState = replace;
    win.addEventListener('popstate', onRouteChange);
    uninstall = () => {
      if (history.pushState === push) history.pushState = originalPush;
      if (history.replaceState === replace) history.replaceState = originalReplace;
      win.removeEventListener('popstate', onRouteChange);
      cancelPending?.();
      uninstall = undefined;
    };
  }

  return {
    pageView,
    install,
    uninstall: () => uninstall?.(),
    /** Sends a pending automatic page view now (before the page is hidden). */
    flushPending: () => firePending?.(),
    /** The scrubbed location of the last page view. */
    lastLocation: () => lastLocation,
  };
}
