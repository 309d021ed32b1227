// Next.js 15 (webpack, its default bundler): the version the third-party app was on.
import { describeOutsideApp } from './lib/walk.js';

describeOutsideApp({ next: '15.5.29', bundler: 'webpack', buildFlags: [] });
