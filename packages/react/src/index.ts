'use client';
// The directive marks this entry as a client boundary for React Server Components: the provider
// and hooks use context and effects, and a Server Component may import the provider directly.
export { AnalyticsProvider, type AnalyticsProviderProps } from './AnalyticsProvider.js';
export { useAnalytics } from './useAnalytics.js';
export { useTrackEvent } from './useTrackEvent.js';
export type { AnyTracker, Register, RegisteredTracker } from './context.js';
