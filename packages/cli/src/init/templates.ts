import type { AppKind } from './detect-app.js';

/**
 * The consent decision written into the tracker module.
 * - `granted`: analytics storage granted by default (ads denied), for apps whose legal basis
 *   allows analytics without opt-in; events flow from the first page view.
 * - `denied`: every type denied until the app's banner calls `tracker.setConsent(...)`; the
 *   collector destination sends nothing and gtag only cookieless pings until then.
 */
export type ConsentChoice = 'granted' | 'denied';

/** `taxon.config.mjs` for the chosen folders. */
export function configFile(outDir: string, devOrigins: readonly string[]): string {
  return `// Taxon's settings, read by every \`taxon\` command (written by \`taxon init\`).
/** @type {import('@taxon/cli').TaxonConfig} */
export default {
  taxonomy: 'taxonomy',
  outDir: '${outDir}',
  docs: 'docs/tracking-plan.md',
  // The pages \`taxon collector\` accepts events from (CORS): your dev server. Add the origin of
  // any other page that posts to it (\`--allow-origin\` adds one for a single run).
  collector: { allowedOrigins: [${devOrigins.map((o) => `'${o}'`).join(', ')}] },
};
`;
}

/** The origins of the app's dev server: Vite's 5173, Next.js' 3000. */
export function devServerOrigins(kind: AppKind): string[] {
  const port = kind === 'vite-react' ? 5173 : 3000;
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** How the module reads a public build-time variable in each framework. */
function publicEnv(kind: AppKind, name: string): string {
  return kind === 'vite-react' ? `import.meta.env.VITE_${name}` : `process.env.NEXT_PUBLIC_${name}`;
}

function consentBlock(choice: ConsentChoice, consentTool: string | undefined): string {
  if (choice === 'denied') {
    const tool = consentTool ? `your consent tool (${consentTool})` : 'your consent banner';
    return `  // CONSENT: every Consent Mode v2 type is denied until ${tool} says otherwise. Until then
  // the collector destination sends nothing and gtag only cookieless pings. Call, from its
  // "accepted" callback:  tracker.setConsent({ analytics_storage: 'granted' });
  consent: {
    default: { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
  },`;
  }
  return `  // CONSENT: analytics storage is granted by default, ads denied. This is a legal decision:
  // keep it only if your legal basis allows analytics without opt-in (check for EU/UK visitors).
  // Otherwise set analytics_storage to 'denied' and call tracker.setConsent({ analytics_storage:
  // 'granted' }) from your banner: while it is denied the collector destination sends nothing.
  consent: {
    default: { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
  },`;
}

/**
 * The tracker module: one tracker at module scope (creating it touches no DOM, so server code
 * may import it), the local collector in development, GA4 when a measurement id is set, and
 * the consent decision spelled out.
 */
export function trackerModule(options: { kind: AppKind; generatedImport: string; consent: ConsentChoice; consentTool: string | undefined }): string {
  const collectorUrl = publicEnv(options.kind, 'TAXON_COLLECTOR_URL');
  const measurementId = publicEnv(options.kind, 'GA_MEASUREMENT_ID');
  const isProduction = options.kind === 'vite-react' ? 'import.meta.env.PROD' : "process.env.NODE_ENV === 'production'";
  return `// The app's analytics tracker, written by \`taxon init\`: yours to edit.
// Events, params and funnels come from taxonomy/*.yaml; \`npx taxon gen\` writes the types below.
import { collector, createTracker, ga4, type Destination } from '@taxon/web';
import { taxonomy, type ClientEventName, type EventMap } from '${options.generatedImport}';

// The local collector (\`npx taxon collector\`) gets every event in development, and in any build
// where ${collectorUrl.replace(/^.*\./, '')} is set at build time.
const collectorUrl = ${collectorUrl} ?? (${isProduction} ? undefined : 'http://127.0.0.1:8787');
const measurementId = ${measurementId};

const destinations: Destination[] = [];
if (collectorUrl) destinations.push(collector({ endpoint: collectorUrl, ...(measurementId ? { measurementId } : {}) }));
if (measurementId) destinations.push(ga4({ measurementId }));

export const tracker = createTracker<EventMap, ClientEventName>({
  taxonomy,
  destinations,
  // Optional parts ship only when listed (import them from '@taxon/web'): lifecycles() adds
  // tracker.start<Stem>() for each X_started/X_completed/X_failed group of the taxonomy;
  // crossDomain({ domains: ['shop.example.com'] }) links sessions across your domains.
  // features: [lifecycles(), crossDomain({ domains: ['shop.example.com'] })],
${consentBlock(options.consent, options.consentTool)}
});

// Types useTrackEvent() and useAnalytics() by the taxonomy everywhere.
declare module '@taxon/react' {
  interface Register {
    tracker: typeof tracker;
  }
}
`;
}

/** The providers component the root file wraps its content in. */
export function providersModule(options: { kind: AppKind; trackerImport: string }): string {
  if (options.kind === 'next-app') {
    return `'use client';
// Written by \`taxon init\`. Starts the tracker in the browser and sends one page view per route.
import type { ReactNode } from 'react';
import { AnalyticsProvider } from '@taxon/react';
import { RouteTracker } from '@taxon/react/next';
import { tracker } from '${options.trackerImport}';

export function TaxonProviders({ children }: { children: ReactNode }) {
  return (
    <AnalyticsProvider tracker={tracker}>
      <RouteTracker />
      {children}
    </AnalyticsProvider>
  );
}
`;
  }
  const how = options.kind === 'next-pages'
    ? 'the tracker follows the Pages Router through the History API'
    : 'the tracker follows your router through the History API';
  return `// Written by \`taxon init\`. Starts the tracker in the browser; ${how}
// (one page view per route, after the new title is set).
import type { ReactNode } from 'react';
import { AnalyticsProvider } from '@taxon/react';
import { tracker } from '${options.trackerImport}';

export function TaxonProviders({ children }: { children: ReactNode }) {
  return <AnalyticsProvider tracker={tracker}>{children}</AnalyticsProvider>;
}
`;
}
