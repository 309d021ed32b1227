// Next.js 16 with Turbopack, its default bundler for `next build`.
import { NEXT_16 } from './lib/outside-app.mjs';
import { describeOutsideApp } from './lib/walk.js';

describeOutsideApp({ next: NEXT_16, bundler: 'Turbopack', buildFlags: [] });
