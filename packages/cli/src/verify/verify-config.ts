/** The `verify` section of taxon.config.mjs: defaults for `taxon verify` flags. */
export interface VerifyConfig {
  /** GA4 property id used when `--property` is not given. */
  property?: string;
  /** Collector base URL used when `--collector` is not given and no property is set. */
  collector?: string;
  /** How far back to look, e.g. `30m` (GA4 realtime covers at most the last 30 minutes). @default '30m' */
  window?: string;
}
