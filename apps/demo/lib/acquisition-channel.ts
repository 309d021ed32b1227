import type { AcquisitionChannel } from '@/lib/taxonomy';

const SEARCH = /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia)\./;
const SOCIAL = /(^|\.)(facebook|twitter|x|linkedin|reddit|instagram|t|youtube|mastodon)\.(com|co|social)$/;

/** How the visitor arrived, from UTM tags and the referrer (the taxonomy's acquisition_channel). */
export function acquisitionChannel(location: string, referrer: string): AcquisitionChannel {
  const url = new URL(location);
  const medium = url.searchParams.get('utm_medium')?.toLowerCase();
  if (medium === 'cpc' || medium === 'ppc' || medium === 'paid') return 'paid_search';
  if (medium === 'email' || medium === 'newsletter') return 'newsletter';
  if (medium === 'social') return 'social';
  if (!referrer) return 'direct';
  let host: string;
  try {
    host = new URL(referrer).hostname;
  } catch {
    return 'direct';
  }
  if (host === url.hostname) return 'direct';
  if (SEARCH.test(host)) return 'organic_search';
  if (SOCIAL.test(host)) return 'social';
  return 'referral';
}
