// Overhead of instrumentGeneration per AI call: an instrumented call (usage read, error
// classification, exact cost, usage record, background sink insert) beside the same call made
// bare, in the same run. The call resolves at once, so the figure is Taxon's own cost; a real
// provider call takes hundreds of milliseconds.
import { createInstrumentation } from '../packages/edge/dist/index.js';
import { measure, ratio, table, us } from './lib.mjs';

const prices = {
  currency: 'USD',
  perTokens: 1000,
  models: {
    'gpt-4.1': {
      provider: 'openai',
      history: [{ effective: '2025-04-14', input: '0.002', cachedInput: '0.0005', output: '0.008' }],
    },
  },
};
const result = { usage: { prompt_tokens: 1200, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 200 } } };
const call = async () => result;
const sink = { insert: async () => true };
const instrumentation = createInstrumentation({ prices, sink, onError: () => {} });

const N = 20_000;
let round = 0;
const bare = await measure(async () => {
  for (let i = 0; i < N; i++) await call();
});
const instrumented = await measure(async () => {
  round++;
  for (let i = 0; i < N; i++) {
    await instrumentation.instrumentGeneration(
      { feature: 'rewrite', model: 'gpt-4.1', userId: 'user-1', requestId: `req-${round}-${i}` },
      call,
    );
  }
  await instrumentation.flush();
});

table(`instrumentGeneration overhead (${N.toLocaleString('en-US')} calls a run, median of 7)`, [
  ['call', 'per call', 'vs bare call'],
  ['bare async call (baseline)', `${((bare / N) * 1000).toFixed(3)} µs`, '1.0x'],
  ['instrumentGeneration + flush', us(instrumented / N), ratio(instrumented, bare)],
  ['overhead', us((instrumented - bare) / N), ''],
]);
