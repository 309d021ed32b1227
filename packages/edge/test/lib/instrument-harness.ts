import { afterAll, beforeAll } from 'vitest';
import { openUsageLog, type UsageLog } from '@taxon/store';
import { createAiProviderMock } from './ai-provider-mock.js';
import { createGaMock, type GaFault } from './ga-mock.js';
import { GA_URL } from './measurement-protocol.js';
import { useMockServer } from './mock-server.js';

/** Options of {@link useInstrumentHarness}. */
export interface InstrumentHarnessOptions {
  /** The GA fault in force for a request (see `createGaMock`). */
  gaFault?: () => GaFault | undefined;
  /**
   * What msw does with a request no mock handles; `bypass` for tests that also talk to a local
   * HTTP server.
   * @default 'error'
   */
  onUnhandledRequest?: 'error' | 'bypass';
}

/**
 * What the AI instrumentation tests run against, for one test file: the AI provider and GA mocks
 * behind one msw server (both reset after each test) and an in-memory usage log on PGlite. Call it
 * at the top level of a test file: it registers the `beforeAll`/`afterEach`/`afterAll` hooks.
 */
export function useInstrumentHarness(options: InstrumentHarnessOptions = {}) {
  const ai = createAiProviderMock();
  const ga = createGaMock({ baseUrl: GA_URL, ...(options.gaFault ? { fault: options.gaFault } : {}) });
  const server = useMockServer([ai, ga], options.onUnhandledRequest);
  let log: UsageLog | undefined;

  // PGlite starts in seconds on a loaded machine.
  beforeAll(async () => {
    log = await openUsageLog({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => {
    await log?.close();
  });

  return {
    ai,
    ga,
    server,
    /** The usage log; open from `beforeAll` on. */
    get log(): UsageLog {
      if (!log) throw new Error('useInstrumentHarness: the usage log opens in beforeAll; use it in a test.');
      return log;
    },
  };
}
