import { applyGa4Limits } from '@taxon/core';
import type { Plugin } from '../types.js';

const PAGE_PARAMS = new Set(['page_location', 'page_referrer', 'page_title']);

/**
 * GA4's limits (see `applyGa4Limits` in @taxon/core): a bad or reserved name, more than 25
 * params or a bad param name drops the event (`limit_exceeded`); an over-long value is
 * truncated. Truncated page params are expected (long URLs) and not reported; others are.
 */
export function ga4Limits(): Plugin {
  return {
    name: 'ga4-limits',
    processEvent(event, context) {
      const allow = event.kind === 'page_view' ? ['page_view'] : [];
      const result = applyGa4Limits(event.name, event.params, { allowReservedNames: allow });
      if (!result.ok) {
        context.violation({ code: 'limit_exceeded', message: result.detail, event: event.name });
        context.drop('limit_exceeded', result.detail);
        return null;
      }
      const reported = result.truncated.filter((key) => !PAGE_PARAMS.has(key));
      if (reported.length > 0) {
        context.violation({
          code: 'limit_truncated',
          message: `"${event.name}": ${reported.join(', ')} truncated to GA4's value length limit`,
          event: event.name,
        });
      }
      event.params = result.params;
      return event;
    },
  };
}
