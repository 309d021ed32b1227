import type { Command } from '../command.js';
import { defaultVerifyDeps, runVerify, type VerifyDeps } from '../verify/run-verify.js';

export const verifyHelp = `Usage: taxon verify --property <id> | --collector <url> [--events a,b | --funnel <name>] [--wait 90s]
       taxon verify --validate <payload.json> [--collector <url> | --measurement-id G-... --api-secret ...]

Checks that the expected events really arrived.

  GA4: --property <id> asks the GA4 Data API realtime report (eventName x minutesAgo, eventCount)
       with the service account key in GOOGLE_APPLICATION_CREDENTIALS. The account's client_email
       must be a Viewer on the property (GA4 Admin > Property access management).
  Collector: --collector <url> reads GET <url>/events from a Taxon collector and, since the full
       payloads are there, also checks every received event's params against the taxonomy
       (required present, enum and bucket values valid, patterns, no undeclared params).

Expected events: --events a,b,c, or --funnel <name> (its steps), else every client event.

Options:
  --property <id>          GA4 property id (the number under Admin > Property details)
  --collector <url>        Taxon collector base URL, for example http://localhost:8787
  --events <a,b,c>         the events to expect
  --funnel <name>          expect the steps of this funnel
  --wait <duration>        poll until all have arrived or this time is up (90s, 5m); live checklist
  --interval <duration>    time between polls (default 15s for GA4, at least 10s; 2s for a collector)
  --window <duration>      how far back to look (default 30m; GA4 realtime keeps 30 min, 60 for 360)
  --client-id <id>         collector: only events of this client_id
  --session-id <id>        collector: only events of this session_id
  --validate <file>        send this Measurement Protocol payload to /debug/mp/collect (GA4's, or the
                           collector's with --collector) and print the validation messages
  --measurement-id <id>    for --validate against GA4 (or env GA4_MEASUREMENT_ID)
  --api-secret <secret>    for --validate against GA4 (or env GA4_API_SECRET); never printed
  --format text|json       output for people (default) or JSON
  --config <file>          config file (default: taxon.config.mjs in this or a parent folder)

Exit codes: 0 everything expected arrived (with valid params) or no validation messages,
1 missing events, param problems or validation messages, 2 usage, credential, network or API error.`;

/** Builds the command; tests pass a fake clock and sleep so that --wait runs instantly. */
export function createVerifyCommand(deps: Partial<VerifyDeps> = {}): Command {
  return {
    name: 'verify',
    summary: 'verify          check that expected events arrived in GA4 (realtime) or a collector',
    help: verifyHelp,
    options: {
      property: { type: 'string' },
      collector: { type: 'string' },
      events: { type: 'string' },
      funnel: { type: 'string' },
      wait: { type: 'string' },
      interval: { type: 'string' },
      window: { type: 'string' },
      'client-id': { type: 'string' },
      'session-id': { type: 'string' },
      validate: { type: 'string' },
      'measurement-id': { type: 'string' },
      'api-secret': { type: 'string' },
      format: { type: 'string' },
    },
    run: (io, { values }, config) => {
      const s = (key: string) => values[key] as string | undefined;
      return runVerify(
        io,
        config!,
        {
          property: s('property'),
          collector: s('collector'),
          events: s('events'),
          funnel: s('funnel'),
          wait: s('wait'),
          interval: s('interval'),
          window: s('window'),
          clientId: s('client-id'),
          sessionId: s('session-id'),
          validate: s('validate'),
          measurementId: s('measurement-id'),
          apiSecret: s('api-secret'),
          format: s('format') ?? 'text',
        },
        { ...defaultVerifyDeps(), ...deps },
      );
    },
  };
}

export const verifyCommand: Command = createVerifyCommand();
