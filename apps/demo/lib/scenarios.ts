/** How the mocked AI provider answers (msw in the Next server, see lib/mock-provider.ts). */
export const SCENARIOS = ['normal', 'slow', 'timeout', 'rate_limited', 'malformed'] as const;

/** A provider scenario. */
export type Scenario = (typeof SCENARIOS)[number];

/** The header that carries the scenario from the browser to the (mocked) provider request. */
export const SCENARIO_HEADER = 'x-demo-scenario';

/** The scenario named by `value`, or `normal`. */
export function toScenario(value: unknown): Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value) ? (value as Scenario) : 'normal';
}
