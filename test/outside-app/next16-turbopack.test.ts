// Next.js 16 with Turbopack, its default bundler for `next build`.
import { describeOutsideApp } from './lib/walk.js';

describeOutsideApp({ next: '16.4.6', bundler: 'Turbopack', buildFlags: [] });
