// Debian Chromium through playwright-core (one browser server for the whole run), one fresh
// context per test, and a recorder of what crossed the wire: every request the pages make (any
// origin) and every dataLayer push.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page, type Request } from 'playwright-core';

/** Flags from the issue 5 contract: headless Debian Chromium that never phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function chromiumPath(): string {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`The browser tests need Chromium at ${executablePath}. Install it with ` +
      '`sudo apt-get install -y chromium` (scripts/setup-system.sh does), or set CHROMIUM_PATH to a Chromium binary.');
  }
  return executablePath;
}

/**
 * Launches the system Chromium (`apt-get install -y chromium`; another binary with
 * `CHROMIUM_PATH`) with {@link CHROMIUM_ARGS}, in this process (test/outside-app does).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/**
 * Launches the same Chromium with the same flags as a browser server on 127.0.0.1: the e2e global
 * setup starts one for the whole run and the test files connect to its `wsEndpoint()`.
 */
export async function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, host: '127.0.0.1' });
}

/** Connects to the browser server of the global setup; `close()` of the result only disconnects. */
export async function connectBrowser(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}

/** One request a page made, as the browser sent it. */
export interface WireRequest {
  url: string;
  method: string;
  /** The request body as text (fetch, XHR and sendBeacon bodies); undefined for none. */
  body: string | undefined;
  resourceType: string;
}

/** One `window.dataLayer` push, serialised: gtag commands (`arguments`) become arrays. */
export interface DataLayerPush {
  /** `location.href` of the document that pushed. */
  page: string;
  /** True for a gtag command (an `arguments` object), false for a plain GTM object. */
  gtag: boolean;
  value: unknown;
}

/** A fresh browser context with its recorder; close it at the end of the test. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every request any page of the context made, in order. */
  requests: WireRequest[];
  /** Every dataLayer push of every document loaded in the context, in order. */
  dataLayerPushes: DataLayerPush[];
  /** How many times gtag.js was requested (answered by the test with a stub). */
  gtagJsRequests: () => number;
  /** Requests to hosts other than the local stack and the answered Google/Sentry hosts (aborted). */
  blockedRequests: string[];
  /** The live `window.dataLayer` of the current page, serialised like {@link dataLayerPushes}. */
  dataLayer: () => Promise<DataLayerPush[]>;
  close: () => Promise<void>;
}

const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+\.localhost)$/i;

/** Answers gtag.js: defines nothing, so the dataLayer the page built stays exactly as pushed. */
const GTAG_STUB = '/* gtag.js stub served by the Taxon e2e tests */ window.__taxonGtagStubLoaded = (window.__taxonGtagStubLoaded || 0) + 1;';

// Runs before any page script: wraps `push` of whatever array becomes `window.dataLayer`, so every
// push of every document is reported, even from a page that unloads right after (checkout).
function dataLayerHook(): void {
  const w = window as unknown as Record<string, unknown> & { __taxonE2ePush?: (json: string) => void };
  const serialise = (entry: unknown): string => {
    const isArgs = Object.prototype.toString.call(entry) === '[object Arguments]';
    try {
      return JSON.stringify({ page: location.href, gtag: isArgs, value: isArgs ? Array.from(entry as ArrayLike<unknown>) : entry });
    } catch {
      return JSON.stringify({ page: location.href, gtag: isArgs, value: String(entry) });
    }
  };
  const wrap = (array: unknown): unknown => {
    if (!Array.isArray(array) || (array as { __taxonE2e?: boolean }).__taxonE2e) return array;
    for (const entry of array) w.__taxonE2ePush?.(serialise(entry));
    const original = array.push;
    Object.defineProperty(array, 'push', {
      configurable: true,
      writable: true,
      value(this: unknown[], ...items: unknown[]) {
        for (const item of items) w.__taxonE2ePush?.(serialise(item));
        return original.apply(this, items);
      },
    });
    Object.defineProperty(array, '__taxonE2e', { value: true });
    return array;
  };
  let current: unknown;
  Object.defineProperty(window, 'dataLayer', {
    configurable: true,
    get: () => current,
    set: (value: unknown) => {
      current = wrap(value);
    },
  });
}

function serialisedDataLayer(): string {
  const layer = (window as unknown as { dataLayer?: unknown[] }).dataLayer ?? [];
  return JSON.stringify(layer.map((entry) => {
    const isArgs = Object.prototype.toString.call(entry) === '[object Arguments]';
    return { page: location.href, gtag: isArgs, value: isArgs ? Array.from(entry as ArrayLike<unknown>) : entry };
  }));
}

function bodyOf(request: Request): string | undefined {
  try {
    const buffer = request.postDataBuffer();
    return buffer ? buffer.toString('utf8') : undefined;
  } catch {
    return request.postData() ?? undefined;
  }
}

/**
 * Opens a fresh context (no cookies, no storage) and its first page, and records the wire.
 * Google's tag and collection hosts and Sentry's ingest hosts are answered locally; any other
 * non-local request is aborted and listed in `blockedRequests`: nothing reaches the internet.
 */
export async function openSession(browser: Browser, options: { viewport?: { width: number; height: number } } = {}):
Promise<BrowserSession> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const requests: WireRequest[] = [];
  const dataLayerPushes: DataLayerPush[] = [];
  const blockedRequests: string[] = [];
  let gtagJs = 0;

  context.on('request', (request) => {
    requests.push({ url: request.url(), method: request.method(), body: bodyOf(request), resourceType: request.resourceType() });
  });
  await context.exposeBinding('__taxonE2ePush', (_source, json: string) => {
    dataLayerPushes.push(JSON.parse(json) as DataLayerPush);
  });
  await context.addInitScript(dataLayerHook);

  // Later routes take precedence: the catch-all first, the answered hosts after it.
  await context.route((url) => url.protocol.startsWith('http') && !LOCAL_HOSTS.test(url.hostname), (route) => {
    blockedRequests.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await context.route(/^https:\/\/[^/]*(sentry\.io|ingest\.sentry\.io)\//, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }));
  await context.route(/^https:\/\/([a-z0-9-]+\.)*google-analytics\.com\//, (route) => route.fulfill({ status: 204, body: '' }));
  await context.route('https://www.googletagmanager.com/**', (route) => {
    if (new URL(route.request().url()).pathname === '/gtag/js') gtagJs++;
    return route.fulfill({ status: 200, contentType: 'application/javascript', body: GTAG_STUB });
  });

  const page = await context.newPage();
  return {
    context,
    page,
    requests,
    dataLayerPushes,
    blockedRequests,
    gtagJsRequests: () => gtagJs,
    dataLayer: async () => JSON.parse(await page.evaluate(serialisedDataLayer)) as DataLayerPush[],
    close: () => context.close(),
  };
}

/**
 * Makes the page report itself hidden and fires `visibilitychange`, which is when web-vitals
 * reports CLS/LCP/INP and the collector destination flushes with sendBeacon.
 */
export async function hidePage(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/** Undoes {@link hidePage}: the page is visible again. */
export async function showPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    Reflect.deleteProperty(document, 'visibilityState');
    Reflect.deleteProperty(document, 'hidden');
    document.dispatchEvent(new Event('visibilitychange'));
  });
}
