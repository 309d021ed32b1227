// Vitest globalSetup of the `e2e` project: one production build of the demo, then ONE default demo
// stack (collector, `next start`, checkout origin) and ONE Chromium for the whole run, handed to
// the files as `inject('e2eStack')` and `inject('chromiumWsEndpoint')`. Files that need another
// environment (a GA4 id, GTM) start their own stack but still use this Chromium. Each test gets a
// fresh browser context and empty collector/Sentry storage (lib/harness.ts); files run one at a
// time (`fileParallelism: false`), so one file's events never meet another's.
// `buildDemo()` runs `next build` only when the build is missing or older than its sources, so a
// build made by `pnpm demo` (or an earlier run) is reused. TAXON_E2E_SKIP_BUILD=1 uses the
// existing build as it is (while iterating on the tests alone).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from './lib/browser.js';
import { ROOT, stackModule, type SharedStackInfo } from './lib/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The default demo stack of the run (no extra environment), started once. */
    e2eStack: SharedStackInfo;
    /** `wsEndpoint()` of the run's Chromium browser server, for `chromium.connect`. */
    chromiumWsEndpoint: string;
  }
}

const log = (line: string) => console.log(`[e2e] ${line}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { buildDemo, startStack } = await stackModule();
  if (process.env.TAXON_E2E_SKIP_BUILD !== '1') await buildDemo({ log });

  const stops: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`teardown: ${String(error)}`));
  };
  try {
    // Chromium starts while the Next server does.
    const [stack, browser] = await Promise.allSettled([
      startStack({
        demoPort: 0,
        checkoutPort: 0,
        collectorPort: 0,
        testMode: true,
        log: (line) => {
          if (process.env.TAXON_E2E_VERBOSE) log(line);
        },
      }),
      launchBrowserServer(),
    ]);
    if (browser.status === 'fulfilled') stops.push(() => browser.value.close());
    const serverLogFile = join(ROOT, 'test-results/e2e/demo-server.log');
    if (stack.status === 'fulfilled') {
      const running = stack.value;
      stops.push(() => running.close());
      // Written before the stack stops (stops run in reverse), for a failed test of a file that
      // used this stack: the harness names this file.
      stops.push(async () => {
        await mkdir(join(ROOT, 'test-results/e2e'), { recursive: true });
        await writeFile(serverLogFile, running.serverOutput?.() ?? '');
      });
    }
    if (stack.status === 'rejected') throw stack.reason;
    if (browser.status === 'rejected') throw browser.reason;
    const { demoUrl, checkoutUrl, collectorUrl, webhookSecret } = stack.value;
    project.provide('e2eStack', { demoUrl, checkoutUrl, collectorUrl, webhookSecret, serverLogFile });
    project.provide('chromiumWsEndpoint', browser.value.wsEndpoint());
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
