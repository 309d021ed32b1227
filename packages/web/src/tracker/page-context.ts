import { env } from '../env.js';
import type { PageFields } from '../page-views.js';
import type { TaxonEvent } from '../types.js';

interface PageContextDeps {
  /** The page events belong to now. */
  current(): PageFields;
  /** A route change waits for its page view. */
  waiting(): boolean;
  /** The next stage. */
  forward(event: TaxonEvent): void;
}

/**
 * Gives every tracked event the page it belongs to (`page_location`, `page_title`), the same on
 * every destination, so GA4 (gtag), GTM and the collector agree. An event tracked while a route
 * change waits for its page view (the new route's effects run before its title streams in) is
 * held, then sent right after that page view with its location and title: it belongs to the new
 * route. An event tracked before the change has the old route's. Page views and web vitals
 * carry their own page data and pass through.
 */
export function createPageContext({ current, waiting, forward }: PageContextDeps) {
  let held: TaxonEvent[] = [];

  const stamp = (event: TaxonEvent, fields: PageFields) => {
    // An event that sets these itself keeps its values (already scrubbed by the wire builder).
    const params = event.params;
    if (params.page_location === undefined && fields.page_location !== undefined) params.page_location = fields.page_location;
    if (params.page_title === undefined && fields.page_title !== undefined) params.page_title = fields.page_title;
  };

  return {
    /** Stamps the event and forwards it, or holds it until the awaited page view. */
    route(event: TaxonEvent): void {
      if (event.kind !== 'event') return forward(event);
      if (waiting()) {
        held.push(event);
        return;
      }
      stamp(event, current());
      forward(event);
    },
    /** The awaited page view went out (or was not needed): held events follow it. */
    settled(): void {
      if (held.length === 0 || waiting()) return;
      const fields = current();
      const now = env.now();
      const out = held;
      held = [];
      for (const event of out) {
        stamp(event, fields);
        // Timed no earlier than its page view: GA4 and the collector's funnels order by time.
        if (event.time < now) event.time = now;
        forward(event);
      }
    },
    /** Events waiting for the route's page view. */
    held: () => held.length,
  };
}
