import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker, type RuntimeTaxonomy, type Violation } from '../src/index.js';

// What the generated validators would say about this one-event taxonomy: `feature` must be a literal.
const validateEvent = (name: string, params: unknown) =>
  name === 'feature_used' && ['rewrite', 'summarize'].includes((params as { feature?: string }).feature ?? '')
    ? []
    : [`${name}.feature: Invalid option`];

const events = { feature_used: { owner: 'client', required: ['feature'], optional: [] } } as const;

/** A loader the test resolves or rejects when it wants: the `import()` of the generated taxonomy. */
function deferredLoader() {
  let resolve!: (module: { validateEvent: typeof validateEvent }) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<{ validateEvent: typeof validateEvent }>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { load: vi.fn(() => promise), resolve, reject, promise };
}

function trackerWith(taxonomy: RuntimeTaxonomy) {
  const violations: Violation[] = [];
  const tracker = createTracker<{ feature_used: { feature: string } }>({
    taxonomy,
    destinations: [],
    onViolation: (v) => violations.push(v),
  });
  return { tracker, violations };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('development validators from the taxonomy (taxonomy.loadValidators)', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterEach(() => warn.mockClear());

  it('loads them once, when the tracker is created', () => {
    const loader = deferredLoader();
    trackerWith({ events, loadValidators: loader.load });
    expect(loader.load).toHaveBeenCalledTimes(1);
  });

  it('checks events tracked before they arrived once they are in, and reports each problem', async () => {
    const loader = deferredLoader();
    const { tracker, violations } = trackerWith({ events, loadValidators: loader.load });
    // Before the load: no caller to throw to later, so nothing is refused now.
    tracker.trackEvent('feature_used', { feature: 'poem' });
    tracker.trackEvent('feature_used', { feature: 'rewrite' });
    expect(violations).toEqual([]);
    loader.resolve({ validateEvent });
    await loader.promise;
    await settle();
    expect(violations.map((v) => [v.code, v.event, v.message])).toEqual([
      ['invalid_event', 'feature_used', expect.stringMatching(/checked after it was sent[\s\S]*feature_used\.feature: Invalid option/)],
    ]);
    expect(tracker.dropCounts().invalid_event).toBe(0);
  });

  it('once loaded, refuses an invalid event and throws it back into the caller', async () => {
    const loader = deferredLoader();
    const { tracker, violations } = trackerWith({ events, loadValidators: loader.load });
    loader.resolve({ validateEvent });
    await loader.promise;
    await settle();
    expect(() => tracker.trackEvent('feature_used', { feature: 'poem' })).toThrow(/feature_used\.feature: Invalid option/);
    expect(tracker.dropCounts().invalid_event).toBe(1);
    tracker.trackEvent('feature_used', { feature: 'summarize' });
    expect(violations).toHaveLength(1);
  });

  it('a loader that fails costs one warning and no event', async () => {
    const loader = deferredLoader();
    const { tracker, violations } = trackerWith({ events, loadValidators: loader.load });
    tracker.trackEvent('feature_used', { feature: 'poem' });
    loader.reject(new Error('chunk failed'));
    await loader.promise.catch(() => undefined);
    await settle();
    tracker.trackEvent('feature_used', { feature: 'poem' });
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/development validators did not load \(Error: chunk failed\)/),
    ]);
    expect(violations).toEqual([]);
    expect(tracker.dropCounts().invalid_event).toBe(0);
  });

  it('an explicit `validate` replaces them, and the loader is not called', () => {
    const loader = deferredLoader();
    const tracker = createTracker<{ feature_used: { feature: string } }>({
      taxonomy: { events, loadValidators: loader.load },
      destinations: [],
      validate: () => ['feature_used.feature: refused by the app'],
    });
    expect(loader.load).not.toHaveBeenCalled();
    expect(() => tracker.trackEvent('feature_used', { feature: 'rewrite' })).toThrow(/refused by the app/);
  });
});
