'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AnalyticsProvider } from '@taxon/react';
import { RouteTracker } from '@taxon/react/next';
import { getTracker, readConsent, writeConsent } from '@/lib/analytics';
import type { PublicConfig } from '@/lib/runtime-config';

/** The visitor's consent choice: `null` until the banner is answered. */
export type ConsentChoice = 'granted' | 'denied' | null;

interface ConsentApi {
  /** The choice, or null; `undefined` before the browser has read localStorage. */
  choice: ConsentChoice | undefined;
  accept(): void;
  reject(): void;
}

const ConfigContext = createContext<PublicConfig | undefined>(undefined);
const ConsentContext = createContext<ConsentApi | undefined>(undefined);

/** The runtime config the root layout read at request time. */
export function useConfig(): PublicConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig(): render inside <Providers>.');
  return config;
}

/** The consent state and the banner's actions. */
export function useConsent(): ConsentApi {
  const consent = useContext(ConsentContext);
  if (!consent) throw new Error('useConsent(): render inside <Providers>.');
  return consent;
}

/** Client providers of the root layout: the tracker, route page views and consent. */
export function Providers({ config, children }: { config: PublicConfig; children: ReactNode }) {
  const [tracker] = useState(() => getTracker(config));
  const [choice, setChoice] = useState<ConsentChoice | undefined>(undefined);

  useEffect(() => setChoice(readConsent()), []);

  const accept = useCallback(() => {
    writeConsent('granted');
    // Consent Mode update only: setConsent sends no page view.
    tracker.setConsent({ analytics_storage: 'granted' });
    setChoice('granted');
  }, [tracker]);

  const reject = useCallback(() => {
    writeConsent('denied');
    tracker.setConsent({ analytics_storage: 'denied' });
    setChoice('denied');
  }, [tracker]);

  const consent = useMemo(() => ({ choice, accept, reject }), [choice, accept, reject]);

  return (
    <ConfigContext.Provider value={config}>
      <ConsentContext.Provider value={consent}>
        <AnalyticsProvider tracker={tracker}>
          <RouteTracker />
          {children}
        </AnalyticsProvider>
      </ConsentContext.Provider>
    </ConfigContext.Provider>
  );
}
