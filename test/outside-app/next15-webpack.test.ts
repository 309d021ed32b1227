// Next.js 15 (webpack, its default bundler): the version the third-party app was on.
import { NEXT_15 } from './lib/outside-app.mjs';
import { describeOutsideApp } from './lib/walk.js';

describeOutsideApp({ next: NEXT_15, bundler: 'webpack', buildFlags: [] });
