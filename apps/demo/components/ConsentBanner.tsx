'use client';
import { useConsent } from '@/app/providers';

/** Consent Mode v2 banner: analytics storage stays denied until "Accept" is clicked. */
export function ConsentBanner() {
  const { choice, accept, reject } = useConsent();
  if (choice !== null) return null;
  return (
    <aside className="consent" role="dialog" aria-label="Cookie consent">
      <p>
        Quill measures how the product is used to make it better. Analytics stay off until you
        accept; we never send what you type.
      </p>
      <div className="consent-actions">
        <button type="button" className="button secondary" data-testid="consent-reject" onClick={reject}>
          Reject
        </button>
        <button type="button" className="button" data-testid="consent-accept" onClick={accept}>
          Accept analytics
        </button>
      </div>
    </aside>
  );
}
