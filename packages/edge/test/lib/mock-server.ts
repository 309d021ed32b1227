import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A network mock of `./lib`: its msw handlers, and a reset of what it recorded and was told. */
export interface NetworkMock {
  handlers: readonly RequestHandler[];
  reset(): void;
}

/**
 * One msw server over `mocks` for the enclosing test file or `describe`: listening before its
 * tests, every mock reset after each test, closed after all. Registers the vitest hooks.
 * @param onUnhandledRequest `bypass` for tests that also talk to a local HTTP server.
 */
export function useMockServer(
  mocks: readonly NetworkMock[],
  onUnhandledRequest: 'error' | 'bypass' = 'error',
): SetupServer {
  const server = setupServer(...mocks.flatMap((mock) => mock.handlers));
  beforeAll(() => server.listen({ onUnhandledRequest }));
  afterEach(() => {
    for (const mock of mocks) mock.reset();
  });
  afterAll(() => server.close());
  return server;
}
