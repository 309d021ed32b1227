import type { ConsentCommand, ConsentType } from './types.js';

/** A Consent Mode v2 value. */
export type ConsentValue = 'granted' | 'denied';

/**
 * The Consent Mode v2 state.
 * @see https://developers.google.com/tag-platform/security/guides/consent
 */
export type ConsentState = Record<ConsentType, ConsentValue>;

/** A regional default: applies to visitors in the listed ISO 3166-1/2 regions. */
export interface RegionalConsentDefault extends Partial<ConsentState> {
  /** Region codes, e.g. `['AT', 'BE', 'US-CA']`. */
  region: readonly string[];
}

/** Consent options of `createTracker`. */
export interface ConsentOptions {
  /**
   * The default state, pushed as `gtag('consent', 'default', ...)` before anything else.
   * @default all four types denied
   */
  default?: Partial<ConsentState>;
  /** Regional defaults, pushed after the global one (GA picks the most specific region). */
  regions?: readonly RegionalConsentDefault[];
  /**
   * Milliseconds tags wait for a consent update before sending (`wait_for_update`).
   * @default undefined (not sent)
   */
  waitForUpdate?: number;
}

/** The consent types, in the order gtag documents them. */
export const CONSENT_TYPES: readonly ConsentType[] = [
  'ad_storage',
  'analytics_storage',
  'ad_user_data',
  'ad_personalization',
];

/** Every type denied: the default when the app configures nothing (privacy first). */
export function deniedConsent(): ConsentState {
  return { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
}

function pickConsent(source: Partial<ConsentState>): Partial<ConsentState> {
  const out: Partial<ConsentState> = {};
  for (const type of CONSENT_TYPES) {
    const value = source[type];
    if (value === 'granted' || value === 'denied') out[type] = value;
  }
  return out;
}

/** The `consent default` commands for the options: global first, then each region. */
export function consentDefaultCommands(options: ConsentOptions | undefined): ConsentCommand[] {
  const wait = options?.waitForUpdate === undefined ? {} : { wait_for_update: options.waitForUpdate };
  const commands: ConsentCommand[] = [
    { command: 'default', state: { ...deniedConsent(), ...pickConsent(options?.default ?? {}), ...wait } },
  ];
  for (const regional of options?.regions ?? []) {
    commands.push({
      command: 'default',
      state: { ...pickConsent(regional), region: [...regional.region], ...wait },
    });
  }
  return commands;
}

/** Applies an update to a state, ignoring unknown keys and values. */
export function mergeConsent(state: ConsentState, update: Partial<ConsentState>): ConsentState {
  return { ...state, ...pickConsent(update) };
}

/** The fields of an update that are valid consent fields. */
export function consentUpdateFields(update: Partial<ConsentState>): Partial<ConsentState> {
  return pickConsent(update);
}
