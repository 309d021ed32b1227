import { scrubPii } from '@taxon/core';
import { env } from './env.js';
import { removeParams } from './lib/url.js';

/** Page view options of `createTracker`. */
export interface PageViewOptions {
  /**
   * Track route changes by listening to `history.pushState`/`replaceState`/`popstate`, and
   * send the first page view on `start()`. A router adapter calling `tracker.routeChanged()`
   * (`RouteTracker` of `@taxon/react/next`) takes over from its first call, so it needs no
   * change here; set it to false when your own code calls `pageView()` for every route.
   * Duplicate calls for the same route are deduped either way.
   * @default true
   */
  auto?: boolean;
  /**
   * Query params that do not make a new route: no navigation changing only these sends a page
   * view. Added to the defaults (UTM and click-id params). (A `replaceState` that keeps the path
   * and changes only the query, such as a filter or a tab, is the same page whatever the params.)
   * @default DEFAULT_IGNORED_PARAMS
   */
  ignoredParams?: readonly string[];
  /** Your own domains: a referrer from them sets `ignore_referrer: true` on the first page view. */
  ownDomains?: readonly string[];
  /** Checkout/payment domains (e.g. `checkout.stripe.com`): referrers from them are ignored too. */
  checkoutDomains?: readonly string[];
  /**
   * Milliseconds a route change waits for the new route's `document.title` (see
   * `tracker.routeChanged`) before sending its page view with the title as it is then.
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

/** What `tracker.routeChanged()` is told about the new route. */
export interface RouteChangeInput {
  /** Full URL of the new route; read from `location.href` at call time when omitted. */
  location?: string;
  /**
   * Milliseconds to wait for the new route's title before sending with the title as it is.
   * @default pageViews.titleTimeoutMs (300)
   */
  titleTimeoutMs?: number;
}

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
  /** A route's wait ended (its page view sent, or deduped): events held for it may go. */
  settled: () => void;
}

/** The page an event belongs to: the last page view's scrubbed location and title. */
export interface PageFields {
  page_location?: string;
  page_title?: string;
}

const matchesDomain = (host: string, domains: readonly string[]) =>
  domains.some((d) => host === d || host.endsWith(`.${d}`));

const noop = () => {};

/** Page view state, the title wait and the history listener of one tracker. */
export function createPageViews({ options, scrubUrl, send, settled }: PageViewDeps) {
  const ignored = new Set([...DEFAULT_IGNORED_PARAMS, ...(options.ignoredParams ?? [])].map((p) => p.toLowerCase()));
  const ignoredDomains = [...(options.ownDomains ?? []), ...(options.checkoutDomains ?? [])];
  let lastKey: string | undefined;
  let lastLocation: string | undefined;
  /** The scrubbed title of the last page view, when it had one. */
  let lastPageTitle: string | undefined;
  /** The last non-empty title sent: a new route's title is the first one that differs from it. */
  let lastTitle: string | undefined;
  /** Ends the wait of the route waiting for its title, sending its page view. */
  let flushPending: (() => void) | undefined;
  let pendingKey: string | undefined;
  let uninstall: (() => void) | undefined;
  /** A router adapter calls `routeChanged` itself: the history listener only watches. */
  let routerOwned = false;
  /**
   * The route a `replaceState` moved to while keeping the path (`/app` to `/app?filter=x`): the
   * same page in new state, so no page view. Cleared by `pushState` and `popstate`. Routers
   * replace the entry they just pushed with the same URL, which sets nothing.
   */
  let replacedKey: string | undefined;

  const keyOf = (scrubbed: string) =>
    removeParams(options.hashRoutes ? scrubbed : scrubbed.replace(/#.*$/, ''), ignored);
  const routeOf = (location: string) => keyOf(scrubUrl(location));

  function pageView(input: PageViewInput = {}): boolean {
    const win = env.window();
    const location = input.location ?? win?.location.href;
    if (!location) return false;
    const pageLocation = scrubUrl(location);
    const key = keyOf(pageLocation);
    if (key === lastKey) return false;
    const params: Record<string, unknown> = { page_location: pageLocation };
    const title = input.title ?? env.document()?.title;
    lastPageTitle = undefined;
    if (title) {
      params.page_title = lastPageTitle = scrubPii(title);
      lastTitle = title;
    }
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

  /**
   * Sends the new route's page view once its title is there. Routers commit a route before its
   * title (Next.js streams metadata 6-24 ms later and removes the old `<title>` meanwhile; pages
   * set `document.title` once their data arrives), so the title read at the route change is
   * often the previous page's, or empty. Sends at the first of: the title is non-empty and
   * differs from the last page view's (that title); the timeout (the title as it is, since two
   * routes can share one); the address bar moving to another route, the next route change, the
   * page being hidden or the returned flush (no title: a title that never changed is more likely
   * the previous page's, and GA shows a missing one as "(not set)").
   */
  function routeChanged(input: RouteChangeInput = {}): () => void {
    const win = env.window();
    const doc = env.document();
    if (!win || !doc) return noop;
    const location = input.location ?? win.location.href;
    const key = routeOf(location);
    if (key === replacedKey && pendingKey === undefined) return noop;
    // A second call for the route already waiting (StrictMode, a router replacing the URL it just
    // pushed, ignored params) keeps its wait; floods of ignored-param changes stop here.
    if (key === pendingKey) return flushPending ?? noop;
    flushPending?.();
    if (key === lastKey) return noop;

    const at = routeOf(win.location.href);
    const previous = lastTitle;
    let observer: MutationObserver | undefined;
    let cancelTimer = noop;
    const finish = (title: string) => {
      if (flushPending !== flush) return;
      flushPending = pendingKey = undefined;
      cancelTimer();
      observer?.disconnect();
      // An empty title is sent as such (no page_title), not read again from the document.
      pageView({ location, title });
      settled();
    };
    // The address bar moving *to* this route is no move: a router may report the route before it
    // updates the URL (Next.js after a server action's redirect).
    const moved = () => {
      const now = routeOf(win.location.href);
      return now !== at && now !== key;
    };
    const check = () => {
      if (moved()) finish('');
      else if (doc.title && doc.title !== previous) finish(doc.title);
    };
    const flush = () => {
      check();
      finish('');
    };
    flushPending = flush;
    pendingKey = key;
    check();
    if (flushPending !== flush) return noop;
    const timeoutMs = input.titleTimeoutMs ?? options.titleTimeoutMs ?? 300;
    cancelTimer = env.setTimer(() => finish(moved() ? '' : doc.title), timeoutMs);
    if (typeof win.MutationObserver === 'function') {
      observer = new win.MutationObserver(check);
      const watched = doc.head ?? doc.documentElement;
      observer.observe(watched, { subtree: true, childList: true, characterData: true });
    }
    return flush;
  }

  // Not `routeChanged` itself: history methods and popstate would pass their arguments as input.
  const onRouteChange = () => {
    routeChanged();
  };

  const routing = () => options.auto !== false && !routerOwned;
  const pathOf = (href: string) => {
    const url = new URL(href);
    return options.hashRoutes ? url.pathname + url.hash : url.pathname;
  };

  /**
   * Patches `history.pushState`/`replaceState` and listens to `popstate`: with automatic page
   * views (and no router adapter) each change is a route change; in every mode a query-only
   * `replaceState` is remembered, so a router adapter reporting it sends no page view either.
   */
  function install(): void {
    const win = env.window();
    if (!win || uninstall) return;
    const history = win.history;
    const originalPush = history.pushState;
    const originalReplace = history.replaceState;
    const push: History['pushState'] = function (this: History, ...args) {
      originalPush.apply(this, args);
      replacedKey = undefined;
      if (routing()) onRouteChange();
    };
    const replace: History['replaceState'] = function (this: History, ...args) {
      const before = win.location.href;
      originalReplace.apply(this, args);
      const after = win.location.href;
      // Routers replace their entry with the same URL (state only): nothing to compare then.
      if (after !== before && pathOf(before) !== pathOf(after)) replacedKey = undefined;
      else if (after !== before) {
        const route = routeOf(after);
        if (routeOf(before) !== route) replacedKey = route;
      }
      if (routing()) onRouteChange();
    };
    const pop = () => {
      replacedKey = undefined;
      if (routing()) onRouteChange();
    };
    history.pushState = push;
    history.replaceState = replace;
    win.addEventListener('popstate', pop);
    uninstall = () => {
      if (history.pushState === push) history.pushState = originalPush;
      if (history.replaceState === replace) history.replaceState = originalReplace;
      win.removeEventListener('popstate', pop);
      uninstall = undefined;
    };
  }

  return {
    pageView,
    /** `tracker.routeChanged`: a router adapter takes over from the history listener. */
    routeChanged(input?: RouteChangeInput): () => void {
      routerOwned = true;
      return routeChanged(input);
    },
    install,
    /** Sends the first page view of automatic tracking, unless a router adapter does it. */
    initial: () => !routing() || pageView(),
    uninstall: () => uninstall?.(),
    /** Sends a page view still waiting for its title now (page hidden, shutdown). */
    flushPending: () => flushPending?.(),
    /** The scrubbed location of the last page view. */
    lastLocation: () => lastLocation,
    /** A route change waits for its title: its page view is not sent yet. */
    waiting: () => pendingKey !== undefined,
    /**
     * The page events belong to: the last page view's location and title, or before any page
     * view the document's, scrubbed the same way.
     */
    current(): PageFields {
      if (lastLocation !== undefined) {
        return lastPageTitle === undefined ? { page_location: lastLocation } : { page_location: lastLocation, page_title: lastPageTitle };
      }
      const href = env.window()?.location.href;
      if (!href) return {};
      const fields: PageFields = { page_location: scrubUrl(href) };
      const title = env.document()?.title;
      if (title) fields.page_title = scrubPii(title);
      return fields;
    },
  };
}
