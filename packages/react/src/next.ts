'use client';
// The directive marks this entry as a client boundary, so a Server Component (a root layout) can
// render `<RouteTracker />` and the layout itself stays a statically renderable Server Component.
export { RouteTracker, type RouteTrackerProps } from './RouteTracker.js';
