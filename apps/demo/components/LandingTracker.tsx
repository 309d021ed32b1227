'use client';
import { useEffect } from 'react';
import { useAnalytics } from '@taxon/react';
import { useConsent } from '@/app/providers';
import { acquisitionChannel } from '@/lib/acquisition-channel';

const SENT_KEY = 'quill.landing_viewed';

/**
 * Sends landing_viewed once per visit (tab session). A visitor who accepts consent on the landing
 * page is counted then: the event waits for consent instead of being dropped, and no page view is
 * added (the page view of a page seen before consent stays unsent, as Consent Mode intends).
 */
export function LandingTracker() {
  const tracker = useAnalytics();
  const { choice } = useConsent();
  useEffect(() => {
    if (choice !== 'granted') return;
    try {
      if (window.sessionStorage.getItem(SENT_KEY)) return;
      window.sessionStorage.setItem(SENT_KEY, '1');
    } catch {
      // No storage: send it for this page.
    }
    tracker.trackEvent('landing_viewed', {
      acquisition_channel: acquisitionChannel(window.location.href, document.referrer),
    });
  }, [choice, tracker]);
  return null;
}
